import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import audioFixture from "../fixtures/evolution/webhook/04-messages.upsert-audio-ptt-base64.json";
import imageFixture from "../fixtures/evolution/webhook/05-messages.upsert-image-caption.json";
import { createTenant } from "../helpers/app";
import { conversation, deliver, drain, fireAlarm } from "../helpers/conversation";
import { geminiFunctionCall, geminiText, installFakeProviders, type FakeProviders } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";

const ANA = "5511999990001@s.whatsapp.net";
const OWNER = "5511988887777";
let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => fake.restore());

const usageOf = (tenantId: string) =>
  env.DB.prepare("SELECT sum(ai_calls) AS ai, sum(handoffs) AS handoffs, sum(replies_sent) AS replies, sum(messages_in) AS messagesIn FROM usage WHERE tenant_id = ?")
    .bind(tenantId)
    .first<{ ai: number; handoffs: number; replies: number; messagesIn: number }>();

describe("human handoff", () => {
  it("hands over when the customer asks for a person, notifying the business", async () => {
    const t = await createTenant({ bot: { handoff: { notifyNumber: OWNER } } });
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "Quero falar com um ATENDENTE, por favor" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(0);
    expect(fake.textsTo(ANA)).toEqual(["Certo! Vou chamar um atendente, só um instante."]);
    const [summary] = fake.textsTo(`${OWNER}@s.whatsapp.net`);
    expect(summary).toContain("Ana Souza");
    expect(summary).toContain("99999-0001");
    expect(summary).toContain("Quero falar com um ATENDENTE");
    const { state } = await conversation(t.id, ANA).inspect();
    expect(state.pausedUntil).toBeGreaterThan(Date.now() + 119 * 60_000);

    // While paused, messages are stored, not answered.
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "alô?" }));
    await drain(t.id, ANA);
    expect(fake.sent).toHaveLength(2);
    const stored = await env.DB.prepare("SELECT count(*) AS n FROM messages WHERE tenant_id = ? AND direction = 'in'").bind(t.id).first<{ n: number }>();
    expect(stored!.n).toBe(2);
    expect((await usageOf(t.id))!.handoffs).toBe(1);
  });

  it("matches handoff keywords without accents or case", async () => {
    const t = await createTenant({ bot: { handoff: { keywords: ["atendimento humano"] } } });
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "preciso de ATENDIMENTO HUMANO!" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(0);
    expect(fake.textsTo(ANA)).toEqual(["Certo! Vou chamar um atendente, só um instante."]);
  });

  it("hands over when Gemini calls transfer_to_human", async () => {
    const t = await createTenant();
    fake.onGemini(geminiFunctionCall("transfer_to_human", { reason: "reclamação" }));
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "meu pedido veio errado e estou muito chateada" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    expect(JSON.stringify(fake.gemini[0]!.body.tools)).toContain("transfer_to_human");
    expect(fake.textsTo(ANA)).toEqual(["Certo! Vou chamar um atendente, só um instante."]);
    expect((await conversation(t.id, ANA).inspect()).state.pausedUntil).toBeGreaterThan(Date.now());
    expect((await usageOf(t.id))!.handoffs).toBe(1);
  });

  it("extends the pause with each operator message, and expires on its own", async () => {
    const t = await createTenant({ bot: { handoff: { pauseMinutes: 60 } } });
    const now = Math.floor(Date.now() / 1000);
    // An operator message from two hours ago no longer pauses anyone.
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, fromMe: true, text: "Bom dia!", ts: now - 7200 }));
    let snapshot = await conversation(t.id, ANA).inspect();
    expect(snapshot.state.pausedUntil).toBeLessThan(Date.now());
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "Oi, tudo bem?", ts: now - 10 }));
    await drain(t.id, ANA);
    expect(fake.textsTo(ANA)).toHaveLength(1);
    // The memory includes what the human said.
    expect(JSON.stringify(fake.gemini[0]!.body.contents)).toContain("[Atendente humano]: Bom dia!");

    await deliver(t.id, ANA, textUpsert({ instance: t.instance, fromMe: true, text: "Ana, já vou te atender", ts: now - 1800 }));
    const first = (await conversation(t.id, ANA).inspect()).state.pausedUntil!;
    expect(first).toBe((now - 1800) * 1000 + 60 * 60_000);
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, fromMe: true, text: "Seu bolo fica pronto às 15h", ts: now }));
    snapshot = await conversation(t.id, ANA).inspect();
    expect(snapshot.state.pausedUntil).toBe(now * 1000 + 60 * 60_000);
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "obrigada!" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
  });
  it("a takeover while the model is thinking keeps the pause and drops the bot's reply", async () => {
    const t = await createTenant();
    let called!: () => void;
    const geminiCalled = new Promise<void>((r) => (called = r));
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    fake.onGemini(async () => {
      called();
      await answered;
      return geminiText("Temos sim! O pão de queijo sai por R$ 6,00.")();
    });
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "tem pão de queijo?" }));
    const turn = fireAlarm(t.id, ANA);
    await geminiCalled;
    const until = Date.now() + 30 * 60_000;
    await conversation(t.id, ANA).stub.pause(t.id, ANA, until);
    answer();
    await turn;
    await drain(t.id, ANA);
    expect(fake.textsTo(ANA)).toEqual([]);
    expect((await conversation(t.id, ANA).inspect()).state.pausedUntil).toBe(until);
    const stored = await env.DB.prepare("SELECT direction FROM messages WHERE tenant_id = ?").bind(t.id).all<{ direction: string }>();
    expect(stored.results.map((r) => r.direction)).toEqual(["in"]);
  });
});

describe("quick replies", () => {
  it("answers with the fixed text and makes no AI call", async () => {
    const t = await createTenant({
      bot: { quickReplies: [{ match: "contains", keywords: ["pix"], reply: "Nossa chave Pix é padaria@example.com" }, { match: "equals", keywords: ["oi"], reply: "Olá!" }] },
    });
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "Qual a chave PIX?" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(0);
    expect(fake.textsTo(ANA)).toEqual(["Nossa chave Pix é padaria@example.com"]);
    const rows = await env.DB.prepare("SELECT direction, text FROM messages WHERE tenant_id = ? ORDER BY at").bind(t.id).all();
    expect(rows.results).toEqual([
      { direction: "in", text: "Qual a chave PIX?" },
      { direction: "out", text: "Nossa chave Pix é padaria@example.com" },
    ]);
    // "equals" does not fire inside a longer sentence.
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "oi, vocês fazem bolo?" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
  });
});

describe("business hours", () => {
  it("sends the away message once per closed period and makes no AI call", async () => {
    const t = await createTenant({ bot: { businessHours: { weekly: {}, outsideHours: "away", awayMessage: "Estamos fechados." } } });
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "oi" }));
    await drain(t.id, ANA);
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "tem alguém aí?" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(0);
    expect(fake.textsTo(ANA)).toEqual(["Estamos fechados."]);
  });

  it("tells the model the business is closed and when it opens", async () => {
    const t = await createTenant({ bot: { businessHours: { weekly: { sun: [["00:00", "00:01"]] }, outsideHours: "answer" } } });
    const saoPauloDay = new Intl.DateTimeFormat("en-US", { timeZone: "America/Sao_Paulo", weekday: "short" }).format(new Date());
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "vocês estão abertos?" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    const system = fake.gemini[0]!.body.systemInstruction.parts[0].text as string;
    if (saoPauloDay !== "Sun") expect(system).toMatch(/fechad/i);
    expect(system).toContain("00:00");
  });
});

describe("voice notes and pictures", () => {
  it("sends a voice note, a picture with its caption and a video placeholder in one request, in order", async () => {
    const t = await createTenant();
    const ts = Math.floor(Date.now() / 1000);
    const audio = { ...structuredClone(audioFixture), instance: t.instance, apikey: "B6D711FC-DE4D-4FD5-9365-44120E713976" };
    audio.data.messageTimestamp = ts + 1;
    const image = { ...structuredClone(imageFixture), instance: t.instance };
    image.data.messageTimestamp = ts + 2;
    const video = textUpsert({
      instance: t.instance,
      ts: ts + 3,
      messageType: "videoMessage",
      message: { videoMessage: { url: "https://mmg.whatsapp.net/v", mimetype: "video/mp4", seconds: 12, fileLength: { low: 2_000_000, high: 0, unsigned: true }, mediaKey: "AAAA", directPath: "/v" } },
    });
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "olha só", ts }), video, image, audio);
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.media).toHaveLength(2);
    expect(JSON.stringify(fake.media)).not.toContain("jpegThumbnail");
    const parts = fake.gemini[0]!.body.contents.at(-1).parts as any[];
    const summary = parts.map((p) => (p.inlineData ? `inline:${p.inlineData.mimeType}` : p.text));
    const idx = (pred: (s: string) => boolean) => summary.findIndex(pred);
    expect(idx((s) => s.includes("olha só"))).toBeLessThan(idx((s) => s === "inline:audio/ogg"));
    expect(idx((s) => s === "inline:audio/ogg")).toBeLessThan(idx((s) => s === "inline:image/jpeg"));
    expect(idx((s) => s === "inline:image/jpeg")).toBeLessThan(idx((s) => s.includes("Esse é o modelo que eu quero")));
    expect(idx((s) => s.includes("Esse é o modelo que eu quero"))).toBeLessThan(idx((s) => s.includes("vídeo")));
  });

  it("does not fetch media over 15 MB", async () => {
    const t = await createTenant();
    const big = textUpsert({
      instance: t.instance,
      messageType: "imageMessage",
      message: { imageMessage: { url: "https://mmg.whatsapp.net/i", mimetype: "image/jpeg", fileLength: { low: 16 * 1024 * 1024, high: 0, unsigned: true }, mediaKey: "AAAA", directPath: "/i", caption: "foto grande" } },
    });
    await deliver(t.id, ANA, big);
    await drain(t.id, ANA);
    expect(fake.media).toHaveLength(0);
    const parts = JSON.stringify(fake.gemini[0]!.body.contents.at(-1));
    expect(parts).toContain("imagem");
    expect(parts).toContain("foto grande");
    expect(parts).not.toContain("inlineData");
  });
});

describe("quotas", () => {
  it("past monthlyAiReplies sends quotaText once a day and calls no AI", async () => {
    const t = await createTenant({ bot: { monthlyAiReplies: 1, quotaText: "Limite atingido." } });
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "primeira" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "segunda" }));
    await drain(t.id, ANA);
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "terceira" }));
    await drain(t.id, ANA);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.textsTo(ANA)).toEqual(["Olá! Abrimos às *7h*.", "Limite atingido."]);
    const usage = await usageOf(t.id);
    expect(usage).toMatchObject({ ai: 1, messagesIn: 3, replies: 2 });
  });
});
