/**
 * Operation counters for the benchmark (`npm run bench`): billable Cloudflare operations, counted
 * where they happen, summed per isolate and printed at most once a second as one structured log
 * line, e.g. `{"msg":"metrics","op":"totals","webhooks":12,"queueWrites":12,"d1Read":30,…}`
 * (a line per operation would make logging the local runtime's bottleneck). Counts still pending
 * after a quiet second are printed by the next counted operation, so a reader that wants every
 * count sends one more request at the end (the benchmark posts a webhook for an unknown instance).
 *
 * Off unless the Worker's entry points turn it on (the var `METRICS` is "1", see `src/index.ts`):
 * every function here then returns at once, and `openDatabase` hands drizzle the plain D1
 * binding, so production pays nothing for it. Lines carry counts and durations only: no ids,
 * texts or numbers.
 */
let enabled = false;

/** Called by every entry point (fetch, queue, each object) before anything is counted. */
export function enableMetrics(on: boolean): void {
  enabled = on;
}

export function metricsEnabled(): boolean {
  return enabled;
}

const FLUSH_EVERY_MS = 1000;
const FLUSH_EVERY_EVENTS = 1000;

const zero = () => ({
  /** Worker invocations: webhooks that reached the ingress, and queue consumer batches. */
  webhooks: 0,
  queueInvocations: 0,
  /** Queue operations, in 64 KB units: writes (send), reads (each delivery), deletes (ack). */
  queueWrites: 0,
  queueReads: 0,
  queueDeletes: 0,
  queueRetries: 0,
  queueRedeliveries: 0,
  /** Durable Object requests: Conversation.receive() calls and alarms, TenantLedger.claim() and reserveAiCall() calls. */
  doReceives: 0,
  doAlarms: 0,
  doLedgerCalls: 0,
  /** Rows read and written in the objects' own SQLite storage (billed like D1 rows since 2026-01). */
  doSqlRead: 0,
  doSqlWritten: 0,
  d1Read: 0,
  d1Written: 0,
  d1Statements: 0,
  /** SQL execution time D1 reports (`meta.duration`, ms): one database runs its queries one at a time. */
  d1Ms: 0,
});
type Totals = ReturnType<typeof zero>;

let totals = zero();
let events = 0;
/** Webhook → Conversation.receive() delays (ms) since the last line. */
let lags: number[] = [];
/** Durations (ms) of the knowledge retrieval of each turn since the last line. */
let knowledgeMs: number[] = [];
/** D1 size in bytes after the last counted statement. */
let d1Size = 0;
/** Cursors of Durable Object SQL statements since the last line: their row counts are final once read. */
let cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
let lastFlush = Date.now();

function count(changes: Partial<Totals>): void {
  for (const [key, value] of Object.entries(changes) as [keyof Totals, number][]) totals[key] += value;
  events++;
  if (events >= FLUSH_EVERY_EVENTS || Date.now() - lastFlush >= FLUSH_EVERY_MS) flushMetrics();
}

/** Prints the pending counts (if any) as one line and starts a new period. */
export function flushMetrics(): void {
  lastFlush = Date.now();
  if (events === 0) return;
  for (const cursor of cursors) {
    totals.doSqlRead += cursor.rowsRead;
    totals.doSqlWritten += cursor.rowsWritten;
  }
  cursors = [];
  const nonZero = Object.fromEntries(Object.entries(totals).filter(([, v]) => v !== 0));
  console.log(JSON.stringify({ msg: "metrics", op: "totals", ...nonZero, d1Size, lagMs: lags, ...(knowledgeMs.length ? { knowledgeMs } : {}) }));
  totals = zero();
  events = 0;
  lags = [];
  knowledgeMs = [];
}

/** Queue operations are billed per 64 KB chunk (1 KB = 1,000 bytes, plus about 100 bytes of metadata). */
export function queueUnits(bytes: number): number {
  return Math.max(1, Math.ceil((bytes + 100) / 64_000));
}

/** One billed Worker invocation: a webhook (`"webhook"`); queue invocations are counted by `meterQueueBatch`. */
export function meterRequest(kind: "webhook"): void {
  if (!metricsEnabled()) return;
  if (kind === "webhook") count({ webhooks: 1 });
}

/** A message written to the INBOX queue. */
export function meterQueueSend(body: unknown): void {
  if (!metricsEnabled()) return;
  count({ queueWrites: queueUnits(JSON.stringify(body).length) });
}

/**
 * One consumer invocation: counts the invocation, a read per delivered message (a redelivery after
 * `retry()` is another read), and wraps each message's `ack`/`retry` so a delete (ack) or a retry
 * is counted when it happens.
 */
export function meterQueueBatch(batch: MessageBatch<unknown>): void {
  if (!metricsEnabled()) return;
  let units = 0;
  let redelivered = 0;
  for (const msg of batch.messages) {
    const u = queueUnits(JSON.stringify(msg.body).length);
    units += u;
    if (msg.attempts > 1) redelivered++;
    const ack = msg.ack.bind(msg);
    const retry = msg.retry.bind(msg);
    let settled = false;
    msg.ack = () => {
      if (!settled) count({ queueDeletes: u });
      settled = true;
      ack();
    };
    msg.retry = (options?: QueueRetryOptions) => {
      if (!settled) count({ queueRetries: 1 });
      settled = true;
      retry(options);
    };
  }
  count({ queueInvocations: 1, queueReads: units, queueRedeliveries: redelivered });
}

const METERED = Symbol("metered sql");

/** Makes an object's `storage.sql.exec()` keep its cursors, whose row counts the next line adds up. */
function meterSql(ctx: DurableObjectState): void {
  const sql = ctx.storage.sql as SqlStorage & { [METERED]?: true };
  if (sql[METERED]) return;
  const exec = sql.exec.bind(sql);
  sql.exec = <T extends Record<string, SqlStorageValue>>(query: string, ...bindings: unknown[]) => {
    const cursor = exec<T>(query, ...bindings);
    cursors.push(cursor as unknown as SqlStorageCursor<Record<string, SqlStorageValue>>);
    return cursor;
  };
  sql[METERED] = true;
}

/**
 * One billed Durable Object request (an RPC call or an alarm). `receivedAt` (epoch ms, when the
 * webhook arrived) adds the time the event spent between the webhook and the object; `ctx` makes
 * the object's own SQL statements count too.
 */
export function meterDurableObject(kind: "receive" | "alarm" | "claim" | "reserve", receivedAt?: number, ctx?: DurableObjectState): void {
  if (!metricsEnabled()) return;
  if (ctx) meterSql(ctx);
  if (receivedAt !== undefined) lags.push(Date.now() - receivedAt);
  count(kind === "receive" ? { doReceives: 1 } : kind === "alarm" ? { doAlarms: 1 } : { doLedgerCalls: 1 });
}

/** One turn's knowledge retrieval (its read, the query's embedding, the ranking), in ms. */
export function meterKnowledge(ms: number): void {
  if (!metricsEnabled()) return;
  knowledgeMs.push(Math.round(ms * 100) / 100);
  count({});
}

interface D1Meta {
  rows_read?: number;
  rows_written?: number;
  size_after?: number;
  duration?: number;
}

/** Rows read and written by one statement or batch, and the database size (bytes) after it. */
function meterD1(results: { meta?: D1Meta }[]): void {
  let read = 0;
  let written = 0;
  let ms = 0;
  for (const r of results) {
    read += r.meta?.rows_read ?? 0;
    written += r.meta?.rows_written ?? 0;
    ms += r.meta?.duration ?? 0;
    d1Size = Math.max(d1Size, r.meta?.size_after ?? 0);
  }
  count({ d1Read: read, d1Written: written, d1Statements: results.length, d1Ms: ms });
}

/** Rows of an `all()` result as arrays, column order kept, as `raw()` would return them. */
function toArrays(rows: Record<string, unknown>[]): unknown[][] {
  return rows.map((row) => Object.keys(row).map((k) => row[k]));
}

/** Marks statements made by `meteredD1`, so `batch()` can hand D1 the real ones. */
const INNER = Symbol("inner statement");
type MeteredStatement = D1PreparedStatement & { [INNER]: D1PreparedStatement };

function meteredStatement(inner: D1PreparedStatement): MeteredStatement {
  const stmt = {
    [INNER]: inner,
    bind: (...values: unknown[]) => meteredStatement(inner.bind(...values)),
    async all<T>() {
      const result = await inner.all<T>();
      meterD1([result]);
      return result;
    },
    async run<T>() {
      const result = await inner.run<T>();
      meterD1([result]);
      return result;
    },
    // `raw()` and `first()` return no meta: run `all()` instead and shape its rows the same way.
    async raw(options?: { columnNames?: boolean }) {
      const result = await inner.all<Record<string, unknown>>();
      meterD1([result]);
      const rows = toArrays(result.results);
      if (!options?.columnNames) return rows;
      const first = result.results[0];
      return [first ? Object.keys(first) : [], ...rows];
    },
    async first(column?: string) {
      const result = await inner.all<Record<string, unknown>>();
      meterD1([result]);
      const row = result.results[0];
      if (!row) return null;
      return column === undefined ? row : (row[column] ?? null);
    },
  };
  return stmt as unknown as MeteredStatement;
}

const unwrap = (s: D1PreparedStatement) => (s as Partial<MeteredStatement>)[INNER] ?? s;

/**
 * A D1 binding that counts `meta.rows_read`/`meta.rows_written` of every statement it runs,
 * batches included (drizzle calls `bind().all()/run()/raw()` and `batch()`). `exec()` (used only
 * for migrations) reports no row counts and passes through uncounted.
 */
export function meteredD1(d1: D1Database): D1Database {
  const metered = {
    prepare: (query: string) => meteredStatement(d1.prepare(query)),
    async batch<T>(statements: D1PreparedStatement[]) {
      const results = await d1.batch<T>(statements.map(unwrap));
      meterD1(results);
      return results;
    },
    exec: (query: string) => d1.exec(query),
    withSession: (constraint?: D1SessionBookmark | D1SessionConstraint) => d1.withSession(constraint),
    dump: () => d1.dump(),
  };
  return metered as unknown as D1Database;
}
