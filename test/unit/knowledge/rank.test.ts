import { describe, expect, it } from "vitest";
import type { KnowledgeUnit } from "../../../src/services/knowledge/knowledge-block";
import { searchText } from "../../../src/services/knowledge/normalize";
import { allTerms, buildRetrievalQuery, keywordScore, rankCandidates, type RankCandidate } from "../../../src/services/knowledge/rank";

function itemCandidate(id: string, name: string, opts: { category?: string; description?: string; bm25?: number | null; cosine?: number | null } = {}): RankCandidate {
  const unit: KnowledgeUnit = { id, kind: "item", name, price: 10, unit: null, description: opts.description ?? null, category: opts.category ?? null, available: true };
  return {
    unit,
    title: searchText(name),
    body: searchText(opts.description ?? ""),
    tags: searchText(opts.category ?? ""),
    bm25: opts.bm25 === undefined ? -1 : opts.bm25,
    cosine: opts.cosine ?? null,
  };
}
function faqCandidate(id: string, question: string, answer: string, keywords: string[], cosine: number | null = null): RankCandidate {
  return {
    unit: { id, kind: "faq", question, answer, keywords },
    title: searchText(question),
    body: searchText(answer),
    tags: searchText(keywords.join(" ")),
    bm25: -1,
    cosine,
  };
}

const catalog = [
  itemCandidate("i1", "Bolo de cenoura", { category: "Bolos", description: "Com cobertura de chocolate" }),
  itemCandidate("i2", "Bolo de chocolate", { category: "Bolos", description: "Massa de cacau" }),
  itemCandidate("i3", "Chocolate quente", { category: "Bebidas" }),
  itemCandidate("i4", "Croissant", { category: "Pães" }),
  itemCandidate("i5", "Pão de queijo", { category: "Salgados", description: "Sem glúten" }),
];
const ids = (list: { unit: KnowledgeUnit }[]) => list.map((r) => r.unit.id);

describe("buildRetrievalQuery", () => {
  it("takes terms from the burst and, apart, from the previous customer message", () => {
    const query = buildRetrievalQuery(["e vocês entregam?"], "Vocês têm bolo de cenoura?");
    expect(query).toEqual({ primary: [searchText("entregam")], context: [searchText("bolo"), searchText("cenoura")] });
    expect(allTerms(query)).toEqual([searchText("entregam"), searchText("bolo"), searchText("cenoura")]);
  });

  it("keeps only the subject of the previous message when the burst only qualifies it", () => {
    expect(buildRetrievalQuery(["e o de chocolate?"], "Vocês têm bolo de cenoura?")).toEqual({ primary: [searchText("chocolate")], context: ["bolo"] });
    expect(buildRetrievalQuery(["e de queijo?"], "tem esfiha de carne?").context).toEqual(["esfiha"]);
    expect(buildRetrievalQuery(["e a de frango"], "quanto é a coxinha com catupiry").context).toEqual(["coxinha"]);
  });

  it("does not repeat in the context what the burst already asks", () => {
    expect(buildRetrievalQuery(["bolos", "de chocolate"], "bolo?").context).toEqual([]);
    expect(buildRetrievalQuery(["coxinha"], null)).toEqual({ primary: ["coxinha"], context: [] });
  });

  it("caps the number of terms of a long burst", () => {
    const words = Array.from({ length: 100 }, (_, i) => `palavra${i}x`);
    const query = buildRetrievalQuery([words.join(" ")], "outra coisa diferente");
    expect(allTerms(query).length).toBeLessThanOrEqual(32);
  });
});

describe("rankCandidates", () => {
  it("answers a follow-up with the item the previous message was about", () => {
    const followUp = rankCandidates(buildRetrievalQuery(["e o de chocolate?"], "tem bolo de cenoura?"), catalog);
    expect(ids(followUp)[0]).toBe("i2");
    // Without the previous message, the hot chocolate is as good an answer as the cake.
    const alone = rankCandidates(buildRetrievalQuery(["e o de chocolate?"], null), catalog);
    expect(ids(alone).slice(0, 2).sort()).toEqual(["i2", "i3"]);
  });

  it("weights a name above a category above a description", () => {
    const query = buildRetrievalQuery(["chocolate"], null);
    const scores = Object.fromEntries(catalog.map((c) => [c.unit.id, keywordScore(query, c)]));
    expect(scores.i2).toBeGreaterThan(scores.i1!);
    expect(keywordScore(buildRetrievalQuery(["bolos"], null), catalog[0]!)).toBeGreaterThan(0);
    expect(keywordScore(buildRetrievalQuery(["bebidas"], null), catalog[2]!)).toBe(2);
  });

  it("counts FAQ keywords", () => {
    const pix = faqCandidate("f1", "Quais as formas de pagamento?", "Cartão, dinheiro e Pix.", ["pix", "chave"]);
    const other = faqCandidate("f2", "Vocês entregam?", "Sim, até 3 km.", []);
    expect(ids(rankCandidates(buildRetrievalQuery(["qual a chave?"], null), [other, pix]))).toEqual(["f1"]);
  });

  it("lets a misspelled long word count, less than the right spelling", () => {
    const query = buildRetrievalQuery(["croisant"], null);
    expect(keywordScore(buildRetrievalQuery(["croissant"], null), catalog[3]!)).toBeGreaterThan(keywordScore(query, catalog[3]!));
    expect(keywordScore(buildRetrievalQuery(["choco"], null), catalog[2]!)).toBeGreaterThan(0); // an abbreviation
    expect(keywordScore(buildRetrievalQuery(["choco"], null), catalog[2]!)).toBeLessThan(keywordScore(buildRetrievalQuery(["chocolate"], null), catalog[2]!));
    expect(keywordScore(query, catalog[3]!)).toBeGreaterThan(0); // "crois", the prefix they share, in the title
    expect(keywordScore(buildRetrievalQuery(["chocolat"], null), catalog[1]!)).toBeGreaterThan(0);
  });

  it("prefers the title that says exactly what was asked", () => {
    const query = buildRetrievalQuery(["bolo de chocolate"], null);
    expect(ids(rankCandidates(query, catalog)).slice(0, 2)).toEqual(["i2", "i1"]);
    const plain = itemCandidate("p", "Pão de queijo");
    const frozen = itemCandidate("f", "Pão de queijo congelado");
    expect(ids(rankCandidates(buildRetrievalQuery(["pão de queijo"], null), [frozen, plain]))).toEqual(["p", "f"]);
  });

  it("uses bm25 to break keyword ties, lower first", () => {
    const a = itemCandidate("a", "Bolo simples", { bm25: -1 });
    const b = itemCandidate("b", "Bolo de fubá", { bm25: -3 });
    expect(ids(rankCandidates(buildRetrievalQuery(["bolo"], null), [a, b]))).toEqual(["b", "a"]);
  });

  it("fuses embedding similarity: a paraphrase with no shared word still ranks", () => {
    const query = buildRetrievalQuery(["vocês levam em casa?"], null);
    const delivery = faqCandidate("f2", "Vocês entregam?", "Sim, até 3 km.", [], 0.82);
    const hours = faqCandidate("f3", "Qual o horário?", "Das 6h às 20h.", [], 0.41);
    expect(ids(rankCandidates(query, [hours, delivery]))).toEqual(["f2", "f3"]);
  });

  it("puts a unit found both ways above one found only one way", () => {
    const query = buildRetrievalQuery(["bolo de chocolate"], null);
    const both = itemCandidate("x", "Bolo de chocolate", { cosine: 0.7 });
    const keywordOnly = itemCandidate("y", "Bolo de chocolate com morango");
    const meaningOnly = itemCandidate("z", "Brigadeiro", { bm25: null, cosine: 0.9 });
    expect(ids(rankCandidates(query, [meaningOnly, keywordOnly, both]))[0]).toBe("x");
  });

  it("leaves out what matched nothing, and orders ties by id", () => {
    const query = buildRetrievalQuery(["pão"], null);
    // The pão de queijo by name, the croissant by its category "Pães"; nothing else.
    expect(ids(rankCandidates(query, catalog))).toEqual(["i5", "i4"]);
    const twins = [itemCandidate("b", "Pão"), itemCandidate("a", "Pão")];
    expect(ids(rankCandidates(query, twins))).toEqual(["a", "b"]);
  });
});
