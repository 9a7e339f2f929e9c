import { describe, expect, it } from "vitest";
import { knowledgeCreateSchema, knowledgePatchSchemas, unansweredAnswerSchema } from "../../../src/domain/knowledge";

describe("knowledge entry schemas", () => {
  it("fills an item's defaults and trims text", () => {
    expect(knowledgeCreateSchema.parse({ kind: "item", name: "  Baguete ", price: 9.5 })).toEqual({
      kind: "item",
      name: "Baguete",
      price: 9.5,
      unit: null,
      description: null,
      category: null,
      available: true,
      enabled: true,
    });
    expect(knowledgeCreateSchema.parse({ kind: "faq", question: "Entregam?", answer: "Sim." })).toMatchObject({ keywords: [], enabled: true });
  });

  it("enforces the limits of each kind", () => {
    const bad = [
      { kind: "faq", question: "x".repeat(501), answer: "a" },
      { kind: "faq", question: "q", answer: "x".repeat(4001) },
      { kind: "faq", question: "q", answer: "a", keywords: Array.from({ length: 31 }, (_, i) => `k${i}`) },
      { kind: "item", name: "x".repeat(201) },
      { kind: "item", name: "   " },
      { kind: "item", name: "Bolo", description: "x".repeat(2001) },
      { kind: "item", name: "Bolo", price: -1 },
      { kind: "item", name: "Bolo", price: 12.999 },
      { kind: "item", name: "Bolo", price: 1_000_001 },
      { kind: "document", title: "T", text: "x".repeat(200_001) },
      { kind: "document", title: "", text: "texto" },
      { kind: "recipe", name: "Bolo" },
      { kind: "item", name: "Bolo", stock: 3 },
    ];
    for (const body of bad) expect(knowledgeCreateSchema.safeParse(body).success, JSON.stringify(body).slice(0, 80)).toBe(false);
    expect(knowledgeCreateSchema.safeParse({ kind: "item", name: "Bolo", price: 12.9 }).success).toBe(true);
  });

  it("patches only what is given, and never the kind", () => {
    expect(knowledgePatchSchemas.item.parse({ price: 10 })).toEqual({ price: 10 });
    expect(knowledgePatchSchemas.item.parse({ description: "" })).toEqual({ description: null });
    expect(knowledgePatchSchemas.faq.parse({})).toEqual({});
    expect(knowledgePatchSchemas.item.safeParse({ kind: "faq" }).success).toBe(false);
    expect(knowledgePatchSchemas.document.safeParse({ text: "" }).success).toBe(false);
  });

  it("needs an answer to resolve an unanswered question", () => {
    expect(unansweredAnswerSchema.safeParse({ answer: " " }).success).toBe(false);
    expect(unansweredAnswerSchema.parse({ answer: "Sim, até 3 km." })).toEqual({ answer: "Sim, até 3 km." });
  });
});
