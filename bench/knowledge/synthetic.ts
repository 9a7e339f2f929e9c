/**
 * A bakery-and-grocery catalog at the tenant limits (5,000 items, 1,000 FAQs), made of real
 * Portuguese product words so the keyword index sees realistic term frequencies, and the
 * questions customers would ask of it. Deterministic for a seed.
 */
import { seeded } from "../../tools/timing.ts";

const PRODUCTS = ["Pão", "Bolo", "Torta", "Biscoito", "Cookie", "Brownie", "Sonho", "Rosca", "Broa", "Croissant", "Coxinha", "Esfiha", "Empada", "Pastel", "Quiche", "Sanduíche", "Salada", "Suco", "Vitamina", "Café", "Chá", "Iogurte", "Geleia", "Queijo", "Presunto", "Mortadela", "Salame", "Requeijão", "Manteiga", "Doce", "Pudim", "Mousse", "Brigadeiro", "Beijinho", "Pavê", "Granola", "Muffin", "Waffle", "Panqueca", "Tapioca"];
const FLAVOURS = ["de chocolate", "de cenoura", "de milho", "de fubá", "de laranja", "de limão", "de morango", "de coco", "de banana", "de maçã", "de uva", "de maracujá", "de abacaxi", "de nozes", "de amêndoas", "de castanha", "de queijo", "de frango", "de carne", "de calabresa", "de palmito", "de espinafre", "de ricota", "de doce de leite", "de goiabada", "integral", "sem glúten", "sem lactose", "caseiro", "recheado", "de mel", "de canela", "de baunilha", "de leite ninho", "de pistache", "de avelã", "de café", "de gengibre", "de erva-doce", "de parmesão"];
const SIZES = ["pequeno", "médio", "grande", "família", "mini"];
const UNITS = ["unidade", "kg", "fatia", "pacote", "caixa com 6", "copo", "litro"];
const CATEGORIES = ["Pães", "Bolos", "Tortas", "Salgados", "Doces", "Bebidas", "Frios", "Laticínios", "Mercearia", "Congelados"];
const TOPICS = ["entrega", "encomenda", "pagamento", "horário", "estacionamento", "troca", "alergia", "festa", "cartão", "pix", "nota fiscal", "retirada", "desconto", "fidelidade", "delivery", "aplicativo", "cardápio", "reserva", "evento", "brinde"];
const PLACES = ["no centro", "na Vila Mariana", "em Santos", "no fim de semana", "no feriado", "à noite", "de manhã", "para empresas", "para escolas", "em Moema", "no domingo", "para casamento", "em Pinheiros", "na Mooca", "para aniversário", "no Natal", "na Páscoa", "em Guarulhos", "no Tatuapé", "em Osasco"];
const QUESTIONS = ["quanto custa", "tem", "vocês vendem", "qual o preço do", "ainda tem", "me vê o valor do", "tem hoje", "sai quanto o"];

/** The 5,000 distinct item names of a seed, in a seeded order. */
function itemNames(seed: number): string[] {
  const rand = seeded(seed);
  const names: string[] = [];
  for (const p of PRODUCTS) for (const f of FLAVOURS) for (const s of SIZES) names.push(`${p} ${f} ${s}`);
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [names[i], names[j]] = [names[j]!, names[i]!];
  }
  return names.slice(0, 5000);
}

export function catalogCsv(seed: number): string {
  const rand = seeded(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const lines = itemNames(seed).map((name) => {
    const price = (1 + rand() * 120).toFixed(2).replace(".", ",");
    const description = `Feito na casa com ingredientes selecionados, ${pick(FLAVOURS).replace(/^de /, "")} e ${pick(FLAVOURS).replace(/^de /, "")}.`;
    return [name, price, pick(UNITS), description, pick(CATEGORIES), rand() < 0.9 ? "sim" : "não"].join(";");
  });
  return ["nome;preco;unidade;descricao;categoria;disponivel", ...lines].join("\n");
}

export function faqEntries(seed: number): { question: string; answer: string; keywords: string[] }[] {
  const rand = seeded(seed + 1);
  const faqs: { question: string; answer: string; keywords: string[] }[] = [];
  for (let i = 0; i < 1000; i++) {
    const topic = TOPICS[i % TOPICS.length]!;
    const place = PLACES[Math.floor(i / TOPICS.length) % PLACES.length]!;
    const n = Math.floor(i / (TOPICS.length * PLACES.length));
    faqs.push({
      question: `Como funciona ${topic} ${place}${n ? ` (caso ${n + 1})` : ""}?`,
      answer: `Para ${topic} ${place}, fale com a loja: atendemos das ${6 + Math.floor(rand() * 4)}h às ${18 + Math.floor(rand() * 4)}h, com condições especiais.`,
      keywords: [topic, place.split(" ").at(-1)!],
    });
  }
  return faqs;
}

/** What customers ask of that catalog: item questions (with typos and plurals) and FAQ topics. */
export function searchQueries(seed: number, n: number): string[] {
  const rand = seeded(seed + 2);
  const names = itemNames(seed);
  const queries: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 4 === 3) {
      queries.push(`vocês fazem ${TOPICS[Math.floor(rand() * TOPICS.length)]} ${PLACES[Math.floor(rand() * PLACES.length)]}?`);
      continue;
    }
    const name = names[Math.floor(rand() * names.length)]!.toLowerCase();
    const asked = i % 3 === 0 ? name.normalize("NFD").replace(/\p{M}/gu, "") : i % 3 === 1 ? `${name}s` : name;
    queries.push(`${QUESTIONS[Math.floor(rand() * QUESTIONS.length)]} ${asked}?`);
  }
  return queries;
}
