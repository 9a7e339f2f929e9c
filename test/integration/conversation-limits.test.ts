import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InboundEvent } from "../../src/domain/inbound-event";
import { MAX_TURN_ATTEMPTS } from "../../src/services/attendant/turn/run-turn";
import { normalizeWebhook } from "../../src/services/evolution/normalize";
import { evolutionEnvelopeSchema } from "../../src/services/evolution/webhook-schema";
import { evictTenant } from "../../src/services/tenants/tenant-cache";
import { createTenant } from "../helpers/app";
import { conversation, drain } from "../helpers/conversation";
import { evolutionError, geminiText, installFakeProviders, type FakeProviders } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";

/**
 * Issue 12, items 2, 10 and 11 as the Conversation object lives them: oversized bursts, abuse
 * limits, alarms that keep failing and replies Evolution refuses for good.
 */

let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
  let n = 0;
  fake.setGeminiDefault(() => geminiText(`resposta ${++n}`)());
});
afterEach(() => fake.restore());

const jid = (n: number) => `55119666${String(n).padStart(5, "0")}@s.whatsapp.net`;
const MB = 1024 * 1024;
/** A long debounce: alarms fire only when the test fires them. */
const QUIET = { debounceMs: 60_000, maxWaitMs: 120_000 };

function eventsFor(t: { id: string; instance: string }, contact: string, texts: string[], prefix: string): InboundEvent[] {
  const ts = Math.floor(Date.now() / 1000) - texts.length;
  return texts.map((text, i) => {
    const envelope = evolutionEnvelopeSchema.parse(textUpsert({ instance: t.instance, from: contact, text, id: `${prefix}-${String(i).padStart(3, "0")}`, ts: ts + i }));
    const n = normalizeWebhook(envelope, { tenantId: t.id, instance: t.instance, ignoreGroups: true, receivedAt: Date.now() });
    if (n.type !== "message") throw new Error("not a message");
    return n.event;
  });
}

const rows = (tenantId: string, contact: string, direction: "in" | "out") =>
  env.DB.prepare("SELECT wa_id AS id, text, delivery FROM messages WHERE tenant_id = ? AND contact_jid = ? AND direction = ? ORDER BY at, wa_id")
    .bind(tenantId, contact, direction)
    .all<{ id: string; text: string; delivery: string | null }>()
    .then((r) => r.results);

const usageOf = (tenantId: string) =>
  env.DB.prepare("SELECT sum(messages_in) AS messagesIn, sum(replies_sent) AS replies, sum(failures) AS failures FROM usage WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ messagesIn: number; replies: number; failures: number }>();

/** The largest row of each of the object's tables, in bytes. */
const largestRows = (tenantId: string, contact: string) =>
  runInDurableObject(conversation(tenantId, contact).stub, (_o, ctx) => {
    const max = (q: string) => ctx.storage.sql.exec<{ n: number | null }>(q).one().n ?? 0;
    return Math.max(
      max("SELECT max(length(CAST(body AS BLOB))) AS n FROM inbound"),
      max("SELECT max(length(CAST(v AS BLOB))) AS n FROM state"),
    );
  });

describe("issue 12 #2: a big burst is never lost", () => {
  it("180 messages of 4,096 CJK characters are answered over several turns, every one stored, no object row over 1 MB", async () => {
    const t = await createTenant({ bot: { ...QUIET, contactMessagesPerMinute: 10_000, contactAiCallsPerHour: 1000, typingMsPerChar: 0 } });
    const contact = jid(1);
    const cjk = (i: number) => `${i} ${"字".repeat(4096)}`;
    const events = eventsFor(t, contact, Array.from({ length: 180 }, (_, i) => cjk(i)), "CJK");
    const { stub } = conversation(t.id, contact);
    for (const e of events) expect(await stub.receive(e)).toBe("accepted");

    await drain(t.id, contact, 200);
    const snap = await conversation(t.id, contact).inspect();
    expect(snap.pending).toEqual([]);
    expect(snap.alarm).toBeNull();
    // Several turns, each within 32 KB of text, together covering every message once.
    expect(fake.gemini.length).toBeGreaterThan(1);
    for (const call of fake.gemini) expect(new TextEncoder().encode(JSON.stringify(call.body.contents.at(-1))).length).toBeLessThan(40 * 1024);
    expect(fake.textsTo(contact)).toHaveLength(fake.gemini.length);
    expect((await rows(t.id, contact, "in")).map((r) => r.id)).toEqual(events.map((e) => e.messageId));
    expect((await usageOf(t.id))!.messagesIn).toBe(180);
    expect(await largestRows(t.id, contact)).toBeLessThan(MB);
  });

  it("marks the burst done and stores its reply in one write: a failed commit leaves the burst pending", async () => {
    const t = await createTenant({ bot: { ...QUIET, typingMsPerChar: 0 } });
    const contact = jid(2);
    const { stub } = conversation(t.id, contact);
    for (const e of eventsFor(t, contact, ["oi", "tem pão?"], "TX")) await stub.receive(e);

    const stateWrites = await runInDurableObject(stub, (_o, ctx) => {
      const real = ctx.storage.sql.exec.bind(ctx.storage.sql);
      // The commit's one write fails as a full disk would: nothing of the turn may stay behind.
      let failed = false;
      return vi.spyOn(ctx.storage.sql, "exec").mockImplementation(((query: string, ...bindings: unknown[]) => {
        if (!failed && query.startsWith("INSERT INTO state")) {
          failed = true;
          throw new Error("storage full");
        }
        return real(query, ...(bindings as SqlStorageValue[]));
      }) as typeof ctx.storage.sql.exec);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // The failed commit, then the alarm's own record of its failure.
    expect(stateWrites.mock.calls.filter(([q]) => q.startsWith("INSERT INTO state"))).toHaveLength(2);
    await runInDurableObject(stub, () => stateWrites.mockRestore());
    let snap = await conversation(t.id, contact).inspect();
    expect(snap.pending.map((e) => e.text)).toEqual(["oi", "tem pão?"]);
    expect(snap.state.outbox).toBeNull();
    expect(fake.sent).toHaveLength(0);

    // The next alarm answers the burst once.
    await drain(t.id, contact);
    snap = await conversation(t.id, contact).inspect();
    expect(snap.pending).toEqual([]);
    expect(fake.textsTo(contact)).toEqual(["resposta 2"]);
  });

  it("a reply of the most parts of the longest text, with the echo memory full, keeps the state row under 1 MB", async () => {
    const t = await createTenant({ bot: { ...QUIET, maxParts: 10, typingMsPerChar: 0, contactAiCallsPerHour: 1000, contactMessagesPerMinute: 10_000 } });
    const contact = jid(20);
    // Ten paragraphs of 3,900 three-byte characters: the longest reply the splitter lets through.
    fake.setGeminiDefault(() => geminiText(Array.from({ length: 10 }, (_, i) => `${i} ${"字".repeat(3_890)}`).join("\n\n"))());
    const { stub } = conversation(t.id, contact);
    for (let turn = 0; turn < 22; turn++) {
      for (const e of eventsFor(t, contact, [`pergunta ${turn}`], `BIG${turn}`)) await stub.receive(e);
      // Evolution fails the first part once: the whole reply stays stored until the next alarm.
      fake.onSendText(evolutionError(500, ["Internal Server Error"]));
      await runDurableObjectAlarm(stub);
      expect((await conversation(t.id, contact).inspect()).outbox).toHaveLength(10);
      expect(await largestRows(t.id, contact)).toBeLessThan(MB);
      await drain(t.id, contact);
    }
    expect(fake.textsTo(contact).length).toBeGreaterThanOrEqual(22 * 10);
    expect(await largestRows(t.id, contact)).toBeLessThan(MB);
  });
});

describe("issue 12 #10: abuse limits", () => {
  it("a flooding contact is stored, not answered, and the tenant's other contacts still are", async () => {
    const t = await createTenant({ bot: { ...QUIET, contactMessagesPerMinute: 5, typingMsPerChar: 0 } });
    const flooder = jid(3);
    const events = eventsFor(t, flooder, Array.from({ length: 12 }, (_, i) => `spam ${i}`), "FLOOD");
    const { stub } = conversation(t.id, flooder);
    for (const e of events) await stub.receive(e);
    await drain(t.id, flooder);
    expect(fake.gemini).toHaveLength(0);
    expect(fake.sent).toHaveLength(0);
    expect((await rows(t.id, flooder, "in")).map((r) => r.id)).toEqual(events.map((e) => e.messageId));

    const other = jid(4);
    await conversation(t.id, other).stub.receive(eventsFor(t, other, ["bom dia"], "CALM")[0]!);
    await drain(t.id, other);
    expect(fake.textsTo(other)).toEqual(["resposta 1"]);
  });

  it("quick replies count against contactAiCallsPerHour", async () => {
    const t = await createTenant({ bot: { ...QUIET, contactAiCallsPerHour: 2, typingMsPerChar: 0, quickReplies: [{ keywords: ["pix"], reply: "Chave Pix: 123" }] } });
    const contact = jid(5);
    const { stub } = conversation(t.id, contact);
    for (let i = 0; i < 4; i++) {
      await stub.receive(eventsFor(t, contact, [`qual o pix? ${i}`], `PIX${i}`)[0]!);
      await drain(t.id, contact);
    }
    expect(fake.textsTo(contact)).toEqual(["Chave Pix: 123", "Chave Pix: 123"]);
    expect(await rows(t.id, contact, "in")).toHaveLength(4);
  });

  it("messages past the tenant's per-minute limit are stored, not answered", async () => {
    const t = await createTenant({ bot: { ...QUIET, typingMsPerChar: 0 } });
    const contact = jid(6);
    const [event] = eventsFor(t, contact, ["oi"], "THR");
    const { stub } = conversation(t.id, contact);
    await stub.receive({ ...event!, throttled: true });
    await drain(t.id, contact);
    expect(fake.gemini).toHaveLength(0);
    expect(await rows(t.id, contact, "in")).toHaveLength(1);
  });
});

describe("issue 12 #11: alarms and deliveries that fail", () => {
  it("a tenant lookup that throws inside alarm() is caught and retried, and the burst is answered later", async () => {
    const t = await createTenant({ bot: { ...QUIET, typingMsPerChar: 0 } });
    const contact = jid(7);
    const { stub } = conversation(t.id, contact);
    await stub.receive(eventsFor(t, contact, ["oi"], "LOOK")[0]!);
    evictTenant(t.instance);
    const d1 = Object.getPrototypeOf(env.DB) as D1Database;
    const outage = vi.spyOn(d1, "prepare").mockImplementation(() => {
      throw new Error("D1_ERROR: Network connection lost.");
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    outage.mockRestore();
    const snap = await conversation(t.id, contact).inspect();
    expect(snap.state.alarmFailures).toBe(1);
    expect(snap.alarm).not.toBeNull();
    await drain(t.id, contact);
    expect(fake.textsTo(contact)).toEqual(["resposta 1"]);
  });

  it(`a turn that keeps failing stops after ${MAX_TURN_ATTEMPTS} attempts: fallbackText once and a recorded failure`, async () => {
    const t = await createTenant({ bot: { ...QUIET, typingMsPerChar: 0, fallbackText: "Tivemos um problema." } });
    const contact = jid(8);
    const { stub } = conversation(t.id, contact);
    await stub.receive(eventsFor(t, contact, ["oi"], "BROKEN")[0]!);
    // D1 is down (the tenant is cached): every turn throws before the model is called.
    const d1 = Object.getPrototypeOf(env.DB) as D1Database;
    const outage = vi.spyOn(d1, "prepare").mockImplementation(() => {
      throw new Error("D1_ERROR: Network connection lost.");
    });
    let alarms = 0;
    while (alarms < MAX_TURN_ATTEMPTS + 5 && fake.sent.length === 0 && (await runDurableObjectAlarm(stub))) alarms++;
    expect(alarms).toBe(MAX_TURN_ATTEMPTS);
    expect(fake.gemini).toHaveLength(0);
    expect(fake.textsTo(contact)).toEqual(["Tivemos um problema."]);
    // D1 back: the fallback's record is written, nothing is sent again.
    outage.mockRestore();
    await drain(t.id, contact);
    expect(fake.textsTo(contact)).toEqual(["Tivemos um problema."]);
    const snap = await conversation(t.id, contact).inspect();
    expect(snap.pending).toEqual([]);
    expect(snap.alarm).toBeNull();
    expect((await usageOf(t.id))!.failures).toBe(1);
    expect(await rows(t.id, contact, "out")).toEqual([expect.objectContaining({ text: "Tivemos um problema.", delivery: "sent" })]);
    expect((await rows(t.id, contact, "in")).map((r) => r.id)).toEqual(["BROKEN-000"]);
  });

  it("a reply Evolution refuses for good (4xx) is stored as failed, not as sent, and not counted in repliesSent", async () => {
    const t = await createTenant({ bot: { ...QUIET, typingMsPerChar: 0 } });
    const contact = jid(9);
    fake.onSendText(evolutionError(400, [{ jid: contact, exists: false, number: contact.split("@")[0] }]));
    await conversation(t.id, contact).stub.receive(eventsFor(t, contact, ["oi"], "GONE")[0]!);
    await drain(t.id, contact);
    expect(fake.sent).toHaveLength(0);
    expect(await rows(t.id, contact, "out")).toEqual([expect.objectContaining({ text: "resposta 1", delivery: "failed" })]);
    expect(await usageOf(t.id)).toMatchObject({ messagesIn: 1, replies: 0, failures: 1 });

    // A reply that goes out is stored as sent.
    await conversation(t.id, contact).stub.receive(eventsFor(t, contact, ["de novo"], "BACK")[0]!);
    await drain(t.id, contact);
    expect((await rows(t.id, contact, "out")).map((r) => r.delivery)).toEqual(["failed", "sent"]);
    expect(await usageOf(t.id)).toMatchObject({ replies: 1 });
  });
});
