import type { InboundEvent } from "../../domain/inbound-event";
import {
  initialConversationState,
  type ConversationState,
  type Outbox,
  type OutboxPart,
  type PendingMessage,
  type TurnStore,
} from "../../services/attendant/turn/turn-store";

/**
 * The Conversation object's own SQLite, written as few rows as the guarantees allow (rows written
 * are billed):
 * - `inbound`: one row per message id, written once on arrival. It is the dedupe record and the
 *   pending burst at once; a turn takes a burst by moving the state's `doneSeq` past it, not by
 *   rewriting the rows, and the events stay for the transcript until pruned.
 * - `state`: one row, rewritten only when something in it changed. It holds the reply being sent
 *   too, so a turn's commit (burst taken, reply stored) is one row written, atomic by itself.
 * WITHOUT ROWID (text keys) keeps each inbound row one b-tree write. Every method is synchronous,
 * so calls without an await in between commit together.
 */
export class ConversationStore implements TurnStore {
  private cached: ConversationState | null = null;
  private nextSeq: number | null = null;
  private unsavedTurn: string | null = null;
  private readonly sql: SqlStorage;

  constructor(private readonly storage: DurableObjectStorage) {
    this.sql = storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS inbound (
      id TEXT PRIMARY KEY, seq INTEGER NOT NULL, ts INTEGER NOT NULL, received INTEGER NOT NULL, body TEXT) STRICT, WITHOUT ROWID`);
    this.sql.exec("CREATE TABLE IF NOT EXISTS state (k INTEGER PRIMARY KEY CHECK (k = 1), v TEXT NOT NULL) STRICT");
    this.foldOutboxRows();
  }

  /**
   * Objects written before replies moved into the state row kept each part in an `outbox` row: a
   * reply in flight across that deploy takes its parts into the state once, and the table goes.
   */
  private foldOutboxRows(): void {
    if (this.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'outbox'").toArray().length === 0) return;
    this.storage.transactionSync(() => {
      const s = this.state();
      const legacy = s.outbox as (Omit<Outbox, "parts"> & { parts?: OutboxPart[]; partCount?: number }) | null;
      if (legacy && !legacy.parts) {
        const parts = this.sql
          .exec<{ part: string }>("SELECT part FROM outbox WHERE slot < ? ORDER BY slot", legacy.partCount ?? 0)
          .toArray()
          .map((r) => JSON.parse(r.part) as OutboxPart);
        const { partCount: _count, ...header } = legacy;
        this.setState({ ...s, outbox: { ...header, parts } });
      }
      this.sql.exec("DROP TABLE outbox");
    });
  }

  state(): ConversationState {
    if (!this.cached) {
      const row = this.sql.exec<{ v: string }>("SELECT v FROM state WHERE k = 1").toArray()[0];
      this.cached = row ? { ...initialConversationState(), ...(JSON.parse(row.v) as Partial<ConversationState>) } : initialConversationState();
    }
    return structuredClone(this.cached);
  }

  /** Writes the state, unless it is what is already there; a write that fails leaves the memory as it was. */
  setState(next: ConversationState): void {
    const before = this.cached ? JSON.stringify(this.cached) : null;
    const json = JSON.stringify(next);
    if (json !== before || !this.clean) {
      // An upsert rewrites the row in place; INSERT OR REPLACE would delete and insert (two writes).
      this.sql.exec("INSERT INTO state (k, v) VALUES (1, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", json);
    }
    this.cached = structuredClone(next);
    this.clean = true;
  }

  /** False while the memory holds changes `remember` made that are not written yet. */
  private clean = true;

  update(change: (s: ConversationState) => void): ConversationState {
    const s = this.state();
    change(s);
    this.setState(s);
    return s;
  }

  remember(change: (s: ConversationState) => void): void {
    const s = this.state();
    change(s);
    this.cached = s;
    this.clean = false;
  }

  hasSeen(id: string): boolean {
    return this.sql.exec("SELECT 1 FROM inbound WHERE id = ?", id).toArray().length > 0;
  }

  private allocateSeq(): number {
    this.nextSeq ??= (this.sql.exec<{ n: number | null }>("SELECT max(seq) AS n FROM inbound").one().n ?? this.state().doneSeq) + 1;
    return Math.max(this.nextSeq++, this.state().doneSeq + 1);
  }

  /** Records an id as processed without anything to answer (e.g. the bot's own echo). */
  markSeen(id: string, ts: number, now: number): void {
    this.sql.exec("INSERT OR IGNORE INTO inbound (id, seq, ts, received, body) VALUES (?, 0, ?, ?, NULL)", id, ts, now);
  }

  /** `receivedAt`: when the webhook arrived, which starts the debounce window. */
  addPending(event: InboundEvent, receivedAt: number): void {
    this.sql.exec(
      "INSERT OR IGNORE INTO inbound (id, seq, ts, received, body) VALUES (?, ?, ?, ?, ?)",
      event.messageId,
      this.allocateSeq(),
      event.timestamp,
      receivedAt,
      JSON.stringify(event),
    );
  }

  pending(): PendingMessage[] {
    return this.sql
      .exec<{ body: string; received: number; seq: number }>(
        "SELECT body, received, seq FROM inbound WHERE seq > ? AND body IS NOT NULL ORDER BY ts, received, id",
        this.state().doneSeq,
      )
      .toArray()
      .map((r) => ({ event: JSON.parse(r.body) as InboundEvent, receivedAt: r.received, seq: r.seq }));
  }

  pendingWindow(): { first: number; last: number } | null {
    const row = this.sql
      .exec<{ first: number | null; last: number | null }>(
        "SELECT min(received) AS first, max(received) AS last FROM inbound WHERE seq > ? AND body IS NOT NULL",
        this.state().doneSeq,
      )
      .one();
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }

  arrivalsSince(since: number): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM inbound WHERE received >= ? AND seq > 0", since).one().n;
  }

  events(ids: string[]): InboundEvent[] {
    return ids.flatMap((id) => {
      const row = this.sql.exec<{ body: string | null }>("SELECT body FROM inbound WHERE id = ?", id).toArray()[0];
      return row?.body ? [JSON.parse(row.body) as InboundEvent] : [];
    });
  }

  isUnsaved(turnId: string): boolean {
    return this.unsavedTurn === turnId;
  }

  markUnsaved(turnId: string): void {
    this.unsavedTurn = turnId;
  }

  /** Forgets answered ids older than `before`: Evolution stops retrying after about 20 minutes. */
  prune(before: number): void {
    this.sql.exec("DELETE FROM inbound WHERE seq <= ? AND received < ?", this.state().doneSeq, before);
  }

  wipe(): void {
    this.sql.exec("DELETE FROM inbound");
    this.sql.exec("DELETE FROM state");
    this.cached = null;
    this.clean = true;
    this.nextSeq = null;
    this.unsavedTurn = null;
  }
}
