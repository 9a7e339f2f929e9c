import type { InboundEvent } from "../../domain/inbound-event";
import { initialConversationState, type ConversationState, type PendingMessage, type TurnStore } from "../../services/attendant/turn/turn-store";

/**
 * The Conversation object's own SQLite: ids seen (dedupe), the pending burst, ids the bot sent,
 * and one state row. Every method is synchronous, so a sequence of calls without an await in
 * between commits atomically. It is the `TurnStore` a turn runs against.
 */
export class ConversationStore implements TurnStore {
  private cached: ConversationState | null = null;

  // WITHOUT ROWID: keyed by text ids, a rowid table would write every row twice (row and key
  // index), and storage rows written are billed.
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS inbox (
      id TEXT PRIMARY KEY, ts INTEGER NOT NULL, received INTEGER NOT NULL, body TEXT) STRICT, WITHOUT ROWID`);
    sql.exec(`CREATE TABLE IF NOT EXISTS sent (id TEXT PRIMARY KEY, at INTEGER NOT NULL) STRICT, WITHOUT ROWID`);
    sql.exec(`CREATE TABLE IF NOT EXISTS state (k INTEGER PRIMARY KEY CHECK (k = 1), v TEXT NOT NULL) STRICT`);
  }

  state(): ConversationState {
    if (!this.cached) {
      const row = this.sql.exec<{ v: string }>("SELECT v FROM state WHERE k = 1").toArray()[0];
      this.cached = row ? { ...initialConversationState(), ...(JSON.parse(row.v) as Partial<ConversationState>) } : initialConversationState();
    }
    return structuredClone(this.cached);
  }

  setState(next: ConversationState): void {
    // An upsert rewrites the row in place; INSERT OR REPLACE would delete and insert (two writes).
    this.sql.exec(
      "INSERT INTO state (k, v) VALUES (1, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
      JSON.stringify(next),
    );
    this.cached = structuredClone(next);
  }

  update(change: (s: ConversationState) => void): ConversationState {
    const s = this.state();
    change(s);
    this.setState(s);
    return s;
  }

  hasSeen(id: string): boolean {
    return this.sql.exec("SELECT 1 FROM inbox WHERE id = ?", id).toArray().length > 0;
  }

  /** Records an id as processed without anything to answer (e.g. the bot's own echo). */
  markSeen(id: string, ts: number, now: number): void {
    this.sql.exec("INSERT OR IGNORE INTO inbox (id, ts, received, body) VALUES (?, ?, ?, NULL)", id, ts, now);
  }

  /** `receivedAt`: when the webhook arrived, which starts the debounce window. */
  addPending(event: InboundEvent, receivedAt: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO inbox (id, ts, received, body) VALUES (?, ?, ?, ?)",
      event.messageId,
      event.timestamp,
      receivedAt,
      JSON.stringify(event),
    );
  }

  pending(): PendingMessage[] {
    return this.sql
      .exec<{ body: string; received: number }>(
        "SELECT body, received FROM inbox WHERE body IS NOT NULL ORDER BY ts, received, id",
      )
      .toArray()
      .map((r) => ({ event: JSON.parse(r.body) as InboundEvent, receivedAt: r.received }));
  }

  pendingWindow(): { first: number; last: number } | null {
    const row = this.sql
      .exec<{ first: number | null; last: number | null }>(
        "SELECT min(received) AS first, max(received) AS last FROM inbox WHERE body IS NOT NULL",
      )
      .one();
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }

  markDone(ids: string[]): void {
    for (const id of ids) this.sql.exec("UPDATE inbox SET body = NULL WHERE id = ?", id);
  }

  isSent(id: string): boolean {
    return this.sql.exec("SELECT 1 FROM sent WHERE id = ?", id).toArray().length > 0;
  }

  addSent(id: string, at: number): void {
    this.sql.exec("INSERT OR IGNORE INTO sent (id, at) VALUES (?, ?)", id, at);
  }

  /** Forgets processed ids older than `before`: Evolution stops retrying after about 20 minutes. */
  prune(before: number): void {
    this.sql.exec("DELETE FROM inbox WHERE body IS NULL AND received < ?", before);
    this.sql.exec("DELETE FROM sent WHERE at < ?", before);
  }

  wipe(): void {
    this.sql.exec("DELETE FROM inbox");
    this.sql.exec("DELETE FROM sent");
    this.sql.exec("DELETE FROM state");
    this.cached = null;
  }
}
