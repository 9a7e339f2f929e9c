/** The embedder of the knowledge routes, and their embedding off the request path. */
import type { Context } from "hono";
import { createEmbedder, type Embedder } from "../../services/ai/gemini";
import { embedPendingOnce } from "../../services/knowledge/embeddings";
import type { AppEnv } from "../middleware/context";

/** The platform's embedder: only with a Gemini key. */
export function embedderOf(c: Context<AppEnv>): Embedder | null {
  return createEmbedder({ apiKey: c.var.config.GEMINI_API_KEY, baseUrl: c.var.config.GEMINI_BASE_URL });
}

/**
 * Embeds the tenant's new or changed entries after the response, when the platform has a Gemini
 * key: a write never waits for it, and never fails because of it.
 */
export function scheduleEmbedding(c: Context<AppEnv>, tenantId: string): void {
  const embedder = embedderOf(c);
  if (!embedder) return;
  const log = c.var.log;
  c.executionCtx.waitUntil(embedPendingOnce({ db: c.var.db, embedder, log }, tenantId).catch(() => log.warn("knowledge embedding failed", { tenantId })));
}
