/**
 * The knowledge of the demo bakery "Padaria Pão Quente" (`npm start`): its catalog with prices,
 * its frequent questions and its policy text, as an owner would enter them. The catalog is also
 * given as the CSV an owner would export from a spreadsheet, to seed it through the import.
 */
import type { DocumentFields, FaqFields, ItemFields } from "../../src/domain/knowledge.ts";
import type { KnowledgeSeed } from "./seed-knowledge.ts";

function item(name: string, price: number | null, unit: string | null, category: string, description: string | null = null, available = true): ItemFields {
  return { name, price, unit, description, category, available };
}

export const BAKERY_ITEMS: ItemFields[] = [
  // Pães
  item("Pão francês", 18.9, "kg", "Pães", "Casquinha crocante; fornadas às 6h, 10h, 15h e 17h. Cerca de R$ 0,95 a unidade."),
  item("Pão de forma caseiro", 14, "unidade (500 g)", "Pães", "Massa macia feita na casa, fatiado na hora se quiser."),
  item("Pão integral", 16, "unidade (500 g)", "Pães", "Farinha integral, aveia e linhaça."),
  item("Baguete", 9.5, "unidade", "Pães", "Receita francesa, casca fina e miolo aerado."),
  item("Pão italiano", 22, "unidade (1 kg)", "Pães", "Fermentação natural de 24 horas."),
  item("Pão australiano", 15, "unidade", "Pães", "Escuro, levemente adocicado, com cacau e mel."),
  item("Ciabatta", 7, "unidade", "Pães", "Pão italiano de azeite, ótimo para sanduíche."),
  item("Bisnaguinha", 9.9, "pacote com 15", "Pães", "Macia, do jeito que as crianças gostam."),
  item("Pão de leite", 12, "pacote com 10", "Pães"),
  item("Pão de milho", 13, "unidade", "Pães", "Com fubá e erva-doce."),
  item("Pão sírio", 11, "pacote com 6", "Pães"),
  item("Croissant", 8, "unidade", "Pães", "Folhado na manteiga."),
  item("Croissant de chocolate", 9.5, "unidade", "Pães", "Folhado na manteiga recheado com chocolate meio amargo."),
  // Salgados
  item("Coxinha de frango", 8.5, "unidade", "Salgados", "Massa de batata e recheio de frango desfiado."),
  item("Coxinha de frango com catupiry", 9.5, "unidade", "Salgados"),
  item("Pão de queijo", 4.5, "unidade", "Salgados", "Feito com polvilho e queijo minas, sem glúten (cozinha compartilhada)."),
  item("Pão de queijo congelado", 39.9, "kg", "Salgados", "Para assar em casa: 20 minutos a 180 °C."),
  item("Esfiha de carne", 7, "unidade", "Salgados", "Aberta, com carne temperada e limão."),
  item("Esfiha de queijo", 7, "unidade", "Salgados"),
  item("Empada de palmito", 8, "unidade", "Salgados", "Massa podre amanteigada."),
  item("Empada de camarão", 10, "unidade", "Salgados", null, false),
  item("Quibe", 7.5, "unidade", "Salgados", "Frito, com carne e hortelã."),
  item("Pastel de forno de frango", 8, "unidade", "Salgados"),
  item("Enroladinho de salsicha", 6.5, "unidade", "Salgados"),
  item("Risole de presunto e queijo", 7.5, "unidade", "Salgados"),
  item("Mini salgados para festa", 95, "cento", "Salgados", "Coxinha, quibe, risole e bolinha de queijo; encomenda com 24 horas de antecedência."),
  // Lanches
  item("Misto quente", 12, "unidade", "Lanches", "Presunto e queijo no pão de forma na chapa."),
  item("Bauru", 18, "unidade", "Lanches", "Pão francês, rosbife, queijo derretido, tomate e picles."),
  item("Sanduíche natural de frango", 16, "unidade", "Lanches", "Pão integral, frango, cenoura e maionese caseira."),
  item("Pão na chapa", 6, "unidade", "Lanches", "Pão francês com manteiga na chapa."),
  item("Tapioca de queijo", 12, "unidade", "Lanches", "Naturalmente sem glúten."),
  // Doces
  item("Sonho de creme", 7.5, "unidade", "Doces", "Recheado com creme de baunilha."),
  item("Sonho de doce de leite", 8, "unidade", "Doces"),
  item("Brigadeiro", 3.5, "unidade", "Doces", "Chocolate belga; cento para festa R$ 320,00 sob encomenda."),
  item("Beijinho", 3.5, "unidade", "Doces"),
  item("Quindim", 7, "unidade", "Doces"),
  item("Pudim de leite", 9, "fatia", "Doces", "Pudim inteiro (1,2 kg) por R$ 60,00 sob encomenda."),
  item("Torta de limão", 12.9, "fatia", "Doces", "Massa amanteigada, creme de limão e merengue."),
  item("Bomba de chocolate", 6.5, "unidade", "Doces", "Massa choux recheada com creme e cobertura de chocolate."),
  item("Mil-folhas", 11, "unidade", "Doces"),
  item("Cocada cremosa", 5, "unidade", "Doces"),
  item("Bombom de morango", 9, "unidade", "Doces", "Só na época do morango.", false),
  // Bolos
  item("Bolo de cenoura com chocolate", 9, "fatia", "Bolos", "Inteiro (1,5 kg) por R$ 65,00."),
  item("Bolo de chocolate", 9, "fatia", "Bolos", "Massa de cacau com cobertura de brigadeiro. Inteiro (1,5 kg) por R$ 65,00."),
  item("Bolo de laranja", 9, "fatia", "Bolos", "Com calda de laranja."),
  item("Bolo de fubá", 9, "fatia", "Bolos", "Sem glúten (feito em cozinha compartilhada); com goiabada aos sábados."),
  item("Bolo de banana com canela", 9.5, "fatia", "Bolos"),
  item("Bolo de milho", 9, "fatia", "Bolos", "Cremoso, de milho verde."),
  item("Bolo caseiro inteiro", 65, "unidade (1,5 kg)", "Bolos", "Sabores do dia: cenoura, chocolate, laranja, fubá, banana ou milho."),
  item("Bolo de aniversário 1 kg", 89, "unidade", "Bolos", "Encomenda com 48 horas; serve cerca de 10 pessoas."),
  item("Bolo de aniversário 2 kg", 165, "unidade", "Bolos", "Encomenda com 48 horas; serve cerca de 20 pessoas."),
  item("Bolo de aniversário 3 kg", 240, "unidade", "Bolos", "Encomenda com 48 horas; serve cerca de 30 pessoas."),
  // Bebidas
  item("Café coado", 5, "xícara", "Bebidas"),
  item("Café expresso", 6, "xícara", "Bebidas"),
  item("Cappuccino", 9, "xícara", "Bebidas", "Com canela e chocolate."),
  item("Café com leite", 7, "copo", "Bebidas"),
  item("Chocolate quente", 10, "copo", "Bebidas", "Cremoso, feito com chocolate 50% cacau."),
  item("Suco de laranja natural", 11, "copo (500 ml)", "Bebidas", "Espremido na hora."),
  item("Suco de maracujá", 11, "copo (500 ml)", "Bebidas"),
  item("Vitamina de banana", 10, "copo (400 ml)", "Bebidas", "Banana, leite e aveia."),
  item("Refrigerante lata", 6.5, "lata (350 ml)", "Bebidas", "Coca-Cola, Guaraná Antarctica ou Sprite."),
  item("Água mineral", 4, "garrafa (500 ml)", "Bebidas", "Com ou sem gás."),
  item("Chá mate gelado", 6, "copo", "Bebidas"),
  // Sem glúten
  item("Pão sem glúten", 24, "unidade (400 g)", "Sem glúten", "Farinha de arroz e psyllium; feito às terças e sextas."),
  item("Brownie sem glúten", 10, "unidade", "Sem glúten", "De cacau e farinha de amêndoas."),
  item("Cookie sem glúten", 7.5, "unidade", "Sem glúten", "Gotas de chocolate."),
  item("Biscoito de polvilho", 8, "pacote (100 g)", "Sem glúten"),
  // Mercearia
  item("Manteiga", 14.9, "tablete (200 g)", "Mercearia"),
  item("Queijo minas frescal", 54.9, "kg", "Mercearia"),
  item("Presunto fatiado", 49.9, "kg", "Mercearia"),
  item("Requeijão cremoso", 11.9, "pote (200 g)", "Mercearia"),
  item("Leite integral", 6.49, "litro", "Mercearia"),
  item("Geleia caseira de morango", 22, "pote (300 g)", "Mercearia", "Sem conservantes."),
];

export const BAKERY_FAQS: FaqFields[] = [
  {
    question: "Qual o horário de funcionamento?",
    answer: "Segunda a sexta, das 6h às 20h; sábado, das 6h às 18h; domingo e feriados, das 7h às 12h.",
    keywords: ["horário", "abre", "fecha", "aberto", "domingo", "feriado"],
  },
  {
    question: "Onde fica a padaria?",
    answer: "Rua das Laranjeiras, 142 — Vila Mariana, São Paulo/SP, CEP 04112-000, a duas quadras do metrô Ana Rosa.",
    keywords: ["endereço", "localização", "metrô", "como chegar"],
  },
  {
    question: "Vocês fazem entrega?",
    answer: "Sim: até 3 km da loja, das 7h às 19h, taxa de R$ 6,00 e pedido mínimo de R$ 30,00. Pedidos pelo WhatsApp.",
    keywords: ["entrega", "delivery", "taxa", "frete", "levam", "motoboy"],
  },
  {
    question: "Quais as formas de pagamento?",
    answer: "Pix (chave CNPJ 12.345.678/0001-90), cartões de débito e crédito, vale-refeição e dinheiro.",
    keywords: ["pix", "cartão", "crédito", "débito", "dinheiro", "chave"],
  },
  {
    question: "Aceitam vale-refeição?",
    answer: "Sim: Alelo, Sodexo (Pluxee), Ticket e VR, na loja e na entrega.",
    keywords: ["vr", "va", "ticket", "alelo", "sodexo", "pluxee", "vale"],
  },
  {
    question: "Como encomendar um bolo?",
    answer: "Com 48 horas de antecedência, pelo WhatsApp: diga o sabor, o tamanho (1, 2 ou 3 kg), a data e o horário de retirada. A encomenda é confirmada com sinal de 50% no Pix.",
    keywords: ["encomenda", "encomendar", "aniversário", "festa", "sinal"],
  },
  {
    question: "Quais os sabores de bolo de encomenda?",
    answer: "Chocolate com brigadeiro, ninho com morango, cenoura com chocolate e floresta negra.",
    keywords: ["sabores", "recheio", "ninho", "morango", "floresta negra"],
  },
  {
    question: "Vocês têm produtos sem glúten?",
    answer: "Sim: pão de queijo, bolo de fubá, pão sem glúten (terças e sextas), brownie, cookie, biscoito de polvilho e tapioca. São feitos em cozinha compartilhada, então não servem para celíacos com restrição severa.",
    keywords: ["glúten", "celíaco", "celíaca", "sem trigo"],
  },
  {
    question: "Vocês têm opções sem lactose ou veganas?",
    answer: "Temos pão francês, baguete, pão italiano e pão sírio sem leite na receita. Não temos doces veganos no momento.",
    keywords: ["lactose", "vegano", "vegana", "sem leite", "intolerante"],
  },
  {
    question: "A que horas sai o pão francês?",
    answer: "As fornadas de pão francês saem às 6h, 10h, 15h e 17h.",
    keywords: ["fornada", "quentinho", "pão quente", "sai"],
  },
  {
    question: "Tem estacionamento?",
    answer: "Não temos estacionamento próprio; há vagas na rua e um estacionamento conveniado na Rua Domingos de Morais, 300, com 1 hora grátis em compras acima de R$ 40,00.",
    keywords: ["estacionar", "carro", "vaga", "parar"],
  },
  {
    question: "Dá para comer no local?",
    answer: "Sim, temos 8 mesas e Wi-Fi grátis (rede PaoQuente, senha na nota fiscal).",
    keywords: ["mesa", "wifi", "wi-fi", "sentar", "café da manhã"],
  },
];

export const BAKERY_POLICY: DocumentFields = {
  title: "Políticas da Padaria Pão Quente",
  text: `Encomendas
Bolos de aniversário são encomendados com 48 horas de antecedência e salgados para festa com 24 horas. A encomenda só é confirmada depois do sinal de 50% no Pix; o restante é pago na retirada. Encomendas para domingo e feriados precisam ser feitas até sexta-feira às 18h.

Cancelamento e alteração de encomendas
Até 24 horas antes da retirada, a encomenda pode ser cancelada com devolução integral do sinal, ou alterada sem custo. Com menos de 24 horas, o sinal não é devolvido, porque o bolo já está em produção. Encomendas não retiradas até o fechamento do dia ficam disponíveis por mais um dia na geladeira da loja.

Entrega
Entregamos em até 3 km da loja, das 7h às 19h, com taxa de R$ 6,00 e pedido mínimo de R$ 30,00. O prazo é de 40 a 60 minutos depois da confirmação do pagamento. Bolos de encomenda podem ser entregues com taxa de R$ 12,00, em caixa térmica. Fora da área de entrega, o cliente pode pedir por aplicativo de transporte por conta própria.

Trocas e devoluções
Produto com defeito ou diferente do pedido é trocado ou reembolsado na hora, na loja, ou em até 24 horas, com foto pelo WhatsApp. Produtos perecíveis não são trocados por arrependimento depois de retirados. Reclamações sobre entregas devem ser feitas em até 2 horas após o recebimento.

Pagamento
Aceitamos Pix, cartões de débito e crédito (Visa, Mastercard, Elo), vale-refeição e dinheiro. Na entrega, o pagamento é por Pix antecipado ou cartão na maquininha do entregador; troco só até R$ 100,00. Não parcelamos compras abaixo de R$ 200,00; encomendas acima disso podem ser pagas em até 3 vezes sem juros no crédito.

Alergias
Todos os produtos são feitos na mesma cozinha e podem conter traços de glúten, leite, ovos, castanhas e soja. Em caso de alergia, pergunte os ingredientes antes de comprar.`,
};

/** The catalog as a Brazilian spreadsheet exports it: ";" separated, comma decimals, sim/não. */
export function bakeryCatalogCsv(): string {
  const cell = (value: string) => (/[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const price = (value: number | null) => (value === null ? "" : value.toFixed(2).replace(".", ","));
  const lines = BAKERY_ITEMS.map((i) =>
    [cell(i.name), price(i.price), cell(i.unit ?? ""), cell(i.description ?? ""), cell(i.category ?? ""), i.available ? "sim" : "não"].join(";"),
  );
  return ["nome;preco;unidade;descricao;categoria;disponivel", ...lines].join("\n") + "\n";
}

/** Everything the demo bakery knows, as `seedKnowledge` takes it. */
export function bakeryKnowledge(): KnowledgeSeed {
  return { csv: bakeryCatalogCsv(), faqs: BAKERY_FAQS, documents: [BAKERY_POLICY] };
}
