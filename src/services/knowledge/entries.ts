/**
 * The owner's knowledge entries: list, create, change, delete, each written with its index rows
 * and the tenant's stats in one D1 batch, within the tenant's limits.
 */
import {
  knowledgePatchSchemas,
  TENANT_KNOWLEDGE_LIMITS,
  type KnowledgeCreate,
  type KnowledgeEntry,
  type KnowledgeKind,
} from "../../domain/knowledge";
import { decodeCursor, encodeCursor } from "../../platform/cursor";
import { runBatch, type Statement } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import * as repo from "../../repositories/knowledge";
import { ftsMatchQuery, itemNameKey, queryTerms } from "./normalize";
import { entryView, entryWrites, fieldsOf, type EntryFields } from "./rows";

export type WriteRefusal =
  /** The tenant holds as many entries of this kind as it may. */
  | { error: "limit_reached"; kind: KnowledgeKind; limit: number }
  /** Another item of the tenant has this name (case- and accent-insensitively). */
  | { error: "duplicate_name"; id: string };

export const LIMIT_MESSAGES: Record<KnowledgeKind, string> = {
  item: `limite de ${TENANT_KNOWLEDGE_LIMITS.item} produtos atingido`,
  faq: `limite de ${TENANT_KNOWLEDGE_LIMITS.faq} perguntas frequentes atingido`,
  document: `limite de ${TENANT_KNOWLEDGE_LIMITS.document} documentos atingido`,
};

/** The statements that create one entry (and a document's chunks), the limit checked inside them. */
export function createStatements(db: Database, tenantId: string, fields: EntryFields, meta: { id: string; enabled: boolean; now: number }): Statement[] {
  const { entry, chunks } = entryWrites(fields, { id: meta.id, tenantId, enabled: meta.enabled, createdAt: meta.now, updatedAt: meta.now });
  const writes = [entry, ...chunks];
  const limit = { kind: fields.kind, max: TENANT_KNOWLEDGE_LIMITS[fields.kind], adding: 1 };
  return [
    repo.insertEntries(db, tenantId, [entry], limit),
    ...(chunks.length > 0 ? [repo.insertEntries(db, tenantId, chunks, { documentId: meta.id })] : []),
    ...repo.writeIndexRows(db, tenantId, writes),
    repo.refreshStats(db, tenantId),
  ];
}

export async function createEntry(db: Database, tenantId: string, input: KnowledgeCreate, now: number): Promise<KnowledgeEntry | WriteRefusal> {
  const { enabled, ...fields } = input;
  if (fields.kind === "item") {
    const twin = await repo.findItemByNameKey(db, tenantId, itemNameKey(fields.name));
    if (twin) return { error: "duplicate_name", id: twin.id };
  }
  const id = crypto.randomUUID();
  try {
    await runBatch(db, createStatements(db, tenantId, fields, { id, enabled, now }));
  } catch (err) {
    if (isUniqueViolation(err) && fields.kind === "item") {
      const twin = await repo.findItemByNameKey(db, tenantId, itemNameKey(fields.name));
      if (twin) return { error: "duplicate_name", id: twin.id };
    }
    throw err;
  }
  const stored = await repo.findEntry(db, tenantId, id);
  if (!stored) return { error: "limit_reached", kind: fields.kind, limit: TENANT_KNOWLEDGE_LIMITS[fields.kind] };
  return entryView(stored.row, stored.chunks);
}

export type PatchResult = KnowledgeEntry | "not_found" | { error: "invalid_request"; issues: { path: PropertyKey[]; message: string }[] } | WriteRefusal;

/** Merges `body` into the stored entry: the given fields replace the stored ones, the kind stays. */
export async function updateEntry(db: Database, tenantId: string, id: string, body: unknown, now: number): Promise<PatchResult> {
  const stored = await repo.findEntry(db, tenantId, id);
  if (!stored) return "not_found";
  const row = stored.row;
  const kind = row.kind as KnowledgeKind;
  const patch = knowledgePatchSchemas[kind].safeParse(body);
  if (!patch.success) return { error: "invalid_request", issues: patch.error.issues };
  const { enabled = row.enabled, ...changes } = patch.data as { enabled?: boolean } & Partial<EntryFields>;
  const before = fieldsOf(row);
  const fields = { ...before, ...changes, kind } as EntryFields;

  if (fields.kind === "item" && before.kind === "item" && itemNameKey(fields.name) !== itemNameKey(before.name)) {
    const twin = await repo.findItemByNameKey(db, tenantId, itemNameKey(fields.name));
    if (twin && twin.id !== id) return { error: "duplicate_name", id: twin.id };
  }
  const { entry, chunks } = entryWrites(fields, { id, tenantId, enabled, createdAt: row.createdAt, updatedAt: now });
  const statements: Statement[] = [repo.updateEntryRow(db, entry.row)];
  if (fields.kind === "document" && before.kind === "document") {
    if (fields.text !== before.text || fields.title !== before.title) {
      statements.push(repo.deleteChunks(db, tenantId, id));
      if (chunks.length > 0) statements.push(repo.insertEntries(db, tenantId, chunks, { documentId: id }));
      statements.push(...repo.writeIndexRows(db, tenantId, chunks));
    } else if (enabled !== row.enabled) {
      statements.push(repo.setChunksEnabled(db, tenantId, id, enabled, now));
    }
  } else {
    statements.push(...repo.writeIndexRows(db, tenantId, [entry]));
  }
  statements.push(repo.refreshStats(db, tenantId));
  try {
    await runBatch(db, statements);
  } catch (err) {
    if (isUniqueViolation(err) && fields.kind === "item") {
      const twin = await repo.findItemByNameKey(db, tenantId, itemNameKey(fields.name));
      if (twin) return { error: "duplicate_name", id: twin.id };
    }
    throw err;
  }
  const after = await repo.findEntry(db, tenantId, id);
  return after ? entryView(after.row, after.chunks) : "not_found";
}

/** False when the tenant has no such entry. A document takes its chunks with it. */
export async function deleteEntry(db: Database, tenantId: string, id: string): Promise<boolean> {
  const stored = await repo.findEntry(db, tenantId, id);
  if (!stored) return false;
  const statements: Statement[] = [];
  if (stored.row.kind === "document") statements.push(repo.deleteChunks(db, tenantId, id));
  statements.push(repo.deleteEntryRow(db, tenantId, id), repo.refreshStats(db, tenantId));
  await runBatch(db, statements);
  return true;
}

export interface EntryPage {
  items: KnowledgeEntry[];
  nextCursor: string | null;
}

/** A page of entries, most recently changed first; "invalid_cursor" for a cursor not given out here. */
export async function listEntries(
  db: Database,
  tenantId: string,
  q: { kind?: KnowledgeKind | undefined; q?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<EntryPage | "invalid_cursor"> {
  let after: repo.EntryKey | null = null;
  if (q.cursor) {
    const key = decodeCursor(q.cursor, ["number", "string"]);
    if (!key) return "invalid_cursor";
    after = { updatedAt: key[0], id: key[1] };
  }
  const match = q.q ? ftsMatchQuery(queryTerms(q.q)) : null;
  // A search made only of words that say nothing finds nothing, rather than everything.
  if (q.q && match === null) return { items: [], nextCursor: null };
  const rows = await repo.listEntries(db, tenantId, { kind: q.kind ?? null, match, after, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const chunks = await repo.countChunks(db, tenantId, page.filter((r) => r.kind === "document").map((r) => r.id));
  const last = page.at(-1);
  return {
    items: page.map((r) => entryView(r, chunks.get(r.id) ?? 0)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.updatedAt, last.id]) : null,
  };
}

/** D1 reports constraint failures as errors whose message names the constraint. */
export function isUniqueViolation(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${err.cause instanceof Error ? err.cause.message : ""}` : "";
  return /UNIQUE constraint failed/i.test(text);
}
