import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InboundEvent } from "../../src/domain/inbound-event";
import worker from "../../src/index";
import { evolutionEnvelopeSchema } from "../../src/services/evolution/webhook-schema";
import { normalizeWebhook } from "../../src/services/evolution/normalize";
import { createTenant } from "../helpers/app";
import { conversation, drain } from "../helpers/conversation";
import { geminiText, installFakeProviders, type FakeProviders } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";

/**
 * Abuse limits: a flood from one contact costs one AI call per burst and stops at the per-contact
 * hourly limit (messages still stored); a tenant's daily AI ceiling stops AI calls for every
 * contact, each of whom hears quotaText once that day.
 */

const QUOTA = "Limite do dia atingido.";
let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
  let n = 0;
  fake.setGeminiDefault(() => geminiText(`resposta ${++n}`)());
});
afterEach(() => fake.restore());

const jid = (n: number) => `55119777${String(n).padStart(5, "0")}@s.whatsapp.net`;

/** Posts webhooks through the Worker and waits until the object holds them all. */
async function deliverAll(tenantId: string, contact: string, bodies: unknown[]) {
  const c = conversation(tenantId, contact);
  const before = (await c.inspect()).seen;
  for (const body of bodies) {
    const res = await worker.fetch(
      new Request("http://atenbot.test/webhook", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      env,
      createExecutionContext(),
    );
    expect(await res.json()).toEqual({ status: "queued" });
  }
  await vi.waitFor(async () => expect((await c.inspect()).seen).toBe(before + bodies.length), { timeout: 15_000, interval: 50 });
}

const rows = (tenantId: string, contact: string, direction: "in" | "out") =>
  env.DB.prepare("SELECT wa_id AS id, text FROM messages WHERE tenant_id = ? AND contact_jid = ? AND direction = ? ORDER BY at, wa_id")
    .bind(tenantId, contact, direction)
    .all<{ id: string; text: string }>()
    .then((r) => r.results);
const usageOf = (tenantId: string) =>
  env.DB.prepare("SELECT sum(messages_in) AS messagesIn, sum(ai_calls) AS aiCalls, sum(replies_sent) AS replies FROM usage WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ messagesIn: number; aiCalls: number; replies: number }>();
const callsMentioning = (text: string) => fake.gemini.filter((g) => JSON.stringify(g.body.contents.at(-1)).includes(text)).length;

describe("one contact flooding", () => {
  it("60 messages in a minute: one AI call per burst, and past contactAiCallsPerHour the rest is stored, not answered", async () => {
    // The per-minute flood limit is raised: this test is about the hourly AI limit.
    const t = await createTenant({ bot: { contactAiCallsPerHour: 3, contactMessagesPerMinute: 1000 } });
    const spammer = jid(1);
    const start = Math.floor(Date.now() / 1000) - 60;
    const BURSTS = 6;
    const PER_BURST = 10;
    for (let b = 0; b < BURSTS; b++) {
      const bodies = Array.from({ length: PER_BURST }, (_, i) => {
        const n = b * PER_BURST + i;
        return textUpsert({ instance: t.instance, from: spammer, text: `spam ${String(n).padStart(2, "0")}`, id: `SPAM-${String(n).padStart(2, "0")}`, ts: start + n });
      });
      await deliverAll(t.id, spammer, bodies);
      await drain(t.id, spammer);
      const snap = await conversation(t.id, spammer).inspect();
      expect(snap.pending, `burst ${b}`).toEqual([]);
      expect(snap.alarm).toBeNull();
    }

    // Three bursts answered, each with one call that carried all ten of its messages.
    expect(fake.gemini).toHaveLength(3);
    for (let b = 0; b < 3; b++) {
      const turn = JSON.stringify(fake.gemini[b]!.body.contents.at(-1));
      for (let i = 0; i < PER_BURST; i++) expect(turn).toContain(`spam ${String(b * PER_BURST + i).padStart(2, "0")}`);
    }
    expect(fake.textsTo(spammer)).toEqual(["resposta 1", "resposta 2", "resposta 3"]);
    // Nothing lost: all sixty stored, in order, with the three replies.
    expect((await rows(t.id, spammer, "in")).map((r) => r.id)).toEqual(Array.from({ length: 60 }, (_, n) => `SPAM-${String(n).padStart(2, "0")}`));
    expect((await rows(t.id, spammer, "out")).map((r) => r.text)).toEqual(["resposta 1", "resposta 2", "resposta 3"]);
    expect(await usageOf(t.id)).toEqual({ messagesIn: 60, aiCalls: 3, replies: 3 });

    // The limit is the spammer's alone: another customer of the tenant is answered.
    const other = jid(2);
    await deliverAll(t.id, other, [textUpsert({ instance: t.instance, from: other, text: "bom dia" })]);
    await drain(t.id, other);
    expect(fake.textsTo(other)).toEqual(["resposta 4"]);
  });

  it("twenty messages in one queue batch, with the real debounce alarm: one AI call", async () => {
    const t = await createTenant({ bot: { debounceMs: 1500, maxWaitMs: 15_000 } });
    const spammer = jid(3);
    const ts = Math.floor(Date.now() / 1000);
    const events: InboundEvent[] = Array.from({ length: 20 }, (_, i) => {
      const parsed = evolutionEnvelopeSchema.parse(textUpsert({ instance: t.instance, from: spammer, text: `rajada ${i}`, id: `BATCH-${i}`, ts: ts + i }));
      const n = normalizeWebhook(parsed, { tenantId: t.id, instance: t.instance, ignoreGroups: true, receivedAt: Date.now() });
      if (n.type !== "message") throw new Error("not a message");
      return n.event;
    });
    const batch = createMessageBatch<unknown>("atenbot-inbox", events.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })));
    const ctx = createExecutionContext();
    await worker.queue!(batch as MessageBatch<unknown>, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(20);
    // No manual alarm: the object's own debounce alarm answers.
    await vi.waitFor(() => expect(fake.sent).toHaveLength(1), { timeout: 10_000, interval: 100 });
    expect(fake.gemini).toHaveLength(1);
    for (let i = 0; i < 20; i++) expect(callsMentioning(`rajada ${i}`)).toBe(1);
    await vi.waitFor(async () => expect((await conversation(t.id, spammer).inspect()).alarm).toBeNull(), { timeout: 5_000 });
    expect(fake.gemini).toHaveLength(1);
  });
});

describe("the tenant's daily AI ceiling", () => {
  it("stops AI calls for every contact once dailyAiCalls is reached; each contact hears quotaText once that day", async () => {
    const t = await createTenant({ bot: { dailyAiCalls: 2, quotaText: QUOTA } });
    const [ana, bruno, carla, davi] = [jid(10), jid(11), jid(12), jid(13)];
    let seq = 0;
    const say = async (contact: string, text: string) => {
      await deliverAll(t.id, contact, [textUpsert({ instance: t.instance, from: contact, text, id: `DAY-${++seq}` })]);
      await drain(t.id, contact);
    };

    await say(ana, "oi, sou a Ana");
    await say(bruno, "oi, sou o Bruno");
    expect(fake.gemini).toHaveLength(2);
    await say(carla, "oi, sou a Carla");
    await say(ana, "e o bolo?");
    await say(ana, "alô?");
    await say(bruno, "ainda aí?");
    await say(carla, "alguém?");
    await say(davi, "primeira vez aqui");
    await say(davi, "oi?");

    expect(fake.gemini, "no AI call past the ceiling").toHaveLength(2);
    expect(fake.textsTo(ana)).toEqual(["resposta 1", QUOTA]);
    expect(fake.textsTo(bruno)).toEqual(["resposta 2", QUOTA]);
    expect(fake.textsTo(carla)).toEqual([QUOTA]);
    expect(fake.textsTo(davi)).toEqual([QUOTA]);
    // Every message is stored all the same.
    for (const [contact, n] of [[ana, 3], [bruno, 2], [carla, 2], [davi, 2]] as const) expect(await rows(t.id, contact, "in"), contact).toHaveLength(n);
    expect(await usageOf(t.id)).toEqual({ messagesIn: 9, aiCalls: 2, replies: 6 });
    // A ceiling of one tenant is not another's.
    const other = await createTenant({ bot: { dailyAiCalls: 2, quotaText: QUOTA } });
    await deliverAll(other.id, ana, [textUpsert({ instance: other.instance, from: ana, text: "oi outra loja" })]);
    await drain(other.id, ana);
    expect(fake.gemini).toHaveLength(3);
  });
});

describe("found by this suite and fixed", () => {
  it("the daily AI ceiling holds when several contacts' turns run at the same time", async () => {
    // decideTurn compares dailyAiCalls with the usage row read from D1 when a turn starts
    // (loadTurnContext), and a turn adds its AI call to that row only when it ends (saveTurn).
    // Turns of different contacts run in different objects at once, so each sees the count from
    // before the others: with dailyAiCalls 2 and six contacts due together, six calls are made.
    // The same holds for monthlyAiReplies. Measured today: 6 calls.
    const t = await createTenant({ bot: { dailyAiCalls: 2, quotaText: QUOTA } });
    const contacts = Array.from({ length: 6 }, (_, i) => jid(50 + i));
    for (const contact of contacts) await deliverAll(t.id, contact, [textUpsert({ instance: t.instance, from: contact, text: "oi" })]);
    await Promise.all(contacts.map((contact) => drain(t.id, contact)));
    for (const contact of contacts) expect(await rows(t.id, contact, "in")).toHaveLength(1);
    expect(fake.gemini.length).toBeLessThanOrEqual(2);
  });
});
