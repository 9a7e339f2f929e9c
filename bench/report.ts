/**
 * The benchmark's bookkeeping and its report: what was sent, what the fakes saw, what the worker
 * counted, and the figures computed from them (see bench/README.md for each definition).
 */
import type { GeminiCall } from "../tools/fakes/gemini.ts";

/** Cloudflare list prices (Workers Paid, beyond the included amounts), US$ per unit. */
export const PRICES = {
  workerRequest: 0.3 / 1e6,
  queueOperation: 0.4 / 1e6,
  durableObjectRequest: 0.15 / 1e6,
  durableObjectGbSecond: 12.5 / 1e6,
  d1RowRead: 0.001 / 1e6,
  d1RowWritten: 1.0 / 1e6,
  /** Beyond the cost model's core items: SQLite-backed Durable Object storage, billed since January 2026 like D1 rows. */
  doSqlRowRead: 0.001 / 1e6,
  doSqlRowWritten: 1.0 / 1e6,
};
/** Gemini 2.5 Flash list prices, US$ per token: cached prompt tokens at 10% of the input price. */
export const GEMINI_PRICES = { input: 0.3 / 1e6, cachedInput: 0.03 / 1e6, output: 2.5 / 1e6 };

/** Durable Object duration is billed at 128 MB per active object. */
export const DO_GB = 128 / 1024;

/** A customer message of the workload; `tag` ("{t01c03b2m1}") travels in its text. */
export interface BenchMessage {
  key: string;
  burstKey: string;
  idx: number;
  id: string;
  /** messageTimestamp, epoch seconds (strictly increasing per contact). */
  ts: number;
  text: string;
}

export interface Reply {
  at: number;
  text: string;
  /** The fake Gemini call whose answer this is; null for a fixed text (fallback). */
  answerSeq: number | null;
}

export interface Burst {
  key: string;
  contactKey: string;
  /** 1, 2, 3 … within its contact. */
  n: number;
  messages: BenchMessage[];
  /** When the bench started posting the last new (non-duplicate) message of the burst. */
  lastNewPostAt: number | null;
  reordered: boolean;
  duplicates: number;
  /** Arrival of the first sendText call answering this burst (Evolution's clock starts here). */
  firstSendTextAt: number | null;
  replies: Reply[];
  evolutionFailures: number;
  timedOut: boolean;
}

export interface Delivery {
  duplicate: boolean;
  late: boolean;
  ackMs: number;
  status: number;
  attempts: number;
}

/** Operations counted by the worker (`{"msg":"metrics","op":"totals",…}` lines, var METRICS=1). */
export class WorkerCounters {
  webhookRequests = 0;
  queueInvocations = 0;
  queueWriteUnits = 0;
  queueReadUnits = 0;
  queueDeleteUnits = 0;
  queueRetries = 0;
  queueRedeliveries = 0;
  doReceives = 0;
  doAlarms = 0;
  doLedgerCalls = 0;
  doSqlRowsRead = 0;
  doSqlRowsWritten = 0;
  d1RowsRead = 0;
  d1RowsWritten = 0;
  d1Statements = 0;
  d1Ms = 0;
  /** D1 size after the last statement seen (bytes). */
  d1Size = 0;
  queueLagMs: number[] = [];
  lines = 0;

  add(m: Record<string, unknown>): void {
    if (m.op !== "totals") return;
    const n = (k: string) => (typeof m[k] === "number" ? (m[k] as number) : 0);
    this.lines++;
    this.webhookRequests += n("webhooks");
    this.queueInvocations += n("queueInvocations");
    this.queueWriteUnits += n("queueWrites");
    this.queueReadUnits += n("queueReads");
    this.queueDeleteUnits += n("queueDeletes");
    this.queueRetries += n("queueRetries");
    this.queueRedeliveries += n("queueRedeliveries");
    this.doReceives += n("doReceives");
    this.doAlarms += n("doAlarms");
    this.doLedgerCalls += n("doLedgerCalls");
    this.doSqlRowsRead += n("doSqlRead");
    this.doSqlRowsWritten += n("doSqlWritten");
    this.d1RowsRead += n("d1Read");
    this.d1RowsWritten += n("d1Written");
    this.d1Statements += n("d1Statements");
    this.d1Ms += n("d1Ms");
    if (n("d1Size") > 0) this.d1Size = n("d1Size");
    if (Array.isArray(m.lagMs)) this.queueLagMs.push(...(m.lagMs as number[]));
  }
}

const TAG = /\{(t\d+c\d+b\d+)m(\d+)\}/g;

/** Bench tags in a text, in order: `{t01c03b2m1}` → `{burstKey: "t01c03b2", idx: 1}`. */
export function parseTags(text: string): { burstKey: string; idx: number }[] {
  return [...text.matchAll(TAG)].map((m) => ({ burstKey: m[1]!, idx: Number(m[2]) }));
}

/** The fake Gemini's answer names its call, so the bench knows which call each reply carries. */
export const answerSeqOf = (text: string): number | null => {
  const m = /\bans=(\d+)\b/.exec(text);
  return m ? Number(m[1]) : null;
};

export function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  if (values.length === 0) return { p50: 0, p95: 0, p99: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(at(0.5)), p95: r(at(0.95)), p99: r(at(0.99)) };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const sig = (x: number) => Number(x.toPrecision(4));

export interface RunFacts {
  config: Record<string, unknown>;
  bursts: Burst[];
  deliveries: Delivery[];
  calls: GeminiCall[];
  /** requested `delay` of every sendText the fake Evolution accepted (ms, unscaled). */
  sendTextDelaysMs: number[];
  evolutionFailures: number;
  counters: WorkerCounters;
  d1SizeBefore: number;
  loadStartedAt: number;
  loadEndedAt: number;
  firstPostAt: number;
  lastAckAt: number;
  debounceMs: number;
  workerErrors: number;
  strayReplies: number;
  /** The unauthenticated 30 MB body: its status and time, next to a small webhook's. */
  hostileBody: { status: number; ms: number; unknownInstanceMs: number };
}

/** Computes every figure of the report from what the run recorded. */
export function buildReport(f: RunFacts) {
  const messages = f.bursts.flatMap((b) => b.messages);
  const byKey = new Map(messages.map((m) => [m.key, m]));
  const callBySeq = new Map(f.calls.map((c) => [c.seq, c]));
  const tagsOf = (c: GeminiCall) => parseTags(c.lastUserTexts.join("\n"));

  // Lost: a message is answered when an AI answer covering it was delivered, or its burst got a
  // fixed-text reply (fallback after failed AI attempts).
  const answeredBy = new Map<string, Set<number>>();
  const deliveriesPerAnswer = new Map<number, number>();
  let extraFallbacks = 0;
  for (const b of f.bursts) {
    let fallbacks = 0;
    for (const r of b.replies) {
      if (r.answerSeq === null) {
        fallbacks++;
        for (const m of b.messages) if (!answeredBy.has(m.key)) answeredBy.set(m.key, new Set([-1]));
        continue;
      }
      deliveriesPerAnswer.set(r.answerSeq, (deliveriesPerAnswer.get(r.answerSeq) ?? 0) + 1);
      const call = callBySeq.get(r.answerSeq);
      for (const t of call ? tagsOf(call) : []) {
        const key = `${t.burstKey}m${t.idx}`;
        const set = answeredBy.get(key) ?? new Set<number>();
        set.delete(-1);
        set.add(r.answerSeq);
        answeredBy.set(key, set);
      }
    }
    extraFallbacks += Math.max(0, fallbacks - 1);
  }
  const messagesLost = messages.filter((m) => !answeredBy.has(m.key)).length;
  const extraAnswerDeliveries = [...deliveriesPerAnswer.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  const messagesAnsweredTwice = [...answeredBy.values()].reduce((n, s) => n + Math.max(0, s.size - 1), 0);
  const duplicateReplies = extraAnswerDeliveries + extraFallbacks + messagesAnsweredTwice + f.strayReplies;

  // Order: every Gemini call must see its messages in messageTimestamp order, and each contact's
  // replies must arrive in the order of its bursts.
  let callsOutOfOrder = 0;
  for (const c of f.calls) {
    const ts = tagsOf(c).map((t) => byKey.get(`${t.burstKey}m${t.idx}`)?.ts ?? Number.NaN);
    if (ts.some((x, i) => i > 0 && !(x > ts[i - 1]!))) callsOutOfOrder++;
  }
  let repliesOutOfOrder = 0;
  const byContact = new Map<string, { at: number; n: number }[]>();
  for (const b of f.bursts) for (const r of b.replies) byContact.set(b.contactKey, [...(byContact.get(b.contactKey) ?? []), { at: r.at, n: b.n }]);
  for (const replies of byContact.values()) {
    replies.sort((a, b) => a.at - b.at);
    replies.forEach((r, i) => {
      if (i > 0 && r.n < replies[i - 1]!.n) repliesOutOfOrder++;
    });
  }
  const orderViolations = callsOutOfOrder + repliesOutOfOrder;

  // AI calls: a turn is one distinct set of messages sent to the model (its retries are the same turn).
  const turns = new Set(f.calls.map((c) => tagsOf(c).map((t) => `${t.burstKey}m${t.idx}`).join(",")));
  const bursts = f.bursts.length;

  // Pipeline overhead, on bursts answered by one clean AI call (no retries, no Evolution failure):
  // first sendText arrival − last new message posted − debounce − model time.
  const overhead: number[] = [];
  const replyLatency: number[] = [];
  for (const b of f.bursts) {
    if (b.firstSendTextAt === null || b.lastNewPostAt === null) continue;
    replyLatency.push(b.firstSendTextAt - b.lastNewPostAt);
    const calls = f.calls.filter((c) => tagsOf(c).some((t) => t.burstKey === b.key));
    if (calls.length !== 1 || calls[0]!.outcome !== "ok" || b.evolutionFailures > 0) continue;
    if (!tagsOf(calls[0]!).every((t) => t.burstKey === b.key) || tagsOf(calls[0]!).length !== b.messages.length) continue;
    overhead.push(b.firstSendTextAt - b.lastNewPostAt - f.debounceMs - calls[0]!.latencyMs);
  }

  const c = f.counters;
  const perMessage = (x: number) => (messages.length ? (x * 1000) / messages.length : 0);
  const ops = {
    workerRequests: c.webhookRequests + c.queueInvocations,
    queueOperations: c.queueWriteUnits + c.queueReadUnits + c.queueDeleteUnits,
    durableObjectRequests: c.doReceives + c.doAlarms + c.doLedgerCalls,
    d1RowsRead: c.d1RowsRead,
    d1RowsWritten: c.d1RowsWritten,
    durableObjectSqlRowsRead: c.doSqlRowsRead,
    durableObjectSqlRowsWritten: c.doSqlRowsWritten,
  };
  // Durable Object duration (modeled): the alarm is active while it waits for the model and for
  // Evolution's typing delay (requested, unscaled); receive() calls take milliseconds.
  const doActiveSeconds = (f.calls.reduce((n, call) => n + call.latencyMs, 0) + f.sendTextDelaysMs.reduce((n, d) => n + d, 0)) / 1000;
  const costs = {
    workerRequests: perMessage(ops.workerRequests) * PRICES.workerRequest,
    queueOperations: perMessage(ops.queueOperations) * PRICES.queueOperation,
    durableObjectRequests: perMessage(ops.durableObjectRequests) * PRICES.durableObjectRequest,
    durableObjectDuration: perMessage(doActiveSeconds * DO_GB) * PRICES.durableObjectGbSecond,
    d1RowsRead: perMessage(ops.d1RowsRead) * PRICES.d1RowRead,
    d1RowsWritten: perMessage(ops.d1RowsWritten) * PRICES.d1RowWritten,
    durableObjectSqlRowsRead: perMessage(ops.durableObjectSqlRowsRead) * PRICES.doSqlRowRead,
    durableObjectSqlRowsWritten: perMessage(ops.durableObjectSqlRowsWritten) * PRICES.doSqlRowWritten,
  };
  const cost = Object.values(costs).reduce((a, b) => a + b, 0);

  // Gemini, from the usageMetadata the fake reported on every answered call (retries that failed
  // report none, as Gemini bills none). Replies: bursts whose customer got an answer.
  const answered = f.calls.filter((call) => call.usage);
  const promptTokens = answered.reduce((n, call) => n + call.usage!.promptTokenCount, 0);
  const cachedTokens = answered.reduce((n, call) => n + (call.usage!.cachedContentTokenCount ?? 0), 0);
  const outputTokens = answered.reduce((n, call) => n + call.usage!.candidatesTokenCount, 0);
  const replies = f.bursts.filter((b) => b.replies.length > 0).length;
  const geminiUsd = (promptTokens - cachedTokens) * GEMINI_PRICES.input + cachedTokens * GEMINI_PRICES.cachedInput + outputTokens * GEMINI_PRICES.output;
  const perReply = (x: number) => (replies ? x / replies : 0);
  const cloudflarePer1000Replies = perReply(cost * messages.length);
  const geminiPer1000Replies = perReply(geminiUsd) * 1000;
  const loadSeconds = Math.max(0.001, (f.lastAckAt - f.firstPostAt) / 1000);
  const outcomes: Record<string, number> = {};
  for (const call of f.calls) outcomes[call.outcome] = (outcomes[call.outcome] ?? 0) + 1;

  return {
    webhooksPerSecond: round(f.deliveries.length / loadSeconds, 1),
    ackMs: percentiles(f.deliveries.map((d) => d.ackMs)),
    pipelineOverheadMs: percentiles(overhead),
    messagesLost,
    duplicateReplies,
    orderViolations,
    aiCallsPerBurst: round(bursts ? turns.size / bursts : 0, 3),
    operationsPer1000: {
      workerRequests: round(perMessage(ops.workerRequests), 1),
      queueOperations: round(perMessage(ops.queueOperations), 1),
      durableObjectRequests: round(perMessage(ops.durableObjectRequests), 1),
      d1RowsRead: round(perMessage(ops.d1RowsRead), 1),
      d1RowsWritten: round(perMessage(ops.d1RowsWritten), 1),
      durableObjectSqlRowsRead: round(perMessage(ops.durableObjectSqlRowsRead), 1),
      durableObjectSqlRowsWritten: round(perMessage(ops.durableObjectSqlRowsWritten), 1),
    },
    costPer1000Usd: sig(cost),
    gemini: {
      tokensPerReply: {
        prompt: Math.round(perReply(promptTokens)),
        cached: Math.round(perReply(cachedTokens)),
        output: Math.round(perReply(outputTokens)),
      },
      cachedShare: round(promptTokens ? cachedTokens / promptTokens : 0, 3),
      costPer1000RepliesUsd: sig(geminiPer1000Replies),
    },
    costPer1000RepliesAllInUsd: sig(cloudflarePer1000Replies + geminiPer1000Replies),
    details: {
      config: f.config,
      durationSeconds: round((f.loadEndedAt - f.loadStartedAt) / 1000, 1),
      messages: messages.length,
      bursts,
      answeredBursts: f.bursts.filter((b) => b.replies.length > 0).length,
      timedOutBursts: f.bursts.filter((b) => b.timedOut).length,
      webhookDeliveries: f.deliveries.length,
      duplicateDeliveries: f.deliveries.filter((d) => d.duplicate).length,
      lateDuplicateDeliveries: f.deliveries.filter((d) => d.late).length,
      reorderedBursts: f.bursts.filter((b) => b.reordered).length,
      webhookNon200: f.deliveries.filter((d) => d.attempts > 1 || d.status !== 200).length,
      aiRequestsPerBurst: round(bursts ? f.calls.length / bursts : 0, 3),
      geminiOutcomes: outcomes,
      evolutionSend500s: f.evolutionFailures,
      duplicateBreakdown: { extraAnswerDeliveries, extraFallbacks, messagesAnsweredTwice, strayReplies: f.strayReplies },
      orderBreakdown: { callsOutOfOrder, repliesOutOfOrder },
      pipelineOverheadSamples: overhead.length,
      replyLatencyMs: percentiles(replyLatency),
      queueToObjectMs: percentiles(c.queueLagMs),
      counted: {
        webhookRequests: c.webhookRequests,
        queueConsumerInvocations: c.queueInvocations,
        queueWrites: c.queueWriteUnits,
        queueReads: c.queueReadUnits,
        queueDeletes: c.queueDeleteUnits,
        queueRetries: c.queueRetries,
        durableObjectReceives: c.doReceives,
        durableObjectAlarms: c.doAlarms,
        durableObjectLedgerCalls: c.doLedgerCalls,
        durableObjectSqlRowsRead: c.doSqlRowsRead,
        durableObjectSqlRowsWritten: c.doSqlRowsWritten,
        d1Statements: c.d1Statements,
        d1SqlMs: round(c.d1Ms, 1),
        d1RowsRead: c.d1RowsRead,
        d1RowsWritten: c.d1RowsWritten,
        metricLines: c.lines,
      },
      perMessage: {
        d1RowsRead: round(messages.length ? c.d1RowsRead / messages.length : 0, 2),
        d1RowsWritten: round(messages.length ? c.d1RowsWritten / messages.length : 0, 2),
        d1Statements: round(messages.length ? c.d1Statements / messages.length : 0, 2),
        d1SqlMs: round(messages.length ? c.d1Ms / messages.length : 0, 3),
        d1BytesGrowth: round(messages.length ? (c.d1Size - f.d1SizeBefore) / messages.length : 0, 1),
      },
      d1SizeBytes: { before: f.d1SizeBefore, after: c.d1Size },
      durableObjectActiveSecondsModeled: round(doActiveSeconds, 1),
      costBreakdownPer1000Usd: Object.fromEntries(Object.entries(costs).map(([k, v]) => [k, sig(v)])),
      /** The cost model's core items only (no Durable Object SQLite storage rows). */
      costPer1000UsdDesignItems: sig(cost - costs.durableObjectSqlRowsRead - costs.durableObjectSqlRowsWritten),
      workerErrorLines: f.workerErrors,
      hostileBody30MB: f.hostileBody,
    },
  };
}

export type BenchReport = ReturnType<typeof buildReport>;

/** `t01c003`: tenant 1, contact 3 (a burst key appends `b<n>`, a message key `m<i>`). */
export const contactKeyOf = (tenant: number, contact: number) =>
  `t${String(tenant).padStart(2, "0")}c${String(contact).padStart(3, "0")}`;
