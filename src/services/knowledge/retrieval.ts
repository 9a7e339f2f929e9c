/**
 * What a turn knows of the business: the query made of the burst (and the customer's previous
 * message), one D1 read, and the block the prompt carries. No AI call is needed; when the
 * tenant's entries have embeddings and an embedder is given, the query's meaning re-ranks the
 * keyword candidates, and any failure of it leaves the keyword ranking alone.
 */
import { setBounded } from "../../platform/bounded-map";
import { meterKnowledge } from "../../platform/metrics";
import type { Database } from "../../repositories/db";
import { retrievalRead, retrievedOf, type Retrieved } from "../../repositories/knowledge";
import { vectorFromHex } from "./embedding-vectors";
import type { Embedder } from "./embeddings";
import { KNOWLEDGE_HEADER_WHOLE } from "./knowledge-block";
import { ftsMatchQuery } from "./normalize";
import { allTerms, buildRetrievalQuery, type RetrievalQuery } from "./rank";
import { entryIdOf, unitOfRetrieved } from "./rows";
import { selectKnowledge, type KnowledgeSelection } from "./select";

/** Keyword candidates read per turn: more than any 30,000-character block holds. */
export const RETRIEVAL_CANDIDATES = 60;
/** The query's embedding is worth this long inside a turn, no more. */
export const QUERY_EMBED_TIMEOUT_MS = 1500;
/** An FTS5 expression that matches nothing: a query of stop words only reads no candidate. */
const MATCH_NOTHING = '""';

export interface KnowledgeRequest {
  tenantId: string;
  budgetChars: number;
  /** The customer's texts being answered. */
  texts: readonly string[];
  /** The customer's message before the burst, for follow-ups ("e o de chocolate?"). */
  previous: string | null;
}

/** The read of one turn, ready to run alone or in a batch with the turn's other reads. */
export function knowledgeRead(db: Database, req: KnowledgeRequest) {
  const query = buildRetrievalQuery(req.texts, req.previous);
  const statement = retrievalRead(db, {
    tenantId: req.tenantId,
    match: ftsMatchQuery(allTerms(query)) ?? MATCH_NOTHING,
    wholeChars: req.budgetChars - KNOWLEDGE_HEADER_WHOLE.length,
    limit: RETRIEVAL_CANDIDATES,
  });
  return { query, statement };
}

/** What a turn's prompt gets: the block, or null when the tenant has no knowledge at all. */
export interface TurnKnowledge {
  selection: KnowledgeSelection;
  /** False when the tenant has no enabled knowledge: the prompt then has no block and no knowledge rules. */
  present: boolean;
}

/**
 * Tenants whose last retrieval in this isolate needed the query's meaning (their knowledge did not
 * fit whole and carries embeddings): their next query is embedded while the read runs, not after.
 */
const meaningUseful = new Map<string, boolean>();
const MEANING_MEMO_MAX = 5_000;

/**
 * The block from the read's rows; the query is embedded only when meaning can change the order
 * (`early`: the embedding already under way, started with the read).
 */
export async function knowledgeFromRows(
  read: Retrieved,
  query: RetrievalQuery,
  req: KnowledgeRequest,
  embedder: Embedder | null,
  early: Promise<Float32Array | null> | null = null,
): Promise<TurnKnowledge> {
  const whole = read.totalChars <= req.budgetChars - KNOWLEDGE_HEADER_WHOLE.length;
  const retrieved = read.rows.map((r) => ({
    unit: unitOfRetrieved(r),
    title: r.f_title ?? "",
    body: r.f_body ?? "",
    tags: r.f_tags ?? "",
    bm25: r.score,
    embedding: vectorFromHex(r.embedding),
  }));
  const useful = !whole && retrieved.some((r) => r.embedding);
  setBounded(meaningUseful, MEANING_MEMO_MAX, req.tenantId, useful);
  const queryEmbedding = useful && embedder ? await (early ?? embedQuery(embedder, req.texts, query.context)) : null;
  return {
    selection: selectKnowledge({ rows: retrieved, whole, query, queryEmbedding, budgetChars: req.budgetChars }),
    present: read.totalChars > 0 && req.budgetChars > 0,
  };
}

/**
 * The query's meaning: the burst, plus the words the previous message lends it (the same context
 * terms the keywords use), so that after "tem bolo de cenoura?" the follow-up "e o de chocolate?"
 * means a chocolate cake, not the carrot one again.
 */
async function embedQuery(embedder: Embedder, texts: readonly string[], context: readonly string[]): Promise<Float32Array | null> {
  const text = [...texts, context.join(" ")].join("\n").trim();
  if (text === "") return null;
  try {
    const vectors = await embedder.embed([text], "RETRIEVAL_QUERY", QUERY_EMBED_TIMEOUT_MS);
    return vectors?.[0] ?? null;
  } catch {
    return null;
  }
}

/** Retrieval on its own, in one read (and the query's embedding alongside it when it was needed last time). */
export async function retrieveKnowledge(db: Database, req: KnowledgeRequest, embedder: Embedder | null): Promise<TurnKnowledge & Retrieved> {
  const { query, statement } = knowledgeRead(db, req);
  const early = embedder && meaningUseful.get(req.tenantId) ? embedQuery(embedder, req.texts, query.context) : null;
  const read = retrievedOf(await statement);
  return { ...(await knowledgeFromRows(read, query, req, embedder, early)), ...read };
}

/** `GET /knowledge/search`: the block's lines with the entry each came from and its score (0 when the whole knowledge went in). */
export async function searchKnowledge(db: Database, tenantId: string, q: string, budgetChars: number, embedder: Embedder | null) {
  const { selection, rows } = await retrieveKnowledge(db, { tenantId, budgetChars, texts: [q], previous: null }, embedder);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    items: selection.lines.map(({ unit, line }) => ({ ...entryIdOf(byId.get(unit.id)!), score: round(selection.scores.get(unit.id) ?? 0), text: line })),
    chars: selection.text.length,
  };
}

function round(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}

/**
 * The knowledge of one turn as the prompt takes it: the block text, or null when the tenant has
 * none. `previous` is the customer's last message before the burst.
 */
export async function knowledgeForTurn(db: Database, req: KnowledgeRequest, embedder: Embedder | null): Promise<{ text: string } | null> {
  if (req.budgetChars <= 0) return null;
  const started = performance.now();
  const { selection, present } = await retrieveKnowledge(db, req, embedder);
  meterKnowledge(performance.now() - started);
  return present ? { text: selection.text } : null;
}
