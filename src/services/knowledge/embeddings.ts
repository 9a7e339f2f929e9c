/**
 * Meaning for retrieval, when the platform has a Gemini key: entries are embedded after they are
 * written, off the request path and in batches; a failure leaves them without a vector (keyword
 * retrieval still finds them) until the next write of the tenant tries again.
 */
import type { Logger } from "../../platform/log";
import type { Embedder } from "../ai/gemini";
import type { Database } from "../../repositories/db";
import { setEmbeddings, unembeddedRows } from "../../repositories/knowledge";
import { EMBEDDING_DIMENSIONS, packVector } from "./embedding-vectors";

export type { Embedder };
import { embeddingText } from "./rows";

/** Google's limit of texts per batch call. */
export const EMBED_BATCH = 100;
/** Rounds per run: a tenant's full 6,000 units, within one invocation's subrequests. */
const MAX_ROUNDS = 60;
const ENTRY_EMBED_TIMEOUT_MS = 20_000;

/** Tenants being embedded in this isolate, and whether a write came in meanwhile. */
const running = new Map<string, { again: boolean }>();

/**
 * `embedPending` at most once at a time per tenant in this isolate: a burst of writes (a thousand
 * FAQs posted one by one) makes one run that goes on until nothing is left, not a thousand runs
 * embedding the same rows.
 */
export async function embedPendingOnce(deps: { db: Database; embedder: Embedder; log: Logger }, tenantId: string): Promise<void> {
  const run = running.get(tenantId);
  if (run) {
    run.again = true;
    return;
  }
  const state = { again: true };
  running.set(tenantId, state);
  try {
    while (state.again) {
      state.again = false;
      await embedPending(deps, tenantId);
    }
  } finally {
    running.delete(tenantId);
  }
}

/** Embeds the tenant's units that have no vector yet; returns how many were stored. */
export async function embedPending(deps: { db: Database; embedder: Embedder; log: Logger }, tenantId: string): Promise<number> {
  let stored = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const rows = await unembeddedRows(deps.db, tenantId, EMBED_BATCH);
    if (rows.length === 0) break;
    const vectors = await deps.embedder.embed(rows.map(embeddingText), "RETRIEVAL_DOCUMENT", ENTRY_EMBED_TIMEOUT_MS);
    if (!vectors || vectors.length !== rows.length || vectors.some((v) => v.length !== EMBEDDING_DIMENSIONS)) {
      deps.log.warn("knowledge embedding failed", { tenantId, pending: rows.length });
      break;
    }
    await setEmbeddings(deps.db, tenantId, rows.map((r, i) => ({ rowId: r.rowId, updatedAt: r.updatedAt, bytes: packVector(vectors[i]!) })));
    stored += rows.length;
    if (rows.length < EMBED_BATCH) break;
  }
  return stored;
}
