import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTenant } from "../helpers/app";
import { conversation, deliver, drain, fireAlarm } from "../helpers/conversation";
import { evolutionError, geminiError, geminiText, installFakeProviders, type FakeProviders } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";

const ANA = "5511999990001@s.whatsapp.net";
const BRUNO = "5511999990002@s.whatsapp.net";
let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => fake.restore());

/** Texts of the final user turn of one Gemini request. */
const lastUserTurn = (i: number) => JSON.stringify(fake.gemini[i]!.body.contents.at(-1));

describe("a text message", () => {
  it("gets one formatted Gemini reply at the right JID, with the tenant's prompt and history", async () => {
    const t = await createTenant();
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "Vocês abrem amanhã?" }));
    expect(await fireAlarm(t.id, ANA)).toBe(true);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.gemini[0]!.body.systemInstruction.parts[0].text).toContain("Você é a atendente da Padaria Teste.");
    expect(lastUserTurn(0)).toContain("Vocês abrem amanhã?");
    expect(fake.textsTo(ANA)).toEqual(["Olá! Abrimos às *7h*."]);
    expect(fake.sent[0]!.headers.apikey).toBe("B6D711FC-DE4D-4FD5-9365-44120E713976");
    expect(fake.sent[0]!.body).toMatchObject({ number: ANA, linkPreview: false });
    expect(fake.sent[0]!.body.delay).toBeGreaterThan(0);

    // The next turn carries the first exchange as history.
    fake.onGemini(geminiText("Temos pão de queijo, sim."));
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "Tem pão de queijo?" }));
    await fireAlarm(t.id, ANA);
    const contents = JSON.stringify(fake.gemini[1]!.body.contents);
    expect(contents).toContain("Vocês abrem amanhã?");
    expect(contents).toContain("Olá! Abrimos às *7h*.");
    expect(lastUserTurn(1)).toContain("Tem pão de queijo?");
    expect(fake.textsTo(ANA)).toEqual(["Olá! Abrimos às *7h*.", "Temos pão de queijo, sim."]);
  });

  it("arms the debounce alarm after the last message, capped by maxWaitMs from the first", async () => {
    const t = await createTenant({ bot: { debounceMs: 3000, maxWaitMs: 15000 } });
    const before = Date.now();
    const stub = await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "oi" }));
    const { alarm } = await stub.inspect();
    expect(alarm).toBeGreaterThanOrEqual(before + 3000);
    expect(alarm).toBeLessThanOrEqual(Date.now() + 3000);
    await drain(t.id, ANA);

    const capped = await createTenant({ bot: { debounceMs: 60_000, maxWaitMs: 5_000 } });
    const start = Date.now();
    const s2 = await deliver(capped.id, ANA, textUpsert({ instance: capped.instance, text: "a" }), textUpsert({ instance: capped.instance, text: "b" }));
    const armed = (await s2.inspect()).alarm!;
    expect(armed).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(armed).toBeGreaterThanOrEqual(start + 5_000 - 10);
    await drain(capped.id, ANA);
  });
});

describe("exactly once, in order", () => {
  it("answers a webhook delivered three times once", async () => {
    const t = await createTenant();
    const body = textUpsert({ instance: t.instance, text: "Quanto custa o bolo?", id: "3AAAAAAAAAAAAAAAAAA1" });
    await deliver(t.id, ANA, body);
    for (let i = 0; i < 2; i++) expect((await (await import("../helpers/app")).postWebhook(body)).status).toBe(200);
    // Give the queue time to hand the copies over, then make sure they changed nothing.
    await new Promise((r) => setTimeout(r, 1500));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.textsTo(ANA)).toHaveLength(1);
    // A copy arriving after the reply is still a duplicate.
    await (await import("../helpers/app")).postWebhook(body);
    await new Promise((r) => setTimeout(r, 1500));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.sent).toHaveLength(1);
  });

  it("merges a burst delivered in reverse into one call, in timestamp order", async () => {
    const t = await createTenant();
    const ts = Math.floor(Date.now() / 1000);
    await deliver(
      t.id,
      ANA,
      textUpsert({ instance: t.instance, text: "terceira", ts: ts + 2 }),
      textUpsert({ instance: t.instance, text: "segunda", ts: ts + 1 }),
      textUpsert({ instance: t.instance, text: "primeira", ts }),
    );
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    const turn = lastUserTurn(0);
    expect(turn.indexOf("primeira")).toBeLessThan(turn.indexOf("segunda"));
    expect(turn.indexOf("segunda")).toBeLessThan(turn.indexOf("terceira"));
    expect(fake.sent).toHaveLength(1);
  });

  it("never mixes two contacts of one tenant, nor one number at two tenants", async () => {
    const a = await createTenant();
    const b = await createTenant({ apiKey: "OTHER-TENANT-TOKEN-0000000000" });
    fake.setGeminiDefault(geminiText("resposta"));
    await deliver(a.id, ANA, textUpsert({ instance: a.instance, text: "sou a Ana na loja A", from: ANA }));
    await deliver(a.id, BRUNO, textUpsert({ instance: a.instance, text: "sou o Bruno na loja A", from: BRUNO, pushName: "Bruno" }));
    await deliver(b.id, ANA, textUpsert({ instance: b.instance, text: "sou a Ana na loja B", from: ANA, apikey: "OTHER-TENANT-TOKEN-0000000000" }));
    await drain(a.id, ANA);
    await drain(a.id, BRUNO);
    await drain(b.id, ANA);
    expect(fake.gemini).toHaveLength(3);
    const requests = fake.gemini.map((g) => JSON.stringify(g.body.contents));
    expect(requests.filter((r) => r.includes("loja A") && r.includes("loja B"))).toHaveLength(0);
    expect(requests.filter((r) => r.includes("Ana") && r.includes("Bruno"))).toHaveLength(0);
    const sendsA = fake.sent.filter((s) => s.url.includes(`/sendText/${a.instance}`));
    const sendsB = fake.sent.filter((s) => s.url.includes(`/sendText/${b.instance}`));
    expect(sendsA.map((s) => s.body.number).sort()).toEqual([ANA, BRUNO]);
    expect(sendsB.map((s) => s.body.number)).toEqual([ANA]);
    expect(sendsB[0]!.headers.apikey).toBe("OTHER-TENANT-TOKEN-0000000000");
  });
});

describe("reply JIDs", () => {
  it("replies to the full @lid JID when no phone JID is known", async () => {
    const t = await createTenant();
    const lid = "987654321098765@lid";
    await deliver(t.id, lid, textUpsert({ instance: t.instance, from: lid, text: "Qual o valor da entrega?" }));
    await drain(t.id, lid);
    expect(fake.sent.map((s) => s.body.number)).toEqual([lid]);
  });

  it("prefers remoteJidAlt when it is a phone JID", async () => {
    const t = await createTenant();
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, from: "987654321098765@lid", remoteJidAlt: ANA, text: "oi" }));
    await drain(t.id, ANA);
    expect(fake.sent.map((s) => s.body.number)).toEqual([ANA]);
  });
});

describe("failures", () => {
  it("retries Gemini after a 429 and answers once", async () => {
    const t = await createTenant();
    fake.onGemini(geminiError(429, "2s"), geminiText("Agora sim!"));
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "oi" }));
    await fireAlarm(t.id, ANA);
    const retry = await conversation(t.id, ANA).inspect();
    expect(retry.state.aiAttempts).toBe(1);
    expect(retry.alarm! - Date.now()).toBeGreaterThan(1000);
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(2);
    expect(fake.textsTo(ANA)).toEqual(["Agora sim!"]);
  });

  it("sends exactly one fallbackText when Gemini keeps failing, with no provider text", async () => {
    const t = await createTenant();
    fake.setGeminiDefault(geminiError(500));
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "oi" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(5);
    expect(fake.textsTo(ANA)).toEqual(["Desculpe, tive um problema agora. Pode repetir em instantes?"]);
    const usage = await env.DB.prepare("SELECT ai_calls, failures, replies_sent FROM usage WHERE tenant_id = ?").bind(t.id).first();
    expect(usage).toEqual({ ai_calls: 5, failures: 5, replies_sent: 1 });
  });

  it("re-sends the stored reply when Evolution fails, without calling Gemini again", async () => {
    const t = await createTenant();
    fake.onSendText(evolutionError(500, ["Internal"]), evolutionError(502, ["Bad gateway"]));
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "oi" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.textsTo(ANA)).toEqual(["Olá! Abrimos às *7h*."]);
  });

  it("gives up on a number that is not on WhatsApp and records it", async () => {
    const t = await createTenant();
    fake.onSendText(evolutionError(400, [{ jid: ANA, exists: false, number: "5511999990001" }]));
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "oi" }));
    await drain(t.id, ANA);
    expect(fake.sent).toHaveLength(0);
    const usage = await env.DB.prepare("SELECT failures FROM usage WHERE tenant_id = ?").bind(t.id).first<{ failures: number }>();
    expect(usage!.failures).toBe(1);
    expect((await conversation(t.id, ANA).inspect()).state.outbox).toBeNull();
  });
});

describe("messages from the business's own number", () => {
  it("ignores the echo of a message the bot sent", async () => {
    const t = await createTenant();
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "oi" }));
    await drain(t.id, ANA);
    const sentId = fake.sentIds()[0]!;
    const stub = await deliver(t.id, ANA, textUpsert({ instance: t.instance, fromMe: true, id: sentId, text: "Olá! Abrimos às *7h*." }));
    expect((await stub.inspect()).state.pausedUntil).toBeNull();
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "e amanhã?" }));
    await drain(t.id, ANA);
    expect(fake.sent).toHaveLength(2);
  });

  it("pauses the bot when the operator types on the phone", async () => {
    const t = await createTenant();
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, fromMe: true, text: "Oi Ana, aqui é a Júlia da padaria" }));
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "Oi Júlia!" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(0);
    expect(fake.sent).toHaveLength(0);
    const rows = await env.DB.prepare("SELECT direction, text FROM messages WHERE tenant_id = ? ORDER BY at").bind(t.id).all();
    expect(rows.results.map((r) => r.direction).sort()).toEqual(["human", "in"]);
    const contact = await env.DB.prepare("SELECT paused_until FROM contacts WHERE tenant_id = ?").bind(t.id).first<{ paused_until: number }>();
    expect(contact!.paused_until).toBeGreaterThan(Date.now() + 100 * 60_000);
  });
});
