import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  evictDurableObject,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InboundEvent } from "../../src/domain/inbound-event";
import worker from "../../src/index";
import { saveTurn } from "../../src/repositories/conversations";
import { openDatabase } from "../../src/repositories/db";
import { evolutionEnvelopeSchema } from "../../src/services/evolution/webhook-schema";
import { normalizeWebhook } from "../../src/services/evolution/normalize";
import { createTenant } from "../helpers/app";
import { conversation, drain, fireAlarm } from "../helpers/conversation";
import { evolutionError, GEMINI_HOST, geminiError, geminiText, installFakeProviders, type Canned, type FakeProviders } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";
import { seeded } from "../../tools/timing";

/**
 * Injected faults, end to end through the real Worker (webhook → queue → Conversation → fake
 * Gemini / fake Evolution → D1): every burst gets exactly one reply, none lost, none duplicated,
 * whatever fails in between. Failure sequences come from a seeded generator, so a failing run
 * can be replayed with the seed it prints.
 */

/** Seed of the fault sequences (mulberry32). */
const SEED = 0x5eed_a7e1;
const FALLBACK = "FALLBACK: tente de novo em instantes.";

let fake: FakeProviders;
/** Faults injected in this file, by kind: the README table quotes the totals. */
const injected: Record<string, number> = {};
const count = (kind: string) => (injected[kind] = (injected[kind] ?? 0) + 1);

beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => {
  fake.restore();
  vi.restoreAllMocks();
});


/** What fetch throws when a request is aborted by its timeout, and when the network fails. */
const timeoutReply: Canned = () => {
  throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
};
const abortReply: Canned = () => {
  throw new DOMException("The operation was aborted", "AbortError");
};
const networkReply: Canned = () => {
  throw new TypeError("Network connection lost.");
};

const jid = (n: number) => `55119888${String(n).padStart(5, "0")}@s.whatsapp.net`;

/** Posts webhooks through the Worker's default export and waits until each object holds them. */
async function deliverAll(items: { tenantId: string; contact: string; body: unknown }[]) {
  const expected = new Map<string, { tenantId: string; contact: string; seen: number }>();
  for (const item of items) {
    const key = `${item.tenantId}:${item.contact}`;
    if (!expected.has(key)) expected.set(key, { tenantId: item.tenantId, contact: item.contact, seen: (await conversation(item.tenantId, item.contact).inspect()).seen });
    expected.get(key)!.seen++;
  }
  for (const item of items) {
    const res = await worker.fetch(
      new Request("http://atenbot.test/webhook", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(item.body) }),
      env,
      createExecutionContext(),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "queued" });
  }
  for (const e of expected.values()) {
    await vi.waitFor(async () => expect((await conversation(e.tenantId, e.contact).inspect()).seen).toBeGreaterThanOrEqual(e.seen), { timeout: 15_000, interval: 50 });
  }
}

/** The text of the final user turn of a Gemini request: the burst it answers. */
const lastTurn = (i: number) => JSON.stringify(fake.gemini[i]!.body.contents.at(-1));
const inboundRows = (tenantId: string, contact: string) =>
  env.DB.prepare("SELECT wa_id AS id, text FROM messages WHERE tenant_id = ? AND contact_jid = ? AND direction = 'in' ORDER BY at, wa_id")
    .bind(tenantId, contact)
    .all<{ id: string; text: string }>()
    .then((r) => r.results);
const outboundRows = (tenantId: string, contact: string) =>
  env.DB.prepare("SELECT text FROM messages WHERE tenant_id = ? AND contact_jid = ? AND direction = 'out' ORDER BY at")
    .bind(tenantId, contact)
    .all<{ text: string }>()
    .then((r) => r.results.map((x) => x.text));

/** The object is at rest: nothing pending, no retry, no alarm. */
async function expectIdle(tenantId: string, contact: string) {
  const s = await conversation(tenantId, contact).inspect();
  expect(s.pending).toEqual([]);
  expect(s.state.outbox).toBeNull();
  expect(s.state.aiAttempts).toBe(0);
  expect(s.alarm).toBeNull();
}

/** A normalized event, exactly as the webhook would queue it. */
function eventFor(tenant: { id: string; instance: string }, body: unknown): InboundEvent {
  const parsed = evolutionEnvelopeSchema.parse(body);
  const n = normalizeWebhook(parsed, { tenantId: tenant.id, instance: tenant.instance, ignoreGroups: true, receivedAt: Date.now() });
  if (n.type !== "message") throw new Error(`not a message: ${JSON.stringify(n)}`);
  return n.event;
}

describe("Gemini failing at high rates", () => {
  it("every burst of every contact gets exactly one reply: the model's, or one fallbackText after the retries", async () => {
    const t = await createTenant({ bot: { fallbackText: FALLBACK } });
    const rng = seeded(SEED);
    const CONTACTS = 6;
    const ROUNDS = 3;
    let calls = 0;
    /** Per Gemini call: its outcome, so each reply can be traced to the call that made it. */
    const outcomes: ("ok" | "fail")[] = [];
    fake.setGeminiDefault(() => {
      const n = ++calls;
      const r = rng();
      const fail = (kind: string, reply: Canned) => {
        outcomes.push("fail");
        count(`gemini_${kind}`);
        return reply();
      };
      if (r < 0.25) return fail("429", geminiError(429, rng() < 0.5 ? "1s" : undefined));
      if (r < 0.4) return fail("500", geminiError(500));
      if (r < 0.5) return fail("503", geminiError(503));
      if (r < 0.58) return fail("timeout", timeoutReply);
      if (r < 0.64) return fail("abort", abortReply);
      if (r < 0.7) return fail("network", networkReply);
      outcomes.push("ok");
      return geminiText(`resposta do modelo #${n}`)();
    });

    const ts = Math.floor(Date.now() / 1000) - 600;
    const bursts: { contact: string; round: number; texts: string[]; ids: string[] }[] = [];
    let fallbacks = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const items: { tenantId: string; contact: string; body: unknown }[] = [];
      for (let c = 0; c < CONTACTS; c++) {
        const size = 1 + Math.floor(rng() * 3);
        const texts = Array.from({ length: size }, (_, m) => `c${c}-b${round}-m${m}`);
        const ids = texts.map((_, m) => `GEM-${c}-${round}-${m}`);
        bursts.push({ contact: jid(c), round, texts, ids });
        // Delivered newest first: order must come from messageTimestamp, not arrival.
        for (let m = size - 1; m >= 0; m--) {
          items.push({ tenantId: t.id, contact: jid(c), body: textUpsert({ instance: t.instance, from: jid(c), text: texts[m], id: ids[m], ts: ts + round * 60 + m }) });
        }
      }
      await deliverAll(items);
      for (let c = 0; c < CONTACTS; c++) {
        const sentBefore = fake.textsTo(jid(c)).length;
        const callsBefore = fake.gemini.length;
        await drain(t.id, jid(c), 30);
        const burst = bursts.find((b) => b.contact === jid(c) && b.round === round)!;
        const replies = fake.textsTo(jid(c)).slice(sentBefore);
        const requests = fake.gemini.slice(callsBefore);
        const results = outcomes.slice(callsBefore, callsBefore + requests.length);
        // One reply per burst, never zero, never two.
        expect(replies, `contact ${c} round ${round}`).toHaveLength(1);
        expect(requests.length).toBeGreaterThanOrEqual(1);
        expect(requests.length).toBeLessThanOrEqual(5);
        if (results.at(-1) === "ok") {
          expect(results.slice(0, -1).every((r) => r === "fail")).toBe(true);
          expect(replies[0]).toBe(`resposta do modelo #${callsBefore + requests.length}`);
        } else {
          expect(results).toEqual(["fail", "fail", "fail", "fail", "fail"]);
          expect(replies[0]).toBe(FALLBACK);
          fallbacks++;
        }
        // Every attempt carried the whole burst, in timestamp order.
        for (let i = callsBefore; i < fake.gemini.length; i++) {
          const turn = lastTurn(i);
          const positions = burst.texts.map((text) => turn.indexOf(text));
          expect(positions.every((p) => p >= 0), turn).toBe(true);
          expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        }
        await expectIdle(t.id, jid(c));
      }
    }

    // D1: every message stored once, one reply row per burst; usage counts every attempt.
    for (let c = 0; c < CONTACTS; c++) {
      const mine = bursts.filter((b) => b.contact === jid(c));
      expect((await inboundRows(t.id, jid(c))).map((r) => r.id)).toEqual(mine.flatMap((b) => b.ids));
      expect(await outboundRows(t.id, jid(c))).toEqual(fake.textsTo(jid(c)));
    }
    const usage = await env.DB.prepare("SELECT sum(ai_calls) AS ai, sum(failures) AS failures, sum(replies_sent) AS replies, sum(messages_in) AS msgs FROM usage WHERE tenant_id = ?")
      .bind(t.id)
      .first<{ ai: number; failures: number; replies: number; msgs: number }>();
    expect(usage).toEqual({
      ai: fake.gemini.length,
      failures: outcomes.filter((o) => o === "fail").length,
      replies: CONTACTS * ROUNDS,
      msgs: bursts.reduce((n, b) => n + b.texts.length, 0),
    });
    expect(outcomes.filter((o) => o === "fail").length, "the seed should inject a high failure rate").toBeGreaterThan(fake.gemini.length / 3);
    // The seed exercises both endings: answered after retries, and fallbackText after five failures.
    expect(fallbacks).toBeGreaterThan(0);
    expect(fallbacks).toBeLessThan(bursts.length);
    console.info(JSON.stringify({ faults: "gemini", seed: SEED, calls: fake.gemini.length, injected, bursts: bursts.length, fallbacks, lost: 0, duplicates: 0 }));
  }, 60_000);

  it("a Gemini call that hangs is aborted at aiTimeoutMs and retried; the customer gets one reply", async () => {
    const t = await createTenant({ bot: { aiTimeoutMs: 1000, fallbackText: FALLBACK } });
    const spy = vi.mocked(globalThis.fetch);
    const base = spy.getMockImplementation()!;
    let hung = 0;
    spy.mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.startsWith(GEMINI_HOST) && hung < 2) {
        hung++;
        count("gemini_hang");
        const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
        // Never answers: only the caller's own abort signal ends it.
        return new Promise<Response>((_, reject) => signal?.addEventListener("abort", () => reject(signal.reason ?? new DOMException("aborted", "AbortError"))));
      }
      return base(input, init);
    });
    const ana = jid(100);
    await deliverAll([{ tenantId: t.id, contact: ana, body: textUpsert({ instance: t.instance, from: ana, text: "alguém aí?" }) }]);
    const started = Date.now();
    await drain(t.id, ana);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(hung).toBe(2);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.textsTo(ana)).toEqual(["Olá! Abrimos às *7h*."]);
    await expectIdle(t.id, ana);
  }, 30_000);
});

describe("Evolution failing while sending", () => {
  it("re-sends the stored reply, part by part, without calling Gemini again or repeating a part", async () => {
    const t = await createTenant({ bot: { typingMsPerChar: 0 } });
    fake.setGeminiDefault(geminiText("Parte A do pedido.\n\nParte B do pedido.\n\nParte C do pedido."));
    const rng = seeded(SEED ^ 0xe7);
    let consecutive = 0;
    let attempts = 0;
    const spy = vi.mocked(globalThis.fetch);
    const base = spy.getMockImplementation()!;
    spy.mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes("/message/sendText/")) {
        attempts++;
        // At most 5 failures in a row: within the 5 re-sends a part is allowed (MAX_SEND_RETRIES).
        if (consecutive < 5 && rng() < 0.55) {
          consecutive++;
          const r = rng();
          if (r < 0.35) return (count("evolution_500"), evolutionError(500, ["Internal Server Error"])());
          if (r < 0.5) return (count("evolution_502"), evolutionError(502, ["Bad Gateway"])());
          if (r < 0.6) return (count("evolution_503"), evolutionError(503, ["Service Unavailable"])());
          if (r < 0.7) return (count("evolution_400_connection_closed"), evolutionError(400, ["Connection Closed"])());
          if (r < 0.85) return (count("evolution_timeout"), timeoutReply());
          return (count("evolution_network"), networkReply());
        }
        consecutive = 0;
      }
      return base(input, init);
    });

    const CONTACTS = 5;
    const ts = Math.floor(Date.now() / 1000) - 600;
    for (let round = 0; round < 2; round++) {
      await deliverAll(
        Array.from({ length: CONTACTS }, (_, c) => ({
          tenantId: t.id,
          contact: jid(200 + c),
          body: textUpsert({ instance: t.instance, from: jid(200 + c), text: `pedido ${c}/${round}`, id: `EVO-${c}-${round}`, ts: ts + round * 60 }),
        })),
      );
      for (let c = 0; c < CONTACTS; c++) {
        await drain(t.id, jid(200 + c), 40);
        await expectIdle(t.id, jid(200 + c));
      }
    }
    for (let c = 0; c < CONTACTS; c++) {
      const parts = ["Parte A do pedido.", "Parte B do pedido.", "Parte C do pedido."];
      expect(fake.textsTo(jid(200 + c))).toEqual([...parts, ...parts]);
      expect(await outboundRows(t.id, jid(200 + c))).toEqual([...parts, ...parts]);
      expect((await inboundRows(t.id, jid(200 + c))).map((r) => r.id)).toEqual([`EVO-${c}-0`, `EVO-${c}-1`]);
    }
    expect(fake.gemini).toHaveLength(CONTACTS * 2);
    expect(attempts - fake.sent.length, "the seed should inject send failures").toBeGreaterThan(10);
    console.info(JSON.stringify({ faults: "evolution", seed: SEED ^ 0xe7, sendAttempts: attempts, delivered: fake.sent.length, injected, lost: 0, duplicates: 0 }));
  }, 60_000);

  it("gives a part up after 5 re-sends, records the failure, sends nothing twice, and the next burst is answered", async () => {
    const t = await createTenant({ bot: { fallbackText: FALLBACK } });
    const ana = jid(300);
    for (let i = 0; i < 6; i++) fake.onSendText(i % 2 ? timeoutReply : evolutionError(500, ["Internal"]));
    await deliverAll([{ tenantId: t.id, contact: ana, body: textUpsert({ instance: t.instance, from: ana, text: "primeira" }) }]);
    await drain(t.id, ana);
    expect(fake.sent).toHaveLength(0);
    expect(fake.gemini).toHaveLength(1);
    const usage = await env.DB.prepare("SELECT failures FROM usage WHERE tenant_id = ?").bind(t.id).first<{ failures: number }>();
    expect(usage!.failures).toBe(1);
    await expectIdle(t.id, ana);
    await deliverAll([{ tenantId: t.id, contact: ana, body: textUpsert({ instance: t.instance, from: ana, text: "segunda" }) }]);
    await drain(t.id, ana);
    expect(fake.textsTo(ana)).toEqual(["Olá! Abrimos às *7h*."]);
    expect(fake.gemini).toHaveLength(2);
  }, 30_000);
});

describe("queue redelivery and consumer failures", () => {
  const queueMessages = (events: InboundEvent[], attempts: number) =>
    events.map((body, i) => ({ id: `queue-msg-${i}`, timestamp: new Date(), attempts, body }));

  /** Runs the Worker's queue handler on a batch; `delays` has the delay each retry() asked for. */
  async function consume(messages: ReturnType<typeof queueMessages>, e: Env = env) {
    const batch = createMessageBatch<unknown>("atenbot-inbox", messages);
    const delays: Record<string, number | undefined> = {};
    for (const m of batch.messages) {
      const retry = m.retry.bind(m);
      vi.spyOn(m, "retry").mockImplementation((o?: QueueRetryOptions) => {
        delays[m.id] = o?.delaySeconds;
        retry(o);
      });
    }
    const ctx = createExecutionContext();
    await worker.queue!(batch as MessageBatch<unknown>, e);
    const result = await getQueueResult(batch, ctx);
    return { ...result, delays };
  }

  it("acks every message of a batch delivered twice, and answers the burst once", async () => {
    const t = await createTenant();
    const ana = jid(400);
    const ts = Math.floor(Date.now() / 1000);
    const events = ["um", "dois", "três"].map((text, i) => eventFor(t, textUpsert({ instance: t.instance, from: ana, text, id: `RED-${i}`, ts: ts + i })));
    const first = await consume(queueMessages(events, 1));
    expect([...first.explicitAcks].sort()).toEqual(["queue-msg-0", "queue-msg-1", "queue-msg-2"]);
    expect(first.retryMessages).toEqual([]);
    // The same batch again, as the queue redelivers it after a lost ack.
    count("queue_redelivery");
    const second = await consume(queueMessages(events, 2));
    expect([...second.explicitAcks].sort()).toEqual(["queue-msg-0", "queue-msg-1", "queue-msg-2"]);
    expect(second.retryMessages).toEqual([]);
    const snap = await conversation(t.id, ana).inspect();
    expect(snap.seen).toBe(3);
    expect(snap.pending.map((e) => e.messageId)).toEqual(["RED-0", "RED-1", "RED-2"]);

    await drain(t.id, ana);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.textsTo(ana)).toHaveLength(1);
    const turn = lastTurn(0);
    expect(turn.indexOf("um")).toBeLessThan(turn.indexOf("dois"));
    expect(turn.indexOf("dois")).toBeLessThan(turn.indexOf("três"));

    // A third copy after the reply went out: still acked, still nothing new.
    count("queue_redelivery");
    const third = await consume(queueMessages(events, 3));
    expect(third.explicitAcks).toHaveLength(3);
    expect(await fireAlarm(t.id, ana)).toBe(false);
    expect(fake.sent).toHaveLength(1);
    expect((await inboundRows(t.id, ana)).map((r) => r.id)).toEqual(["RED-0", "RED-1", "RED-2"]);
  });

  it("retries (with a delay, not acked) the events whose Conversation throws, here during a D1 outage, and loses none", async () => {
    // A tenant this isolate never looked up, so the object must read it from D1.
    const t = await createTenant();
    const ana = jid(401);
    const events = ["a", "b"].map((text, i) => eventFor(t, textUpsert({ instance: t.instance, from: ana, text, id: `OUT-${i}` })));
    const d1 = Object.getPrototypeOf(env.DB) as D1Database;
    const outage = vi.spyOn(d1, "prepare").mockImplementation(() => {
      count("d1_outage");
      throw new Error("D1_ERROR: Network connection lost.");
    });
    const failed = await consume(queueMessages(events, 1));
    outage.mockRestore();
    expect(failed.explicitAcks).toEqual([]);
    expect(failed.retryMessages.map((m: { msgId: string }) => m.msgId).sort()).toEqual(["queue-msg-0", "queue-msg-1"]);
    // First attempt: retried after 2 s (retryDelaySeconds), not at once.
    expect(failed.delays).toEqual({ "queue-msg-0": 2, "queue-msg-1": 2 });
    expect((await conversation(t.id, ana).inspect()).seen).toBe(0);

    const retried = await consume(queueMessages(events, 2));
    expect([...retried.explicitAcks].sort()).toEqual(["queue-msg-0", "queue-msg-1"]);
    await drain(t.id, ana);
    expect(fake.textsTo(ana)).toHaveLength(1);
    expect((await inboundRows(t.id, ana)).map((r) => r.id)).toEqual(["OUT-0", "OUT-1"]);
  });

  it("retries the events whose Conversation RPC fails, and acks the rest of the batch", async () => {
    const t = await createTenant();
    const ok = jid(402);
    const broken = jid(403);
    const events = [
      eventFor(t, textUpsert({ instance: t.instance, from: ok, text: "ok", id: "MIX-0" })),
      eventFor(t, textUpsert({ instance: t.instance, from: broken, text: "falha", id: "MIX-1" })),
    ];
    // The namespace as the consumer sees it, with one object that is being reset.
    const flaky = {
      ...env,
      CONVERSATIONS: {
        getByName: (name: string) =>
          name.endsWith(broken)
            ? {
                receive: async () => {
                  count("do_reset");
                  throw new Error("Durable Object reset because its code was updated.");
                },
              }
            : env.CONVERSATIONS.getByName(name),
      },
    } as unknown as Env;
    const result = await consume(queueMessages(events, 4), flaky);
    expect(result.explicitAcks).toEqual(["queue-msg-0"]);
    expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(["queue-msg-1"]);
    expect(result.delays).toEqual({ "queue-msg-1": 16 });
    const again = await consume(queueMessages(events, 5));
    expect([...again.explicitAcks].sort()).toEqual(["queue-msg-0", "queue-msg-1"]);
    expect((await conversation(t.id, ok).inspect()).seen).toBe(1);
    expect((await conversation(t.id, broken).inspect()).seen).toBe(1);
  });

  it("acks, without storing, an event for a tenant that does not exist and a body it cannot read", async () => {
    const t = await createTenant();
    const ana = jid(404);
    const ghost = { ...eventFor(t, textUpsert({ instance: t.instance, from: ana, text: "fantasma" })), tenantId: crypto.randomUUID() };
    const result = await consume([
      { id: "ghost", timestamp: new Date(), attempts: 1, body: ghost },
      { id: "garbage", timestamp: new Date(), attempts: 1, body: { v: 999, hello: "world" } as unknown as InboundEvent },
    ]);
    expect([...result.explicitAcks].sort()).toEqual(["garbage", "ghost"]);
    expect(result.retryMessages).toEqual([]);
    expect((await conversation(ghost.tenantId, ana).inspect()).seen).toBe(0);
  });
});

/** How long a graceful eviction took right after a (failed) sendText: see the product bug below. */
let evictionAfterSendMs: number | null = null;

describe("Durable Object eviction", () => {
  it("mid-burst, during a pending Gemini retry and during a pending re-send: one reply with all three messages, in order", async () => {
    const t = await createTenant({ bot: { typingMsPerChar: 0 } });
    const ana = jid(500);
    const ts = Math.floor(Date.now() / 1000);
    const body = (text: string, i: number) => ({ tenantId: t.id, contact: ana, body: textUpsert({ instance: t.instance, from: ana, text, id: `EVI-${i}`, ts: ts + i }) });
    const { stub } = conversation(t.id, ana);

    await deliverAll([body("primeira", 0), body("segunda", 1)]);
    await evictDurableObject(stub);
    count("do_eviction");
    await deliverAll([body("terceira", 2)]);
    expect((await conversation(t.id, ana).inspect()).pending.map((e) => e.messageId)).toEqual(["EVI-0", "EVI-1", "EVI-2"]);

    fake.onGemini(geminiError(429, "2s"), geminiText("Tudo anotado!"));
    expect(await fireAlarm(t.id, ana)).toBe(true);
    let snap = await conversation(t.id, ana).inspect();
    expect(snap.state.aiAttempts).toBe(1);
    await evictDurableObject(stub);
    count("do_eviction");
    snap = await conversation(t.id, ana).inspect();
    expect(snap.state.aiAttempts).toBe(1);
    expect(snap.alarm).not.toBeNull();

    fake.onSendText(evolutionError(500, ["Internal"]));
    expect(await fireAlarm(t.id, ana)).toBe(true);
    snap = await conversation(t.id, ana).inspect();
    expect(snap.outbox.map((p) => p.text)).toEqual(["Tudo anotado!"]);
    expect(snap.pending).toEqual([]);
    // Timed: a live timer left by the send would hold the eviction (see the test at the end).
    const evicting = Date.now();
    await evictDurableObject(stub);
    evictionAfterSendMs = Date.now() - evicting;
    count("do_eviction");

    await drain(t.id, ana);
    expect(fake.gemini).toHaveLength(2);
    for (const i of [0, 1]) {
      const turn = lastTurn(i);
      expect(turn.indexOf("primeira")).toBeGreaterThanOrEqual(0);
      expect(turn.indexOf("primeira")).toBeLessThan(turn.indexOf("segunda"));
      expect(turn.indexOf("segunda")).toBeLessThan(turn.indexOf("terceira"));
    }
    expect(fake.textsTo(ana)).toEqual(["Tudo anotado!"]);
    expect((await inboundRows(t.id, ana)).map((r) => r.id)).toEqual(["EVI-0", "EVI-1", "EVI-2"]);
    expect(await outboundRows(t.id, ana)).toEqual(["Tudo anotado!"]);
    await expectIdle(t.id, ana);
  });
});

describe("the daily cron during traffic", () => {
  it("purges old messages while bursts are pending, and every burst is still answered once with all its messages", async () => {
    const t = await createTenant({ bot: { retentionDays: 30 } });
    const db = openDatabase(env.DB);
    const old = Date.now() - 40 * 86_400_000;
    await saveTurn(db, {
      tenantId: t.id,
      contact: jid(600),
      contactName: "Antigo",
      messages: Array.from({ length: 30 }, (_, i) => ({ tenantId: t.id, waId: `OLD-${i}`, contactJid: jid(600), direction: "in" as const, kind: "text" as const, text: `antiga ${i}`, at: old + i })),
      lastMessageAt: old,
      pausedUntil: null,
      now: old,
      day: "2020-01-01",
      usage: {},
    });
    const ts = Math.floor(Date.now() / 1000);
    const contacts = [jid(600), jid(601), jid(602)];
    const msg = (c: number, i: number) => ({ tenantId: t.id, contact: contacts[c]!, body: textUpsert({ instance: t.instance, from: contacts[c]!, text: `nova ${c}.${i}`, id: `NEW-${c}-${i}`, ts: ts + i }) });
    await deliverAll(contacts.map((_, c) => msg(c, 0)));

    // The cron runs while more messages of the same bursts arrive.
    const controller = createScheduledController({ scheduledTime: Date.now(), cron: "0 3 * * *" });
    const ctx = createExecutionContext();
    count("cron_during_traffic");
    await Promise.all([
      (async () => {
        await worker.scheduled!(controller, env, ctx);
        await waitOnExecutionContext(ctx);
      })(),
      deliverAll(contacts.map((_, c) => msg(c, 1))),
    ]);
    expect((await inboundRows(t.id, jid(600))).filter((r) => r.id.startsWith("OLD-"))).toEqual([]);

    for (const [c, contact] of contacts.entries()) {
      await drain(t.id, contact);
      expect(fake.textsTo(contact), contact).toHaveLength(1);
      expect((await inboundRows(t.id, contact)).map((r) => r.id)).toEqual([`NEW-${c}-0`, `NEW-${c}-1`]);
    }
    expect(fake.gemini).toHaveLength(3);
    // A second run right after keeps everything recent.
    const ctx2 = createExecutionContext();
    await worker.scheduled!(createScheduledController({ scheduledTime: Date.now(), cron: "0 3 * * *" }), env, ctx2);
    await waitOnExecutionContext(ctx2);
    for (const [c, contact] of contacts.entries()) expect((await inboundRows(t.id, contact)).map((r) => r.id)).toEqual([`NEW-${c}-0`, `NEW-${c}-1`]);
  });
});

describe("the bot's own echo during a slow send", () => {
  it("a fromMe upsert with the reply's text arriving while sendText is still in flight does not pause the bot", async () => {
    const t = await createTenant({ bot: { typingMsPerChar: 0 } });
    const ana = jid(700);
    let inFlight = false;
    let released = false;
    fake.onSendText(async () => {
      inFlight = true;
      // Polled rather than awaited on a promise from the test, which runs in another context.
      while (!released) await new Promise((r) => setTimeout(r, 20));
      count("evolution_slow_send");
      return new Response(null, { status: 204 });
    });
    await deliverAll([{ tenantId: t.id, contact: ana, body: textUpsert({ instance: t.instance, from: ana, text: "Vocês abrem amanhã?" }) }]);
    const alarm = fireAlarm(t.id, ana);
    await vi.waitFor(() => expect(inFlight).toBe(true), { timeout: 10_000, interval: 20 });

    // The echo Evolution (or the phone) reports for the message being sent: same text, its own id.
    await deliverAll([{ tenantId: t.id, contact: ana, body: textUpsert({ instance: t.instance, from: ana, fromMe: true, text: "Olá! Abrimos às *7h*.", id: "3EB0ECHO0000000000000001" }) }]);
    released = true;
    expect(await alarm).toBe(true);

    const snap = await conversation(t.id, ana).inspect();
    expect(snap.state.pausedUntil).toBeNull();
    expect(snap.pending).toEqual([]);
    expect(fake.textsTo(ana)).toEqual(["Olá! Abrimos às *7h*."]);

    await deliverAll([{ tenantId: t.id, contact: ana, body: textUpsert({ instance: t.instance, from: ana, text: "E domingo?" }) }]);
    await drain(t.id, ana);
    expect(fake.textsTo(ana)).toHaveLength(2);
    expect(fake.gemini).toHaveLength(2);
    const humans = await env.DB.prepare("SELECT count(*) AS n FROM messages WHERE tenant_id = ? AND direction = 'human'").bind(t.id).first<{ n: number }>();
    expect(humans!.n).toBe(0);
    console.info(JSON.stringify({ faults: "total", injected, total: Object.values(injected).reduce((a, b) => a + b, 0) }));
  });
});

describe("found by this suite and fixed", () => {
  it("an object that has just called sendText can be evicted at once (no live timer left behind)", () => {
    // src/services/evolution/client.ts armed `AbortSignal.timeout(delay + 15_000)` for every call and
    // never clears it, so the object keeps a live timer for 15-19 s after each send: a graceful
    // eviction waits for it (measured above; 14,998 ms with delay 0, 19,005 ms with delay 4,000), and
    // in production the object stays active (billed duration) that long after every reply. gemini.ts
    // already avoids the same trap with its own cleared timer.
    expect(evictionAfterSendMs, "run the eviction test first").not.toBeNull();
    expect(evictionAfterSendMs!).toBeLessThan(2000);
  });
});
