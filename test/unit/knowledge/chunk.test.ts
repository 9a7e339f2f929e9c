import { describe, expect, it } from "vitest";
import { CHUNK_CHARS, chunkDocument } from "../../../src/services/knowledge/chunk";

const sentence = (n: number) => `Frase número ${n} da política da padaria, com detalhes suficientes para ocupar espaço.`;

describe("chunkDocument", () => {
  it("packs short paragraphs together, keeping them apart with a blank line", () => {
    expect(chunkDocument("Encomendas\n\nCom 48 horas de antecedência.\r\n\r\n\r\nEntrega   até\n3 km.")).toEqual([
      "Encomendas\n\nCom 48 horas de antecedência.\n\nEntrega até 3 km.",
    ]);
  });

  it("never cuts a paragraph that fits, and no chunk passes the size", () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => [sentence(i), sentence(i + 100), sentence(i + 200)].join(" "));
    const chunks = chunkDocument(paragraphs.join("\n\n"));
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(CHUNK_CHARS);
      for (const paragraph of chunk.split("\n\n")) expect(paragraphs).toContain(paragraph);
    }
    expect(chunks.join("\n\n")).toBe(paragraphs.join("\n\n"));
  });

  it("splits a long paragraph between sentences", () => {
    const paragraph = Array.from({ length: 30 }, (_, i) => sentence(i)).join(" ");
    const chunks = chunkDocument(paragraph);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(CHUNK_CHARS);
      expect(chunk).toMatch(/^Frase número \d+.*espaço\.$/);
    }
    expect(chunks.join(" ")).toBe(paragraph);
  });

  it("cuts a sentence without punctuation between words, and a huge word anywhere", () => {
    const words = Array.from({ length: 400 }, (_, i) => `palavra${i}`).join(" ");
    const chunks = chunkDocument(words);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(CHUNK_CHARS);
    expect(chunks.join(" ")).toBe(words);
    expect(chunkDocument("x".repeat(2000)).map((c) => c.length)).toEqual([800, 800, 400]);
  });

  it("has nothing for blank text and refuses text over 200,000 characters", () => {
    expect(chunkDocument(" \n\n \t")).toEqual([]);
    expect(() => chunkDocument("a".repeat(200_001))).toThrow(RangeError);
    expect(chunkDocument(("Parágrafo curto.\n\n").repeat(10_000)).length).toBeGreaterThan(0);
  });
});
