import { describe, expect, it } from "vitest";
import { entryIdOf, entryView, entryWrites, fieldsOf, promptChars } from "../../../src/services/knowledge/rows";
import { renderUnit } from "../../../src/services/knowledge/knowledge-block";
import { searchText } from "../../../src/services/knowledge/normalize";
import type { EntryRow } from "../../../src/repositories/knowledge";

const meta = { id: "e1", tenantId: "t1", enabled: true, createdAt: 1, updatedAt: 2 };
const stored = (row: Omit<EntryRow, "rowId" | "embedding">): EntryRow => ({ ...row, rowId: 1, embedding: null });

describe("entryWrites", () => {
  it("stores an item's price in cents without float drift, and its name key folded", () => {
    const { entry, chunks } = entryWrites({ kind: "item", name: "Pão de Queijo", price: 12.9, unit: "unidade", description: null, category: "Salgados", available: false }, meta);
    expect(entry.row).toMatchObject({ kind: "item", name: "Pão de Queijo", nameKey: "pao de queijo", priceCents: 1290, available: false });
    expect(chunks).toEqual([]);
    const line = "- [produto] Pão de Queijo — R$ 12,90 (unidade) — esgotado — categoria: Salgados";
    expect(entry.row.promptChars).toBe(1 + line.length);
    expect(entry.index).toEqual({ title: searchText("Pão de Queijo"), body: searchText("unidade"), tags: searchText("Salgados") });
    expect(fieldsOf(stored(entry.row))).toEqual({ kind: "item", name: "Pão de Queijo", price: 12.9, unit: "unidade", description: null, category: "Salgados", available: false });
  });

  it("splits a document into chunk rows that carry its title and count toward the prompt, the document itself not", () => {
    const text = Array.from({ length: 4 }, (_, i) => `Parágrafo ${i}. ${"palavra ".repeat(60)}`).join("\n\n");
    const { entry, chunks } = entryWrites({ kind: "document", title: "Política", text }, meta);
    expect(entry.row).toMatchObject({ kind: "document", title: "Política", text, promptChars: 0 });
    expect(entry.index).toBeNull();
    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((c, seq) => {
      expect(c.row).toMatchObject({ id: `e1#${seq}`, kind: "chunk", documentId: "e1", seq, title: "Política" });
      expect(c.row.promptChars).toBe(promptChars({ id: c.row.id, kind: "document", title: "Política", seq, text: c.row.text! }));
      expect(c.index!.tags).toBe(searchText("Política"));
    });
    expect(entryView(stored(entry.row), chunks.length)).toMatchObject({ id: "e1", kind: "document", chunks: chunks.length });
    expect(entryIdOf({ id: "e1#2", kind: "chunk", document_id: "e1" })).toEqual({ id: "e1", kind: "document" });
  });

  it("keeps a FAQ's keywords for search but never shows them in its line", () => {
    const { entry } = entryWrites({ kind: "faq", question: "Aceitam Pix?", answer: "Sim.", keywords: ["pagamento", "chave"] }, meta);
    expect(entry.row.keywords).toEqual(["pagamento", "chave"]);
    expect(entry.index!.tags).toBe(searchText("pagamento chave"));
    expect(renderUnit({ id: "e1", kind: "faq", question: "Aceitam Pix?", answer: "Sim.", keywords: ["pagamento"] })).not.toContain("pagamento");
  });
});
