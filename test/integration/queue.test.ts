import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/domain/inbound-event";
import worker from "../../src/index";
import { retryDelaySeconds } from "../../src/queue/consumer";
import { createTenant } from "../helpers/app";
import { conversation, drain } from "../helpers/conversation";
import { installFakeProviders, type FakeProviders } from "../helpers/fake-providers";

const ANA = "5511999990001@s.whatsapp.net";
let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => fake.restore());

function event(t: { id: string; instance: string }, id: string, text: string): InboundEvent {
  return {
    v: 1, type: "message", tenantId: t.id, instance: t.instance, contact: ANA, replyJid: ANA, messageId: id,
    fromMe: false, isGroup: false, participant: null, pushName: "Ana", timestamp: Math.floor(Date.now() / 1000),
    kind: "text", text, media: null, quotedId: null, receivedAt: Date.now(),
  };
}

async function runBatch(queue: string, bodies: unknown[], attempts = 1) {
  const batch = createMessageBatch(queue, bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

describe("queue consumer", () => {
  it("acks each event after its conversation stored it, and redelivery changes nothing", async () => {
    const t = await createTenant();
    const bodies = [event(t, "3A00000000000000000A", "oi"), event(t, "3A00000000000000000B", "tudo bem?")];
    const first = await runBatch("atenbot-inbox", bodies);
    expect(first.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(first.retryMessages).toEqual([]);
    expect((await conversation(t.id, ANA).inspect()).pending).toHaveLength(2);
    const again = await runBatch("atenbot-inbox", bodies, 2);
    expect(again.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect((await conversation(t.id, ANA).inspect()).pending).toHaveLength(2);
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.sent).toHaveLength(1);
  });

  it("processes an id once even when a copy names another chat (phone JID, then @lid)", async () => {
    const t = await createTenant();
    const original = event(t, "3A0000000000000000E1", "oi, sou a Ana");
    const lidCopy = { ...original, contact: "987654321098765@lid", replyJid: "987654321098765@lid" };
    expect((await runBatch("atenbot-inbox", [original])).explicitAcks).toEqual(["m0"]);
    expect((await runBatch("atenbot-inbox", [lidCopy, original])).explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect((await conversation(t.id, "987654321098765@lid").inspect()).seen).toBe(0);
    await drain(t.id, ANA);
    expect(fake.sent.map((s) => s.body.number)).toEqual([ANA]);
  });

  it("retries, with a delay, an event its conversation could not take", async () => {
    const t = await createTenant();
    const good = event(t, "3A0000000000000000C1", "oi");
    // Fails inside the object: its STRICT tables refuse a timestamp that is not a number.
    const broken = { ...event(t, "3A0000000000000000C2", "oi"), timestamp: "soon" };
    const result = await runBatch("atenbot-inbox", [good, broken], 3);
    expect(result.explicitAcks).toEqual(["m0"]);
    expect(result.retryMessages.map((m: { msgId: string }) => m.msgId)).toEqual(["m1"]);
    expect([1, 2, 3, 8, 20].map(retryDelaySeconds)).toEqual([2, 4, 8, 256, 300]);
  });

  it("drops unreadable events instead of retrying them forever", async () => {
    const result = await runBatch("atenbot-inbox", [{ v: 99 }, "garbage"]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
  });

  it("keeps dead-lettered events in the transcript and counts them as failures", async () => {
    const t = await createTenant();
    const result = await runBatch("atenbot-inbox-dlq", [event(t, "3A0000000000000000D1", "mensagem que falhou")]);
    expect(result.explicitAcks).toEqual(["m0"]);
    const row = await env.DB.prepare("SELECT direction, text FROM messages WHERE tenant_id = ? AND wa_id = ?").bind(t.id, "3A0000000000000000D1").first();
    expect(row).toEqual({ direction: "in", text: "mensagem que falhou" });
    const usage = await env.DB.prepare("SELECT failures FROM usage WHERE tenant_id = ?").bind(t.id).first<{ failures: number }>();
    expect(usage!.failures).toBe(1);
  });
});
