import { describe, expect, it } from "vitest";
import type { KnowledgeUnit } from "../../../src/services/knowledge/knowledge-block";
import { buildRetrievalQuery } from "../../../src/services/knowledge/rank";
import { searchFields } from "../../../src/services/knowledge/search-fields";
import { selectKnowledge, type RetrievedUnit } from "../../../src/services/knowledge/select";

const row = (unit: KnowledgeUnit, embedding: number[] | null = null, bm25: number | null = -1): RetrievedUnit => ({
  unit,
  ...searchFields(unit),
  bm25,
  embedding: embedding ? Float32Array.from(embedding) : null,
});
const item = (id: string, name: string, available = true): KnowledgeUnit => ({ id, kind: "item", name, price: 9, unit: "fatia", description: null, category: "Bolos", available });
const faq = (id: string, question: string, answer: string): KnowledgeUnit => ({ id, kind: "faq", question, answer, keywords: [] });

const rows = [
  row(item("i1", "Bolo de chocolate"), [1, 0, 0]),
  row(item("i2", "Bolo de laranja", false), [0.9, 0.1, 0]),
  row(faq("f1", "Vocês fazem entrega?", "Sim, até 3 km."), [0, 0, 1]),
];

describe("selectKnowledge", () => {
  it("puts the whole knowledge in its stable order, without scores", () => {
    const selection = selectKnowledge({ rows, whole: true, query: buildRetrievalQuery(["oi"], null), queryEmbedding: null, budgetChars: 6000 });
    expect(selection.complete).toBe(true);
    expect(selection.lines.map((l) => l.unit.id)).toEqual(["f1", "i1", "i2"]);
    expect(selection.text).toContain("Bolo de laranja — R$ 9,00 (fatia) — esgotado");
    expect(selection.scores.size).toBe(0);
  });

  it("ranks the keyword candidates when the whole does not fit", () => {
    const selection = selectKnowledge({ rows, whole: false, query: buildRetrievalQuery(["bolo de laranja"], null), queryEmbedding: null, budgetChars: 6000 });
    expect(selection.lines.map((l) => l.unit.id)).toEqual(["i2", "i1"]);
    expect(selection.scores.get("i2")!).toBeGreaterThan(selection.scores.get("i1")!);
  });

  it("adds what only the meaning finds when the query has an embedding", () => {
    const query = buildRetrievalQuery(["levam em casa?"], null);
    const keywordOnly = selectKnowledge({ rows, whole: false, query, queryEmbedding: null, budgetChars: 6000 });
    expect(keywordOnly.lines).toEqual([]);
    const semantic = selectKnowledge({ rows, whole: false, query, queryEmbedding: Float32Array.from([0, 0.1, 1]), budgetChars: 6000 });
    expect(semantic.lines[0]!.unit.id).toBe("f1");
  });

  it("ignores vectors of another size instead of failing", () => {
    const selection = selectKnowledge({ rows, whole: false, query: buildRetrievalQuery(["bolo"], null), queryEmbedding: Float32Array.from([1, 0]), budgetChars: 6000 });
    expect(selection.lines.map((l) => l.unit.id).sort()).toEqual(["i1", "i2"]);
  });
});
