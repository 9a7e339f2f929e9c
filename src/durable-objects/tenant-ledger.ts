import { DurableObject } from "cloudflare:workers";
import { metricsRequested } from "../config/env";
import { enableMetrics, meterDurableObject } from "../platform/metrics";

/** Claims are kept this long: Evolution stops retrying a webhook after about 20 minutes. */
const CLAIM_TTL_MS = 3 * 24 * 3_600_000;
const PRUNE_EVERY = 1_000;

/**
 * One per tenant, the tenant's single authority over two things its conversations share:
 * - message claims: which conversation owns each WhatsApp message id. The Conversation objects
 *   drop repeats of an id they have seen, but Baileys can deliver one id twice with a different
 *   `remoteJid` (phone JID once, `@lid` once), which would route the copy to another
 *   conversation; the ledger makes `(instance, key.id)` processed at most once across them;
 * - the AI quota: the tenant's AI calls, counted so quotas hold while conversations run in parallel.
 * (Deployed before as `MessageLedger`: wrangler.toml's migration v2 renames the class, storage kept.)
 */
export class TenantLedger extends DurableObject<Env> {
  private claimsSincePrune = PRUNE_EVERY;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    enableMetrics(metricsRequested(env));
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS claims (id TEXT PRIMARY KEY, owner TEXT NOT NULL, at INTEGER NOT NULL) STRICT, WITHOUT ROWID",
    );
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS ai_quota (k INTEGER PRIMARY KEY CHECK (k = 1), day TEXT NOT NULL, day_n INTEGER NOT NULL, month TEXT NOT NULL, month_n INTEGER NOT NULL) STRICT",
    );
    // Counts kept by the earlier two-row layout carry over once.
    if (ctx.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'ai_calls'").toArray().length > 0) {
      const old = ctx.storage.sql.exec<{ period: string; n: number }>("SELECT period, n FROM ai_calls").toArray();
      const day = old.find((r) => r.period.length === 10);
      const month = old.find((r) => r.period.length === 7);
      if (day || month) {
        ctx.storage.sql.exec(
          "INSERT OR IGNORE INTO ai_quota (k, day, day_n, month, month_n) VALUES (1, ?, ?, ?, ?)",
          day?.period ?? "", day?.n ?? 0, month?.period ?? "", month?.n ?? 0,
        );
      }
      ctx.storage.sql.exec("DROP TABLE ai_calls");
    }
  }

  /**
   * Reserves one AI call against the tenant's daily ceiling and monthly quota. Conversations
   * answer in parallel, so the check and the count must happen in one place, atomically: this
   * object is the tenant's single authority over them (D1's usage rows are the report).
   */
  async reserveAiCall(q: { day: string; dailyLimit: number; monthlyLimit: number | null }): Promise<boolean> {
    meterDurableObject("reserve", undefined, this.ctx);
    const sql = this.ctx.storage.sql;
    const month = q.day.slice(0, 7);
    // One row holds today's and this month's counts: a reservation is one row written.
    const row = sql.exec<{ day: string; day_n: number; month: string; month_n: number }>("SELECT day, day_n, month, month_n FROM ai_quota WHERE k = 1").toArray()[0];
    const dayN = row?.day === q.day ? row.day_n : 0;
    const monthN = row?.month === month ? row.month_n : 0;
    if (dayN >= q.dailyLimit || (q.monthlyLimit !== null && monthN >= q.monthlyLimit)) return false;
    sql.exec(
      "INSERT INTO ai_quota (k, day, day_n, month, month_n) VALUES (1, ?, ?, ?, ?) ON CONFLICT (k) DO UPDATE SET day = excluded.day, day_n = excluded.day_n, month = excluded.month, month_n = excluded.month_n",
      q.day,
      dayN + 1,
      month,
      monthN + 1,
    );
    return true;
  }

  /**
   * Claims each id for its conversation and returns each id's owner: the caller's conversation
   * on the first claim and on every repeat from it, the other conversation for a cross-chat copy.
   */
  async claim(claims: { id: string; owner: string }[]): Promise<string[]> {
    meterDurableObject("claim", undefined, this.ctx);
    const sql = this.ctx.storage.sql;
    const now = Date.now();
    if (this.claimsSincePrune >= PRUNE_EVERY) {
      sql.exec("DELETE FROM claims WHERE at < ?", now - CLAIM_TTL_MS);
      this.claimsSincePrune = 0;
    }
    this.claimsSincePrune += claims.length;
    return claims.map(({ id, owner }) => {
      sql.exec("INSERT OR IGNORE INTO claims (id, owner, at) VALUES (?, ?, ?)", id, owner, now);
      return sql.exec<{ owner: string }>("SELECT owner FROM claims WHERE id = ?", id).one().owner;
    });
  }
}
