/**
 * Retrieval quality over the demo bakery's knowledge: questions as customers type them
 * (abbreviations, missing accents, plurals, typos, follow-ups that only make sense with the
 * previous message), each with the entry that answers it, and a scorer for the share of
 * questions whose answering entry reached the knowledge block.
 *
 * The scorer reads the block as text (the knowledge block of a system instruction, or the joined
 * lines of the search route), so it works from the benchmark, through the worker, as well as
 * from a unit test.
 */
import { BAKERY_FAQS, BAKERY_ITEMS, BAKERY_POLICY } from "../../tools/demo/bakery-knowledge.ts";

/** The entry that answers: an item by name, a FAQ by question, a document chunk by a phrase of it. */
export type Expected = { item: string } | { faq: string } | { document: string };

export interface QualityCase {
  question: string;
  /** The customer's previous message, for follow-ups. */
  previous?: string;
  expect: Expected;
}

/** A budget well under the demo's whole knowledge, so that retrieval has to choose. */
export const QUALITY_BUDGET_CHARS = 1500;

export const QUALITY_SET: QualityCase[] = [
  // Items, the way they are asked
  { question: "quanto ta o pao frances?", expect: { item: "Pão francês" } },
  { question: "vcs tem coxinhas?", expect: { item: "Coxinha de frango" } },
  { question: "preço do pao de queijo", expect: { item: "Pão de queijo" } },
  { question: "tem pão de queijo congelado pra levar?", expect: { item: "Pão de queijo congelado" } },
  { question: "quanto é a baguete", expect: { item: "Baguete" } },
  { question: "croissants de chocolate tem?", expect: { item: "Croissant de chocolate" } },
  { question: "qual o valor do sonho de creme", expect: { item: "Sonho de creme" } },
  { question: "esfiha de carne sai quanto", expect: { item: "Esfiha de carne" } },
  { question: "qnto custa o bauru", expect: { item: "Bauru" } },
  { question: "misto quente quanto", expect: { item: "Misto quente" } },
  { question: "tem tapioca?", expect: { item: "Tapioca de queijo" } },
  { question: "brigadeiros sao quanto cada", expect: { item: "Brigadeiro" } },
  { question: "valor da fatia de torta de limao", expect: { item: "Torta de limão" } },
  { question: "tem pudim?", expect: { item: "Pudim de leite" } },
  { question: "bolo de cenoura tem hoje?", expect: { item: "Bolo de cenoura com chocolate" } },
  { question: "cappucino quanto", expect: { item: "Cappuccino" } },
  { question: "tem cafe expresso?", expect: { item: "Café expresso" } },
  { question: "chocolate quente tem?", expect: { item: "Chocolate quente" } },
  { question: "agua com gas vcs tem", expect: { item: "Água mineral" } },
  { question: "refri lata quanto", expect: { item: "Refrigerante lata" } },
  { question: "tem guarana?", expect: { item: "Refrigerante lata" } },
  { question: "vitamina de banana", expect: { item: "Vitamina de banana" } },
  { question: "pao sem gluten tem?", expect: { item: "Pão sem glúten" } },
  { question: "brownie sem gluten quanto", expect: { item: "Brownie sem glúten" } },
  { question: "cookies sem gluten", expect: { item: "Cookie sem glúten" } },
  { question: "biscoito de povilho", expect: { item: "Biscoito de polvilho" } },
  { question: "manteiga vcs vendem?", expect: { item: "Manteiga" } },
  { question: "queijo minas o kg", expect: { item: "Queijo minas frescal" } },
  { question: "geleia de morango", expect: { item: "Geleia caseira de morango" } },
  { question: "empada de camarao tem?", expect: { item: "Empada de camarão" } },
  { question: "bombons de morango", expect: { item: "Bombom de morango" } },
  { question: "mil folhas", expect: { item: "Mil-folhas" } },
  { question: "bomba de chocolate", expect: { item: "Bomba de chocolate" } },
  { question: "salgadinhos pra festa, quanto o cento?", expect: { item: "Mini salgados para festa" } },
  { question: "quanto sai o bolo de aniversario de 2 kg", expect: { item: "Bolo de aniversário 2 kg" } },
  { question: "pães integrais", expect: { item: "Pão integral" } },
  { question: "pao australiano", expect: { item: "Pão australiano" } },
  { question: "ciabata", expect: { item: "Ciabatta" } },
  { question: "bisnaguinhas", expect: { item: "Bisnaguinha" } },
  { question: "quibes", expect: { item: "Quibe" } },
  { question: "enroladinho", expect: { item: "Enroladinho de salsicha" } },
  // Follow-ups: only the previous message says what "o de chocolate" is
  { previous: "bolo de cenoura tem hoje?", question: "e o de chocolate?", expect: { item: "Bolo de chocolate" } },
  { previous: "quanto é o suco de laranja?", question: "e o de maracuja?", expect: { item: "Suco de maracujá" } },
  { previous: "tem esfiha de carne?", question: "e de queijo?", expect: { item: "Esfiha de queijo" } },
  { previous: "quanto custa o croissant?", question: "e o de chocolate", expect: { item: "Croissant de chocolate" } },
  { previous: "tem sonho?", question: "e o de doce de leite?", expect: { item: "Sonho de doce de leite" } },
  // FAQs
  { question: "que horas voces abrem no domingo?", expect: { faq: "Qual o horário de funcionamento?" } },
  { question: "onde fica a padaria", expect: { faq: "Onde fica a padaria?" } },
  { question: "qual o endereco", expect: { faq: "Onde fica a padaria?" } },
  { question: "voces entregam em casa?", expect: { faq: "Vocês fazem entrega?" } },
  { question: "qual a taxa de entrega", expect: { faq: "Vocês fazem entrega?" } },
  { question: "aceita pix?", expect: { faq: "Quais as formas de pagamento?" } },
  { question: "aceitam vr?", expect: { faq: "Aceitam vale-refeição?" } },
  { question: "como faço pra encomendar um bolo de aniversario", expect: { faq: "Como encomendar um bolo?" } },
  { question: "quais sabores de bolo vcs fazem pra festa", expect: { faq: "Quais os sabores de bolo de encomenda?" } },
  { question: "tem coisa sem gluten? sou celiaca", expect: { faq: "Vocês têm produtos sem glúten?" } },
  { question: "tem algo sem lactose?", expect: { faq: "Vocês têm opções sem lactose ou veganas?" } },
  { question: "que horas sai o pao quentinho", expect: { faq: "A que horas sai o pão francês?" } },
  { question: "tem onde estacionar?", expect: { faq: "Tem estacionamento?" } },
  { question: "tem mesa pra sentar e wifi?", expect: { faq: "Dá para comer no local?" } },
  // The policy document
  { question: "se eu cancelar a encomenda devolvem o sinal?", expect: { document: "devolução integral do sinal" } },
  { question: "posso trocar um produto com defeito?", expect: { document: "Produto com defeito ou diferente do pedido" } },
  { question: "parcelam no cartão?", expect: { document: "Não parcelamos compras abaixo" } },
  { question: "quanto tempo demora pra chegar a entrega", expect: { document: "O prazo é de 40 a 60 minutos" } },
  { question: "voces tem troco pra 100?", expect: { document: "troco só até R$ 100,00" } },
  { question: "tenho alergia a castanha, tem traços?", expect: { document: "podem conter traços de glúten" } },
  { previous: "vocês entregam?", question: "e bolo de encomenda, entregam também?", expect: { document: "Bolos de encomenda podem ser entregues" } },
];

/**
 * Whether `block` holds the entry that answers: a line naming the item (`] {name} — `), one
 * with the FAQ's question (`] {question} Resposta:`), or a document line with the phrase.
 */
export function blockAnswers(block: string, expected: Expected): boolean {
  const lines = block.split("\n");
  if ("item" in expected) return lines.some((line) => line.includes(`] ${expected.item} — `));
  if ("faq" in expected) return lines.some((line) => line.includes(`] ${expected.faq} Resposta:`));
  return lines.some((line) => line.startsWith("- [documento") && line.includes(expected.document));
}

export interface QualityScore {
  cases: number;
  hits: number;
  /** hits / cases, 0–1. */
  hitRate: number;
  misses: { question: string; previous?: string; expect: Expected }[];
}

/** Scores the blocks retrieval made for each case (`blocks[i]` answers `cases[i]`). */
export function scoreQuality(cases: readonly QualityCase[], blocks: readonly string[]): QualityScore {
  if (blocks.length !== cases.length) throw new RangeError(`${blocks.length} blocks for ${cases.length} cases`);
  const misses = cases.filter((c, i) => !blockAnswers(blocks[i]!, c.expect));
  const hits = cases.length - misses.length;
  return { cases: cases.length, hits, hitRate: cases.length ? hits / cases.length : 0, misses };
}

/** Every expected entry exists in the demo data: a renamed item must not silently become a miss. */
export function missingExpectations(cases: readonly QualityCase[] = QUALITY_SET): Expected[] {
  return cases
    .map((c) => c.expect)
    .filter((e) =>
      "item" in e
        ? !BAKERY_ITEMS.some((i) => i.name === e.item)
        : "faq" in e
          ? !BAKERY_FAQS.some((f) => f.question === e.faq)
          : !BAKERY_POLICY.text.replace(/\s+/g, " ").includes(e.document),
    );
}
