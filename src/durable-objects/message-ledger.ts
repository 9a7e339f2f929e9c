import { DurableObject } from "cloudflare:workers";
import { meterDurableObject } from "../services/metrics";

/** Claims are kept this long: Evolution stops retrying a webhook after about 20 minutes. */
const CLAIM_TTL_MS = 3 * 24 * 3_600_000;
const PRUNE_EVERY = 1_000;

/**
 * One per tenant: which conversation owns each WhatsApp message id. The Conversation objects
 * drop repeats of an id they have seen, but Baileys can deliver one id twice with a different
 * `remoteJid` (phone JID once, `@lid` once), which would route the copy to another
 * conversation; the ledger makes `(instance, key.id)` processed at most once across them.
 */
export class MessageLedger extends DurableObject<Env> {
  private claimsSincePrune = PRUNE_EVERY;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS claims (id TEXT PRIMARY KEY, owner TEXT NOT NULL, at INTEGER NOT NULL) STRICT",
    );
  }

  /**
   * Claims each id for its conversation and returns each id's owner: the caller's conversation
   * on the first claim and on every repeat from it, the other conversation for a cross-chat copy.
   */
  async claim(claims: { id: string; owner: string }[]): Promise<string[]> {
    meterDurableObject("claim");
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
