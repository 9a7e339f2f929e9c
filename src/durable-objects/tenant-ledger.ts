import { DurableObject } from "cloudflare:workers";
import { metricsRequested } from "../config/env";
import { enableMetrics, meterDurableObject } from "../platform/metrics";
import { openDatabase } from "../repositories/db";
import { aiCallsOn } from "../services/tenants/usage";

/** Claims are kept this long: Evolution stops retrying a webhook after about 20 minutes. */
const CLAIM_TTL_MS = 3 * 24 * 3_600_000;
const PRUNE_EVERY = 1_000;
const CLAIMS_PER_ROW = 1_000;

type Claim = { id: string; owner: string };

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
  /** Every claim younger than the TTL, by id: read from storage once per start. */
  private owners: Map<string, { owner: string; at: number }> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    enableMetrics(metricsRequested(env));
    // A call's new claims are one row (rows written are billed): lookups use the memory above.
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS claim_sets (n INTEGER PRIMARY KEY, at INTEGER NOT NULL, claims TEXT NOT NULL) STRICT");
    this.foldClaimRows();
    // The quota's counts were kept in a row here, written on every reservation; D1's usage rows hold them.
    ctx.storage.sql.exec("DROP TABLE IF EXISTS ai_quota");
    ctx.storage.sql.exec("DROP TABLE IF EXISTS ai_calls");
  }

  /**
   * Reserves one AI call against the tenant's daily ceiling and monthly quota. Conversations
   * answer in parallel, so the check and the count must happen in one place, atomically: this
   * object is the tenant's single authority over them. The counts live in memory, seeded from
   * D1's usage rows (where every turn adds its AI calls) when the object starts or the month is
   * new to it, so a reservation writes nothing; a restart forgets only the calls still in flight.
   */
  async reserveAiCall(q: { tenantId: string; day: string; dailyLimit: number; monthlyLimit: number | null }): Promise<boolean> {
    meterDurableObject("reserve", undefined, this.ctx);
    const month = q.day.slice(0, 7);
    if (this.quota?.month !== month) {
      this.seeding ??= this.seedQuota(q.tenantId, q.day).finally(() => (this.seeding = null));
      await this.seeding;
    }
    const quota = this.quota!;
    if (quota.day !== q.day) Object.assign(quota, { day: q.day, dayN: 0 });
    if (quota.month !== month) Object.assign(quota, { month, monthN: 0 });
    // Synchronous from the check to the count: parallel reservations cannot both take the last call.
    if (quota.dayN >= q.dailyLimit || (q.monthlyLimit !== null && quota.monthN >= q.monthlyLimit)) return false;
    quota.dayN++;
    quota.monthN++;
    return true;
  }

  private quota: { day: string; dayN: number; month: string; monthN: number } | null = null;
  private seeding: Promise<void> | null = null;

  private async seedQuota(tenantId: string, day: string): Promise<void> {
    const used = await aiCallsOn(openDatabase(this.env.DB), tenantId, day);
    this.quota = { day, dayN: used.day, month: day.slice(0, 7), monthN: used.month };
  }

  /**
   * Claims each id for its conversation and returns each id's owner: the caller's conversation
   * on the first claim and on every repeat from it, the other conversation for a cross-chat copy.
   * The call's new claims are stored in one row before it answers.
   */
  async claim(claims: Claim[]): Promise<string[]> {
    meterDurableObject("claim", undefined, this.ctx);
    const now = Date.now();
    const owners = this.loadOwners(now);
    const fresh: Claim[] = [];
    const result = claims.map(({ id, owner }) => {
      const known = owners.get(id);
      if (known) return known.owner;
      owners.set(id, { owner, at: now });
      fresh.push({ id, owner });
      return owner;
    });
    try {
      this.storeClaims(now, fresh);
    } catch (err) {
      // Not stored, not claimed: the memory must not vouch for what storage does not hold.
      for (const { id } of fresh) owners.delete(id);
      throw err;
    }
    this.claimsSincePrune += fresh.length;
    if (this.claimsSincePrune >= PRUNE_EVERY) this.prune(now);
    return result;
  }

  /** Claims as rows of at most `CLAIMS_PER_ROW`, so no row nears the storage's row limit. */
  private storeClaims(at: number, claims: Claim[]): void {
    for (let i = 0; i < claims.length; i += CLAIMS_PER_ROW) {
      this.ctx.storage.sql.exec("INSERT INTO claim_sets (at, claims) VALUES (?, ?)", at, JSON.stringify(claims.slice(i, i + CLAIMS_PER_ROW)));
    }
  }

  private loadOwners(now: number): Map<string, { owner: string; at: number }> {
    if (this.owners) return this.owners;
    const owners = new Map<string, { owner: string; at: number }>();
    const rows = this.ctx.storage.sql.exec<{ at: number; claims: string }>("SELECT at, claims FROM claim_sets WHERE at >= ? ORDER BY n", now - CLAIM_TTL_MS);
    for (const row of rows) {
      for (const c of JSON.parse(row.claims) as Claim[]) if (!owners.has(c.id)) owners.set(c.id, { owner: c.owner, at: row.at });
    }
    this.owners = owners;
    return owners;
  }

  private prune(now: number): void {
    const cutoff = now - CLAIM_TTL_MS;
    this.ctx.storage.sql.exec("DELETE FROM claim_sets WHERE at < ?", cutoff);
    for (const [id, c] of this.owners ?? []) if (c.at < cutoff) this.owners!.delete(id);
    this.claimsSincePrune = 0;
  }

  /** Ledgers written before claims were grouped kept a row per claim: those fold into groups once. */
  private foldClaimRows(): void {
    const sql = this.ctx.storage.sql;
    if (sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'claims'").toArray().length === 0) return;
    this.ctx.storage.transactionSync(() => {
      const rows = sql.exec<{ id: string; owner: string; at: number }>("SELECT id, owner, at FROM claims ORDER BY at").toArray();
      // Stored as young as the newest claim, so pruning never drops one before its time is up.
      if (rows.length > 0) this.storeClaims(rows.at(-1)!.at, rows.map(({ id, owner }) => ({ id, owner })));
      sql.exec("DROP TABLE claims");
    });
  }
}
