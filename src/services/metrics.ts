/**
 * Operation counters for the benchmark (`npm run bench`): billable Cloudflare operations, counted
 * where they happen and printed as one structured log line each, e.g.
 * `{"msg":"metrics","op":"d1","read":3,"written":0,"statements":2}`.
 *
 * Off unless the var `METRICS` is "1": every function here then returns at once, and
 * `openDatabase` hands drizzle the plain D1 binding, so production pays nothing for it.
 * Lines carry counts and durations only: no ids, texts or numbers.
 */
import { env } from "cloudflare:workers";
import { loadConfig } from "../config/env";

let enabled: boolean | null = null;

/** True when `METRICS=1` (a var or secret; absent in production). Read once per isolate. */
export function metricsEnabled(): boolean {
  if (enabled === null) {
    try {
      enabled = loadConfig(env).METRICS;
    } catch {
      // A misconfigured worker answers every request with an error; nothing to count.
      enabled = false;
    }
  }
  return enabled;
}

function emit(fields: Record<string, number | string>): void {
  console.log(JSON.stringify({ msg: "metrics", ...fields }));
}

/** Queue operations are billed per 64 KB chunk (1 KB = 1,000 bytes, plus about 100 bytes of metadata). */
export function queueUnits(bytes: number): number {
  return Math.max(1, Math.ceil((bytes + 100) / 64_000));
}

/** One billed Worker invocation (`kind`: "webhook", "queue"). */
export function meterRequest(kind: string): void {
  if (!metricsEnabled()) return;
  emit({ op: "request", kind });
}

/** A message written to the INBOX queue. */
export function meterQueueSend(body: unknown): void {
  if (!metricsEnabled()) return;
  emit({ op: "queue_write", units: queueUnits(JSON.stringify(body).length) });
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
    const settle = (op: string) => {
      if (settled) return;
      settled = true;
      emit({ op, units: u });
    };
    msg.ack = () => {
      settle("queue_delete");
      ack();
    };
    msg.retry = (options?: QueueRetryOptions) => {
      settle("queue_retry");
      retry(options);
    };
  }
  emit({ op: "request", kind: "queue" });
  emit({ op: "queue_read", messages: batch.messages.length, units, redelivered });
}

/**
 * One billed Durable Object request (an RPC call or an alarm). `receivedAt` (epoch ms, when the
 * webhook arrived) adds the time the event spent between the webhook and the object.
 */
export function meterDurableObject(kind: "receive" | "alarm" | "claim", receivedAt?: number): void {
  if (!metricsEnabled()) return;
  emit(receivedAt === undefined ? { op: "do", kind } : { op: "do", kind, lagMs: Date.now() - receivedAt });
}

interface D1Meta {
  rows_read?: number;
  rows_written?: number;
  size_after?: number;
}

/** Rows read and written by one statement or batch, and the database size (bytes) after it. */
function meterD1(results: { meta?: D1Meta }[]): void {
  let read = 0;
  let written = 0;
  let size = 0;
  for (const r of results) {
    read += r.meta?.rows_read ?? 0;
    written += r.meta?.rows_written ?? 0;
    size = Math.max(size, r.meta?.size_after ?? 0);
  }
  emit({ op: "d1", read, written, statements: results.length, size });
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
