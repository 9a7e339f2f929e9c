/**
 * Between what the owner writes (an entry of the API), what D1 stores (a row, its index
 * columns, a document's chunk rows) and what the prompt reads (a unit). Pure.
 */
import type { DocumentFields, FaqFields, ItemFields, KnowledgeEntry, KnowledgeKind } from "../../domain/knowledge";
import type { EntryRow, EntryWrite, NewEntryRow, RetrievedRow } from "../../repositories/knowledge";
import { chunkDocument } from "./chunk";
import { renderUnit, type KnowledgeUnit } from "./knowledge-block";
import { itemNameKey } from "./normalize";
import { searchFields } from "./search-fields";

export type EntryFields =
  | ({ kind: "faq" } & FaqFields)
  | ({ kind: "item" } & ItemFields)
  | ({ kind: "document" } & DocumentFields);

/** What a unit adds to the prompt block: its line and the newline before it. */
export function promptChars(unit: KnowledgeUnit): number {
  return 1 + renderUnit(unit).length;
}

const EMPTY: Omit<NewEntryRow, "id" | "tenantId" | "kind" | "enabled" | "createdAt" | "updatedAt"> = {
  documentId: null,
  seq: 0,
  question: null,
  answer: null,
  keywords: null,
  name: null,
  nameKey: null,
  priceCents: null,
  unit: null,
  description: null,
  category: null,
  available: null,
  title: null,
  text: null,
  promptChars: 0,
};

/**
 * The rows of one entry: its own, and for a document one chunk row per piece of its text, each
 * with the index columns retrieval searches. `createdAt` is kept from the stored row on updates.
 */
export function entryWrites(
  fields: EntryFields,
  meta: { id: string; tenantId: string; enabled: boolean; createdAt: number; updatedAt: number },
): { entry: EntryWrite; chunks: EntryWrite[] } {
  const base = { ...EMPTY, id: meta.id, tenantId: meta.tenantId, kind: fields.kind, enabled: meta.enabled, createdAt: meta.createdAt, updatedAt: meta.updatedAt };
  if (fields.kind === "document") {
    const chunks = chunkDocument(fields.text).map((text, seq): EntryWrite => {
      const unit: KnowledgeUnit = { id: `${meta.id}#${seq}`, kind: "document", title: fields.title, seq, text };
      return {
        row: { ...base, id: unit.id, kind: "chunk", documentId: meta.id, seq, title: fields.title, text, promptChars: promptChars(unit) },
        index: searchFields(unit),
      };
    });
    return { entry: { row: { ...base, title: fields.title, text: fields.text }, index: null }, chunks };
  }
  const unit = fields.kind === "faq" ? faqUnit(meta.id, fields) : itemUnit(meta.id, fields);
  const row: NewEntryRow =
    fields.kind === "faq"
      ? { ...base, question: fields.question, answer: fields.answer, keywords: [...fields.keywords], promptChars: promptChars(unit) }
      : {
          ...base,
          name: fields.name,
          nameKey: itemNameKey(fields.name),
          priceCents: fields.price === null ? null : Math.round(fields.price * 100),
          unit: fields.unit,
          description: fields.description,
          category: fields.category,
          available: fields.available,
          promptChars: promptChars(unit),
        };
  return { entry: { row, index: searchFields(unit) }, chunks: [] };
}

function faqUnit(id: string, f: FaqFields): KnowledgeUnit {
  return { id, kind: "faq", question: f.question, answer: f.answer, keywords: f.keywords };
}

function itemUnit(id: string, f: ItemFields): KnowledgeUnit {
  return { id, kind: "item", name: f.name, price: f.price, unit: f.unit, description: f.description, category: f.category, available: f.available };
}

/** The fields of a stored entry, as the API and the merge of a patch see them. */
export function fieldsOf(row: EntryRow): EntryFields {
  switch (row.kind) {
    case "faq":
      return { kind: "faq", question: row.question ?? "", answer: row.answer ?? "", keywords: row.keywords ?? [] };
    case "item":
      return {
        kind: "item",
        name: row.name ?? "",
        price: row.priceCents === null ? null : row.priceCents / 100,
        unit: row.unit,
        description: row.description,
        category: row.category,
        available: row.available ?? true,
      };
    default:
      return { kind: "document", title: row.title ?? "", text: row.text ?? "" };
  }
}

/** The entry as the API shows it. */
export function entryView(row: EntryRow, chunks: number): KnowledgeEntry {
  const meta = { id: row.id, enabled: row.enabled, createdAt: row.createdAt, updatedAt: row.updatedAt };
  const fields = fieldsOf(row);
  return fields.kind === "document" ? { ...meta, ...fields, chunks } : { ...meta, ...fields };
}

/** The prompt's unit of a row of the turn's read. */
export function unitOfRetrieved(row: RetrievedRow): KnowledgeUnit {
  switch (row.kind) {
    case "faq":
      return { id: row.id, kind: "faq", question: row.question ?? "", answer: row.answer ?? "", keywords: parseKeywords(row.keywords) };
    case "item":
      return {
        id: row.id,
        kind: "item",
        name: row.name ?? "",
        price: row.price_cents === null ? null : row.price_cents / 100,
        unit: row.unit,
        description: row.description,
        category: row.category,
        available: row.available !== 0,
      };
    case "chunk":
      return { id: row.id, kind: "document", title: row.title ?? "", seq: row.seq, text: row.text ?? "" };
  }
}

/** The text embedded for a stored unit: the line the model reads, so meaning and prompt agree. */
export function embeddingText(row: EntryRow): string {
  const fields = fieldsOf(row);
  if (row.kind === "chunk") return renderUnit({ id: row.id, kind: "document", title: row.title ?? "", seq: row.seq, text: row.text ?? "" });
  if (fields.kind === "faq") return renderUnit(faqUnit(row.id, fields));
  if (fields.kind === "item") return renderUnit(itemUnit(row.id, fields));
  return fields.text;
}

/** A chunk's document is what the owner sees; other units are their own entry. */
export function entryIdOf(row: Pick<RetrievedRow, "id" | "kind" | "document_id">): { id: string; kind: KnowledgeKind } {
  return row.kind === "chunk" ? { id: row.document_id ?? row.id, kind: "document" } : { id: row.id, kind: row.kind };
}

function parseKeywords(json: string | null): string[] {
  if (json === null) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === "string") : [];
  } catch {
    return [];
  }
}
