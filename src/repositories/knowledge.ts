/**
 * Every D1 query over a tenant's knowledge: the entries, their rows in the keyword index
 * `knowledge_fts` (created by a custom migration, so written here in SQL), the per-tenant stats
 * row, and the one read a turn makes. Rows are written from one JSON parameter per statement, so
 * a document's 250 chunks or a 5,000-line catalog are a handful of statements, never past D1's
 * 100 bound parameters.
 */
import { and, asc, desc, eq, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import type { KnowledgeKind } from "../domain/knowledge";
import type { Statement } from "./batch";
import type { Database } from "./db";
import { allSql, runSql } from "./raw-sql";
import { knowledgeEntries, knowledgeStats, type KnowledgeEntryRow } from "./schema";

export type EntryRow = KnowledgeEntryRow;
/** A row to write: everything but the rowid and the embedding, which D1 and the embedder fill. */
export type NewEntryRow = Omit<EntryRow, "rowId" | "embedding">;
/** The normalized words the keyword index stores for an entry, in its three columns. */
export interface IndexColumns {
  title: string;
  body: string;
  tags: string;
}
export interface EntryWrite {
  row: NewEntryRow;
  /** Null for document rows: their chunks are what is searched. */
  index: IndexColumns | null;
}

/** The columns written from JSON, in table order, with how each is read back from it. */
const WRITTEN = [
  ["id", "id"],
  ["tenant_id", "tenantId"],
  ["kind", "kind"],
  ["document_id", "documentId"],
  ["seq", "seq"],
  ["question", "question"],
  ["answer", "answer"],
  ["keywords", "keywords"],
  ["name", "name"],
  ["name_key", "nameKey"],
  ["price_cents", "priceCents"],
  ["unit", "unit"],
  ["description", "description"],
  ["category", "category"],
  ["available", "available"],
  ["title", "title"],
  ["text", "text"],
  ["prompt_chars", "promptChars"],
  ["enabled", "enabled"],
  ["created_at", "createdAt"],
  ["updated_at", "updatedAt"],
] as const satisfies readonly (readonly [string, keyof NewEntryRow])[];

const columnList = sql.raw(WRITTEN.map(([column]) => column).join(", "));
/** `keywords` is a JSON array: json_extract would hand it back as text already, which is what is stored. */
const jsonValues = sql.raw(WRITTEN.map(([, key]) => `json_extract(j.value, '$.${key}')`).join(", "));

/**
 * The tenant's token in the index's `tenant` column: "t" and the id's letters and digits, one
 * token for the tokenizer. Matching it in the same MATCH scopes the search inside FTS5.
 */
function tenantToken(tenantId: string): string {
  return `t${tenantId.replace(/[^A-Za-z0-9]/g, "")}`;
}

/** An FTS5 expression (built from normalized terms only) limited to the tenant's rows. */
function scopedMatch(tenantId: string, match: string): string {
  return `tenant:"${tenantToken(tenantId)}" AND (${match})`;
}

function rowsJson(writes: readonly EntryWrite[]): string {
  return JSON.stringify(writes.map((w) => ({ ...w.row, keywords: w.row.keywords === null ? null : JSON.stringify(w.row.keywords) })));
}

function indexJson(writes: readonly EntryWrite[]): string {
  return JSON.stringify(writes.filter((w) => w.index !== null).map((w) => ({ id: w.row.id, nameKey: w.row.nameKey, ...w.index })));
}

/** When an insert may happen: within a tenant's limit of a kind, or (a document's chunks) when their document is there. */
export type InsertGuard = { kind: KnowledgeKind; max: number; adding: number } | { documentId: string };

/**
 * Inserts entries, all or none, only while the guard holds, checked in the same statement so two
 * writes at once cannot both pass a limit. An item whose name is taken fails the batch with D1's
 * UNIQUE error.
 */
export function insertEntries(db: Database, tenantId: string, writes: readonly EntryWrite[], guard: InsertGuard): Statement {
  const condition =
    "documentId" in guard
      ? sql`EXISTS (SELECT 1 FROM knowledge_entries WHERE tenant_id = ${tenantId} AND id = ${guard.documentId} AND kind = 'document')`
      : sql`(SELECT count(*) FROM knowledge_entries WHERE tenant_id = ${tenantId} AND kind = ${guard.kind}) + ${guard.adding} <= ${guard.max}`;
  return runSql(db, sql`
    INSERT INTO knowledge_entries (${columnList})
    SELECT ${jsonValues} FROM json_each(${rowsJson(writes)}) j
    WHERE ${condition}`);
}

/**
 * Inserts catalog items, or updates the item of the same tenant with the same name key: the
 * text changed, so its embedding is cleared. The limit counts only the names not there yet.
 */
export function upsertItems(db: Database, tenantId: string, writes: readonly EntryWrite[], limit: { max: number; adding: number }): Statement {
  const updated = ["name", "price_cents", "unit", "description", "category", "available", "prompt_chars", "updated_at"];
  return runSql(db, sql`
    INSERT INTO knowledge_entries (${columnList})
    SELECT ${jsonValues} FROM json_each(${rowsJson(writes)}) j
    WHERE (SELECT count(*) FROM knowledge_entries WHERE tenant_id = ${tenantId} AND kind = 'item') + ${limit.adding} <= ${limit.max}
    ON CONFLICT (tenant_id, name_key) WHERE kind = 'item' DO UPDATE SET
      ${sql.raw(updated.map((c) => `${c} = excluded.${c}`).join(", "))}, embedding = NULL`);
}

/**
 * The index rows of entries just written, replacing any they had. Entries are found by id, or
 * (catalog items of an import, whose stored id may be an older one) by name key.
 */
export function writeIndexRows(db: Database, tenantId: string, writes: readonly EntryWrite[], by: "id" | "name_key" = "id"): Statement[] {
  const json = indexJson(writes);
  const match = by === "id" ? sql.raw("e.id = json_extract(j.value, '$.id')") : sql.raw("e.kind = 'item' AND e.name_key = json_extract(j.value, '$.nameKey')");
  return [
    runSql(db, sql`
      DELETE FROM knowledge_fts WHERE rowid IN (
        SELECT e.row_id FROM json_each(${json}) j CROSS JOIN knowledge_entries e ON e.tenant_id = ${tenantId} AND ${match})`),
    runSql(db, sql`
      INSERT INTO knowledge_fts (rowid, title, body, tags, tenant, tenant_id)
      SELECT e.row_id, json_extract(j.value, '$.title'), json_extract(j.value, '$.body'), json_extract(j.value, '$.tags'), ${tenantToken(tenantId)}, ${tenantId}
      FROM json_each(${json}) j CROSS JOIN knowledge_entries e ON e.tenant_id = ${tenantId} AND ${match}`),
  ];
}

/**
 * Recounts the tenant's stats row from its entries: counts per kind, the prompt size of
 * everything enabled, and one more version. Last in every write batch, so it is never stale.
 */
export function refreshStats(db: Database, tenantId: string): Statement {
  return runSql(db, sql`
    INSERT INTO knowledge_stats (tenant_id, items, faqs, documents, prompt_chars, version)
    SELECT ${tenantId},
      coalesce(sum(kind = 'item'), 0), coalesce(sum(kind = 'faq'), 0), coalesce(sum(kind = 'document'), 0),
      coalesce(sum(CASE WHEN enabled = 1 AND kind <> 'document' THEN prompt_chars ELSE 0 END), 0), 1
    FROM knowledge_entries WHERE tenant_id = ${tenantId}
    ON CONFLICT (tenant_id) DO UPDATE SET
      items = excluded.items, faqs = excluded.faqs, documents = excluded.documents,
      prompt_chars = excluded.prompt_chars, version = knowledge_stats.version + 1`);
}

/** Replaces an entry's content (same id, same kind); a new text needs a new embedding. */
export function updateEntryRow(db: Database, row: NewEntryRow): Statement {
  const { id, tenantId, kind: _kind, createdAt: _created, ...content } = row;
  return db
    .update(knowledgeEntries)
    .set({ ...content, embedding: null })
    .where(and(eq(knowledgeEntries.tenantId, tenantId), eq(knowledgeEntries.id, id)));
}

/** Turns a document's chunks on or off with it. */
export function setChunksEnabled(db: Database, tenantId: string, documentId: string, enabled: boolean, now: number): Statement {
  return db
    .update(knowledgeEntries)
    .set({ enabled, updatedAt: now })
    .where(and(eq(knowledgeEntries.tenantId, tenantId), eq(knowledgeEntries.documentId, documentId), eq(knowledgeEntries.kind, "chunk")));
}

/** Deletes a document's chunks (the trigger removes their index rows). */
export function deleteChunks(db: Database, tenantId: string, documentId: string): Statement {
  return db
    .delete(knowledgeEntries)
    .where(and(eq(knowledgeEntries.tenantId, tenantId), eq(knowledgeEntries.documentId, documentId), eq(knowledgeEntries.kind, "chunk")));
}

/** Deletes an entry the owner sees (the trigger removes its index row). */
export function deleteEntryRow(db: Database, tenantId: string, id: string): Statement {
  return db.delete(knowledgeEntries).where(and(eq(knowledgeEntries.tenantId, tenantId), eq(knowledgeEntries.id, id), ne(knowledgeEntries.kind, "chunk")));
}

/** An entry the owner sees (faq, item, document), with a document's chunk count. */
export async function findEntry(db: Database, tenantId: string, id: string): Promise<{ row: EntryRow; chunks: number } | null> {
  const row = await db
    .select()
    .from(knowledgeEntries)
    .where(and(eq(knowledgeEntries.tenantId, tenantId), eq(knowledgeEntries.id, id), ne(knowledgeEntries.kind, "chunk")))
    .get();
  if (!row) return null;
  return { row, chunks: row.kind === "document" ? await countChunks(db, tenantId, [id]).then((m) => m.get(id) ?? 0) : 0 };
}

/** The item of the tenant with this name key, if any. */
export async function findItemByNameKey(db: Database, tenantId: string, nameKey: string): Promise<EntryRow | null> {
  const row = await db
    .select()
    .from(knowledgeEntries)
    .where(and(eq(knowledgeEntries.tenantId, tenantId), eq(knowledgeEntries.kind, "item"), eq(knowledgeEntries.nameKey, nameKey)))
    .get();
  return row ?? null;
}

/** Which of these name keys the tenant's catalog already has. */
export async function existingNameKeys(db: Database, tenantId: string, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.all<{ name_key: string }>(sql`
    SELECT name_key FROM knowledge_entries
    WHERE tenant_id = ${tenantId} AND kind = 'item' AND name_key IN (SELECT value FROM json_each(${JSON.stringify(keys)}))`);
  return new Set(rows.map((r) => r.name_key));
}

export async function countChunks(db: Database, tenantId: string, documentIds: readonly string[]): Promise<Map<string, number>> {
  if (documentIds.length === 0) return new Map();
  const rows = await db
    .select({ documentId: knowledgeEntries.documentId, n: sql<number>`count(*)` })
    .from(knowledgeEntries)
    .where(and(eq(knowledgeEntries.tenantId, tenantId), eq(knowledgeEntries.kind, "chunk"), inArray(knowledgeEntries.documentId, [...documentIds])))
    .groupBy(knowledgeEntries.documentId)
    .all();
  return new Map(rows.map((r) => [r.documentId!, r.n]));
}

export interface KnowledgeCounts {
  items: number;
  faqs: number;
  documents: number;
  promptChars: number;
  version: number;
}

export async function knowledgeCounts(db: Database, tenantId: string): Promise<KnowledgeCounts> {
  const row = await db.select().from(knowledgeStats).where(eq(knowledgeStats.tenantId, tenantId)).get();
  return row ?? { items: 0, faqs: 0, documents: 0, promptChars: 0, version: 0 };
}

/** Where a list page ends: the last row's sort key. */
export interface EntryKey {
  updatedAt: number;
  id: string;
}

/**
 * A page of the entries the owner sees, most recently changed first. `match` (an FTS5
 * expression) keeps the entries whose index row matches, and the documents one of whose chunks does.
 */
export async function listEntries(
  db: Database,
  tenantId: string,
  q: { kind: KnowledgeKind | null; match: string | null; after: EntryKey | null; limit: number },
): Promise<EntryRow[]> {
  const e = knowledgeEntries;
  const conditions: (SQL | undefined)[] = [eq(e.tenantId, tenantId), q.kind ? eq(e.kind, q.kind) : ne(e.kind, "chunk")];
  if (q.after) conditions.push(or(lt(e.updatedAt, q.after.updatedAt), and(eq(e.updatedAt, q.after.updatedAt), sql`${e.id} > ${q.after.id}`)));
  if (q.match !== null) {
    const hits = sql`SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH ${scopedMatch(tenantId, q.match)} AND tenant_id = ${tenantId}`;
    conditions.push(
      or(
        sql`${e.rowId} IN (${hits})`,
        sql`${e.id} IN (SELECT document_id FROM knowledge_entries WHERE tenant_id = ${tenantId} AND kind = 'chunk' AND row_id IN (${hits}))`,
      ),
    );
  }
  return db
    .select()
    .from(e)
    .where(and(...conditions))
    .orderBy(desc(e.updatedAt), asc(e.id))
    .limit(q.limit)
    .all();
}

/** A row of the turn's read, as D1 returns it. */
export interface RetrievedRow {
  id: string;
  kind: "faq" | "item" | "chunk";
  document_id: string | null;
  seq: number;
  question: string | null;
  answer: string | null;
  keywords: string | null;
  name: string | null;
  price_cents: number | null;
  unit: string | null;
  description: string | null;
  category: string | null;
  available: number | null;
  title: string | null;
  text: string | null;
  /** Null when the row came as part of the whole knowledge. */
  score: number | null;
  f_title: string | null;
  f_body: string | null;
  f_tags: string | null;
  /**
   * The vector's bytes in hex: a blob crosses from D1 as one number per byte, so 60 candidates'
   * vectors would be 46,080 numbers to serialize and parse on every turn; a string is one value.
   */
  embedding: string | null;
}

const ENTRY_COLUMNS = sql.raw(
  "e.id, e.kind, e.document_id, e.seq, e.question, e.answer, e.keywords, e.name, e.price_cents, e.unit, e.description, e.category, e.available, e.title, e.text",
);

/** The turn's read: the units, and the prompt size of the tenant's whole enabled knowledge. */
export interface Retrieved {
  rows: RetrievedRow[];
  totalChars: number;
}

/**
 * The one read a turn makes for its knowledge: every enabled unit when the tenant's whole
 * knowledge is at most `wholeChars`, else the `limit` best keyword matches of `match` among the
 * tenant's rows (bm25 weighting a term in the title 3×, in the tags 2×, in the body 1×; the
 * tenant token nothing) with their index columns and
 * embeddings for ranking; plus one row of kind 'total' whose score is the whole knowledge's size.
 * `match` is an FTS5 expression built from normalized terms only; '""' matches nothing. The index
 * picks its best rows first (twice `limit`, room for disabled entries) and only those are joined:
 * joined the other way round, every entry of the tenant would run the MATCH.
 */
export function retrievalRead(db: Database, q: { tenantId: string; match: string; wholeChars: number; limit: number }) {
  const total = sql`coalesce((SELECT prompt_chars FROM knowledge_stats WHERE tenant_id = ${q.tenantId}), 0)`;
  return allSql<RetrievedRow | (Pick<RetrievedRow, "score"> & { kind: "total" })>(db, sql`
    SELECT NULL AS id, 'total' AS kind, NULL AS document_id, 0 AS seq, NULL AS question, NULL AS answer, NULL AS keywords,
      NULL AS name, NULL AS price_cents, NULL AS unit, NULL AS description, NULL AS category, NULL AS available, NULL AS title, NULL AS text,
      ${total} AS score, NULL AS f_title, NULL AS f_body, NULL AS f_tags, NULL AS embedding
    UNION ALL
    SELECT * FROM (
      SELECT ${ENTRY_COLUMNS}, NULL AS score, NULL AS f_title, NULL AS f_body, NULL AS f_tags, NULL AS embedding
      FROM knowledge_entries e
      WHERE e.tenant_id = ${q.tenantId} AND e.enabled = 1 AND e.kind <> 'document' AND ${total} <= ${q.wholeChars}
    )
    UNION ALL
    SELECT * FROM (
      SELECT ${ENTRY_COLUMNS}, f.score, f.title AS f_title, f.body AS f_body, f.tags AS f_tags, hex(e.embedding) AS embedding
      FROM (
        SELECT rowid, bm25(knowledge_fts, 3.0, 1.0, 2.0, 0.0) AS score, title, body, tags FROM knowledge_fts
        WHERE knowledge_fts MATCH ${scopedMatch(q.tenantId, q.match)} AND tenant_id = ${q.tenantId} AND ${total} > ${q.wholeChars}
        ORDER BY score LIMIT ${q.limit * 2}
      ) f CROSS JOIN knowledge_entries e ON e.row_id = f.rowid
      WHERE e.tenant_id = ${q.tenantId} AND e.enabled = 1
      ORDER BY f.score LIMIT ${q.limit}
    )`);
}

/** The read's rows split into the units and the total. */
export function retrievedOf(rows: readonly (RetrievedRow | (Pick<RetrievedRow, "score"> & { kind: "total" }))[]): Retrieved {
  const units = rows.filter((r): r is RetrievedRow => r.kind !== "total");
  const total = rows.find((r) => r.kind === "total")?.score ?? 0;
  return { rows: units, totalChars: total };
}

/** Units of the tenant still without an embedding, oldest first (the partial index of exactly these). */
export async function unembeddedRows(db: Database, tenantId: string, limit: number): Promise<EntryRow[]> {
  return db
    .select()
    .from(knowledgeEntries)
    .where(and(eq(knowledgeEntries.tenantId, tenantId), sql`embedding IS NULL AND kind <> 'document'`))
    .orderBy(asc(knowledgeEntries.rowId))
    .limit(limit)
    .all();
}

/**
 * Stores vectors (their bytes, as `packVector` makes them) in one statement. A row whose `updatedAt`
 * changed meanwhile keeps no vector: it was computed for a text that is no longer there. The
 * JSON is read once into a materialized table: joined directly, it would be parsed again for
 * every row of the tenant.
 */
export async function setEmbeddings(db: Database, tenantId: string, vectors: readonly { rowId: number; updatedAt: number; bytes: Uint8Array }[]): Promise<void> {
  if (vectors.length === 0) return;
  const json = JSON.stringify(vectors.map((v) => ({ r: v.rowId, u: v.updatedAt, v: hex(v.bytes) })));
  await db.run(sql`
    WITH v AS MATERIALIZED (
      SELECT json_extract(value, '$.r') AS r, json_extract(value, '$.u') AS u, unhex(json_extract(value, '$.v')) AS b FROM json_each(${json})
    )
    UPDATE knowledge_entries SET embedding = v.b
    FROM v
    WHERE knowledge_entries.row_id = v.r AND knowledge_entries.tenant_id = ${tenantId} AND knowledge_entries.updated_at = v.u`);
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}
