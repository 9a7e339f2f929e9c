import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  KNOWLEDGE_HEADER_SELECTION,
  KNOWLEDGE_HEADER_WHOLE,
  buildKnowledgeBlock,
  formatPrice,
  renderUnit,
  type KnowledgeUnit,
} from "../../../src/services/knowledge/knowledge-block";

const item = (id: string, name: string, extra: Partial<Extract<KnowledgeUnit, { kind: "item" }>> = {}): KnowledgeUnit => ({
  id,
  kind: "item",
  name,
  price: 10,
  unit: null,
  description: null,
  category: null,
  available: true,
  ...extra,
});
const faq = (id: string, question: string, answer: string): KnowledgeUnit => ({ id, kind: "faq", question, answer, keywords: [] });
const chunk = (id: string, title: string, seq: number, text: string): KnowledgeUnit => ({ id, kind: "document", title, seq, text });

const units: KnowledgeUnit[] = [
  chunk("d1#1", "Política de trocas", 1, "Trocas em até 7 dias."),
  item("i2", "Sonho de creme", { price: 7.5, unit: "unidade", category: "Doces", available: false }),
  faq("f1", "Vocês entregam?", "Sim, até 3 km."),
  item("i1", "Pão francês", { price: 18.9, unit: "kg", category: "Pães", description: "Crocante,\nsai de hora em hora." }),
  chunk("d1#0", "Política de trocas", 0, "Produtos com defeito são trocados."),
];

describe("formatPrice", () => {
  it("formats BRL the Brazilian way with a plain space", () => {
    expect(formatPrice(12.9)).toBe("R$ 12,90");
    expect(formatPrice(1234.5)).toBe("R$ 1.234,50");
    expect(formatPrice(0)).toBe("R$ 0,00");
  });
});

describe("renderUnit", () => {
  it("labels each kind, prices items with their unit and marks sold-out ones", () => {
    expect(renderUnit(units[3]!)).toBe("- [produto] Pão francês — R$ 18,90 (kg) — categoria: Pães — Crocante, sai de hora em hora.");
    expect(renderUnit(units[1]!)).toBe("- [produto] Sonho de creme — R$ 7,50 (unidade) — esgotado — categoria: Doces");
    expect(renderUnit(item("i3", "Bolo do dia", { price: null }))).toBe("- [produto] Bolo do dia — preço não cadastrado");
    expect(renderUnit(units[2]!)).toBe("- [pergunta frequente] Vocês entregam? Resposta: Sim, até 3 km.");
    expect(renderUnit(units[0]!)).toBe("- [documento: Política de trocas] Trocas em até 7 dias.");
  });

  it("never marks an available item as sold out", () => {
    expect(renderUnit(units[3]!)).not.toContain("esgotado");
  });
});

describe("buildKnowledgeBlock", () => {
  it("puts the whole knowledge in, in a stable order, when it fits", () => {
    const block = buildKnowledgeBlock({ units, budgetChars: 6000, whole: true });
    expect(block.complete).toBe(true);
    expect(block.lines.map((l) => l.unit.id)).toEqual(["f1", "i2", "i1", "d1#0", "d1#1"]);
    expect(block.text.split("\n")[0]).toBe(KNOWLEDGE_HEADER_WHOLE);
    expect(block.text.split("\n")).toHaveLength(6);
  });

  it("is byte-identical whatever order the units arrive in", () => {
    const first = buildKnowledgeBlock({ units, budgetChars: 6000, whole: true }).text;
    fc.assert(
      fc.property(fc.shuffledSubarray(units, { minLength: units.length, maxLength: units.length }), (shuffled) => {
        expect(buildKnowledgeBlock({ units: shuffled, budgetChars: 6000, whole: true }).text).toBe(first);
      }),
    );
  });

  it("takes the best units first when the whole does not fit, skipping one too long for what is left", () => {
    const long = item("big", "Cesta de café da manhã", { description: "x".repeat(300) });
    const ranked = [units[3]!, long, units[2]!, units[1]!];
    const budget = KNOWLEDGE_HEADER_SELECTION.length + 1 + renderUnit(units[3]!).length + 1 + renderUnit(units[2]!).length + 10;
    const block = buildKnowledgeBlock({ units: ranked, budgetChars: budget, whole: true });
    expect(block.complete).toBe(false);
    expect(block.lines.map((l) => l.unit.id)).toEqual(["i1", "f1"]);
    expect(block.text.startsWith(KNOWLEDGE_HEADER_SELECTION)).toBe(true);
    expect(block.text.length).toBeLessThanOrEqual(budget);
  });

  it("never exceeds the budget", () => {
    const unitArb = fc.oneof(
      fc.record({ id: fc.string(), kind: fc.constant("faq" as const), question: fc.string({ maxLength: 300 }), answer: fc.string({ maxLength: 600 }), keywords: fc.constant([]) }),
      fc.record({
        id: fc.string(),
        kind: fc.constant("item" as const),
        name: fc.string({ minLength: 1, maxLength: 200 }),
        price: fc.option(fc.integer({ min: 0, max: 100_000_000 }).map((c) => c / 100)),
        unit: fc.option(fc.string({ maxLength: 50 })),
        description: fc.option(fc.string({ maxLength: 500 })),
        category: fc.option(fc.string({ maxLength: 100 })),
        available: fc.boolean(),
      }),
      fc.record({ id: fc.string(), kind: fc.constant("document" as const), title: fc.string({ maxLength: 200 }), seq: fc.nat(), text: fc.string({ maxLength: 800 }) }),
    );
    fc.assert(
      fc.property(fc.array(unitArb, { maxLength: 60 }), fc.integer({ min: -10, max: 40_000 }), fc.boolean(), (list, budget, whole) => {
        const block = buildKnowledgeBlock({ units: list, budgetChars: budget, whole });
        expect(block.text.length).toBeLessThanOrEqual(Math.min(Math.max(budget, 0), 30_000));
        if (block.lines.length > 0) expect(block.text).toBe([block.text.split("\n")[0], ...block.lines.map((l) => l.line)].join("\n"));
      }),
      { numRuns: 300 },
    );
  });

  it("is empty when nothing fits or there is nothing", () => {
    expect(buildKnowledgeBlock({ units, budgetChars: 50, whole: true })).toEqual({ text: "", lines: [], complete: false });
    expect(buildKnowledgeBlock({ units: [], budgetChars: 6000, whole: true }).text).toBe("");
  });

  it("keeps a retrieved selection in rank order even when it fits", () => {
    const block = buildKnowledgeBlock({ units: [units[3]!, units[2]!], budgetChars: 6000, whole: false });
    expect(block.complete).toBe(false);
    expect(block.lines.map((l) => l.unit.id)).toEqual(["i1", "f1"]);
  });
});
