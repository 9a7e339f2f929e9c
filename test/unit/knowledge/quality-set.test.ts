import { describe, expect, it } from "vitest";
import { QUALITY_BUDGET_CHARS, QUALITY_SET, blockAnswers, missingExpectations, scoreQuality } from "../../../bench/knowledge/quality-set";
import { BAKERY_FAQS, BAKERY_ITEMS, BAKERY_POLICY, bakeryCatalogCsv } from "../../../tools/demo/bakery-knowledge";
import { chunkDocument } from "../../../src/services/knowledge/chunk";
import { parseCatalogCsv } from "../../../src/services/knowledge/csv";
import { buildKnowledgeBlock, type KnowledgeUnit } from "../../../src/services/knowledge/knowledge-block";
import { buildRetrievalQuery } from "../../../src/services/knowledge/rank";
import { searchFields } from "../../../src/services/knowledge/search-fields";
import { selectKnowledge, type RetrievedUnit } from "../../../src/services/knowledge/select";

const units: KnowledgeUnit[] = [
  ...BAKERY_ITEMS.map((item, i): KnowledgeUnit => ({ id: `item-${String(i).padStart(3, "0")}`, kind: "item", ...item })),
  ...BAKERY_FAQS.map((faq, i): KnowledgeUnit => ({ id: `faq-${String(i).padStart(3, "0")}`, kind: "faq", ...faq })),
  ...chunkDocument(BAKERY_POLICY.text).map((text, seq): KnowledgeUnit => ({ id: `doc-000#${seq}`, kind: "document", title: BAKERY_POLICY.title, seq, text })),
];
/** Keyword retrieval alone, over every unit: what the index finds, selected the way a turn selects it. */
const rows: RetrievedUnit[] = units.map((unit) => ({ unit, ...searchFields(unit), bm25: null, embedding: null }));

function retrieve(question: string, previous: string | undefined, budgetChars: number): string {
  const query = buildRetrievalQuery([question], previous ?? null);
  return selectKnowledge({ rows, whole: false, query, queryEmbedding: null, budgetChars }).text;
}

describe("the demo bakery's knowledge", () => {
  it("is a real catalog: ~60 items with prices, a dozen FAQs and a policy in several chunks", () => {
    expect(BAKERY_ITEMS.length).toBeGreaterThanOrEqual(60);
    expect(BAKERY_ITEMS.every((i) => i.price !== null && i.category)).toBe(true);
    expect(BAKERY_ITEMS.some((i) => !i.available)).toBe(true);
    expect(BAKERY_FAQS.length).toBeGreaterThanOrEqual(12);
    expect(chunkDocument(BAKERY_POLICY.text).length).toBeGreaterThan(2);
  });

  it("does not fit the default budget whole, so the demo shows retrieval choosing", () => {
    expect(buildKnowledgeBlock({ units, budgetChars: 6000, whole: true }).complete).toBe(false);
    expect(buildKnowledgeBlock({ units, budgetChars: 30_000, whole: true }).complete).toBe(true);
  });

  it("imports from its CSV exactly as typed", () => {
    const { items, errors } = parseCatalogCsv(bakeryCatalogCsv());
    expect(errors).toEqual([]);
    expect(items.map((i) => i.item)).toEqual(BAKERY_ITEMS);
  });
});

describe("the retrieval-quality set", () => {
  it("names only entries that exist", () => {
    expect(QUALITY_SET.length).toBeGreaterThanOrEqual(60);
    expect(missingExpectations()).toEqual([]);
  });

  it("scores a block by whether it holds the answering entry", () => {
    const block = buildKnowledgeBlock({ units: units.filter((u) => u.id === "item-000" || u.id === "faq-002"), budgetChars: 6000, whole: false }).text;
    expect(blockAnswers(block, { item: "Pão francês" })).toBe(true);
    expect(blockAnswers(block, { item: "Pão" })).toBe(false);
    expect(blockAnswers(block, { faq: "Vocês fazem entrega?" })).toBe(true);
    expect(blockAnswers(block, { document: "troco" })).toBe(false);
    expect(scoreQuality(QUALITY_SET.slice(0, 2), ["", block])).toMatchObject({ cases: 2, hits: 0, hitRate: 0 });
  });

  it("keyword retrieval puts the answering entry in a 1,500-character block for at least 90% of the questions", () => {
    const whole = buildKnowledgeBlock({ units, budgetChars: 30_000, whole: true }).text.length;
    expect(QUALITY_BUDGET_CHARS).toBeLessThan(whole / 5);
    const score = scoreQuality(QUALITY_SET, QUALITY_SET.map((c) => retrieve(c.question, c.previous, QUALITY_BUDGET_CHARS)));
    expect(score.hitRate, `missed: ${JSON.stringify(score.misses.map((m) => m.question))}`).toBeGreaterThanOrEqual(0.9);
  });

  it("answers item follow-ups first with the previous message, and not all of them without it", () => {
    const followUps = QUALITY_SET.filter((c) => c.previous && "item" in c.expect);
    const firstLine = (block: string) => block.split("\n")[1] ?? "";
    const withContext = followUps.filter((c) => blockAnswers(firstLine(retrieve(c.question, c.previous, QUALITY_BUDGET_CHARS)), c.expect));
    const without = followUps.filter((c) => blockAnswers(firstLine(retrieve(c.question, undefined, QUALITY_BUDGET_CHARS)), c.expect));
    expect(withContext).toEqual(followUps);
    expect(without.length).toBeLessThan(followUps.length);
  });
});
