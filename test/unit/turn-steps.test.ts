import { describe, expect, it } from "vitest";
import { botSettingsSchema, type BotSettings } from "../../src/domain/bot-settings";
import type { InboundEvent } from "../../src/domain/inbound-event";
import type { Tenant } from "../../src/domain/tenant";
import { conversationHistory } from "../../src/services/attendant/turn/call-model";
import { turnWrite } from "../../src/services/attendant/turn/commit";
import { composeReply } from "../../src/services/attendant/turn/compose";
import { ECHO_WINDOW_MS, rememberSent } from "../../src/services/attendant/turn/deliver";
import { takeTurn, turnFacts, TURN_MAX_MESSAGES } from "../../src/services/attendant/turn/plan";
import { initialConversationState, type ConversationState, type Outbox, type PendingMessage } from "../../src/services/attendant/turn/turn-store";

const NOW = Date.parse("2026-11-23T15:00:00Z");
const ANA = "5511999990001@s.whatsapp.net";
const settings = (bot: Record<string, unknown> = {}): BotSettings => botSettingsSchema.parse(bot);

const state = (s: Partial<ConversationState> = {}): ConversationState => ({
  ...initialConversationState(),
  tenantId: "t1",
  instance: "padaria",
  contact: ANA,
  replyJid: ANA,
  customerName: "Ana",
  ...s,
});

let arrivals = 0;
function pending(id: string, text: string | null, o: Partial<InboundEvent> = {}): PendingMessage {
  const event: InboundEvent = {
    v: 1, type: "message", tenantId: "t1", instance: "padaria", contact: ANA, replyJid: ANA, messageId: id,
    fromMe: false, isGroup: false, participant: null, pushName: "Ana", timestamp: NOW / 1000 - 60, kind: "text",
    text, media: null, quotedId: null, receivedAt: NOW - 60_000, ...o,
  };
  return { event, receivedAt: event.receivedAt, seq: ++arrivals };
}

describe("plan: turnFacts", () => {
  it("reads the customer's texts and the conversation's memory, never the operator's messages", () => {
    const customer = [pending("a", "oi"), pending("b", null, { kind: "image" }), pending("c", "tem pão?")];
    const facts = turnFacts({
      state: state({ pausedUntil: NOW + 1, awaySentForPeriod: "p1", quotaNoticeDay: "2026-11-23" }),
      customer,
      tenant: { bot: settings() } as Tenant,
      now: NOW,
      today: "2026-11-23",
      recentAiCalls: 4,
      recentMessages: 7,
      aiEnabled: true,
    });
    expect(facts).toMatchObject({
      burstTexts: ["oi", "tem pão?"],
      hasCustomerMessages: true,
      pausedUntil: NOW + 1,
      contactAiCallsLastHour: 4,
      contactMessagesLastMinute: 7,
      tenantFlooding: false,
      quotaExhausted: false,
      awaySentForPeriod: "p1",
      quotaNoticeDay: "2026-11-23",
    });
  });
});

describe("call the model: conversationHistory", () => {
  it("adds the operator's pending messages as the attendant's, in time order", () => {
    const stored = [
      { direction: "in" as const, kind: "text" as const, text: "oi", at: NOW - 300_000 },
      { direction: "out" as const, kind: "text" as const, text: "Olá!", at: NOW - 100_000 },
    ];
    const operator = pending("op", "Oi Ana, é a Júlia", { fromMe: true, timestamp: (NOW - 200_000) / 1000 });
    const history = conversationHistory(stored, [operator, pending("c", "e amanhã?")]);
    expect(history.map((h) => [h.direction, h.text])).toEqual([
      ["in", "oi"],
      ["human", "Oi Ana, é a Júlia"],
      ["out", "Olá!"],
    ]);
  });
});

describe("compose: composeReply", () => {
  it("splits a text answer into timed parts for the customer (counted once delivered)", () => {
    const reply = composeReply({
      answer: { type: "text", text: "Temos pão.\n\nE café." },
      settings: settings({ maxParts: 3 }),
      state: state(),
      customer: [pending("a", "oi")],
      usage: { messagesIn: 1 },
      now: NOW,
    });
    expect(reply.parts.map((p) => [p.to, p.text])).toEqual([[ANA, "Temos pão."], [ANA, "E café."]]);
    expect(reply.parts.every((p) => p.delayMs > 0)).toBe(true);
    expect(reply.pausedUntil).toBeNull();
    expect(reply.usage).toEqual({ messagesIn: 1 });
  });

  it("hands over: the handoff message, the attendant's notice, and the bot paused from now", () => {
    const reply = composeReply({
      answer: { type: "handoff" },
      settings: settings({ handoff: { pauseMinutes: 30, notifyNumber: "5511988887777" } }),
      state: state({ replyJid: "1234@lid" }),
      customer: [pending("a", "quero um atendente")],
      usage: {},
      now: NOW,
    });
    expect(reply.to).toBe("1234@lid");
    expect(reply.parts[0]).toMatchObject({ to: "1234@lid", text: "Certo! Vou chamar um atendente, só um instante." });
    expect(reply.parts[1]!.to).toBe("5511988887777@s.whatsapp.net");
    expect(reply.parts[1]!.text).toContain("Última mensagem: quero um atendente");
    expect(reply.pausedUntil).toBe(NOW + 30 * 60_000);
    expect(reply.usage).toEqual({ handoffs: 1 });
  });

  it("sends nothing and keeps the pause as it was when there is nothing to answer", () => {
    const reply = composeReply({ answer: { type: "none" }, settings: settings(), state: state({ pausedUntil: NOW + 5 }), customer: [], usage: {}, now: NOW });
    expect(reply.parts).toEqual([]);
    expect(reply.pausedUntil).toBe(NOW + 5);
    expect(reply.usage).toEqual({});
  });
});

describe("plan: takeTurn", () => {
  it("issue 12 #2: takes at most 50 messages of the pending burst, the first to arrive, in timestamp order", () => {
    const burst = Array.from({ length: 60 }, (_, i) => pending(`m${i}`, "oi", { timestamp: NOW / 1000 - i }));
    const taken = takeTurn(burst);
    expect(taken).toHaveLength(TURN_MAX_MESSAGES);
    expect(new Set(taken.map((p) => p.event.messageId))).toEqual(new Set(burst.slice(0, 50).map((p) => p.event.messageId)));
    expect(taken.map((p) => p.event.timestamp)).toEqual([...taken.map((p) => p.event.timestamp)].sort((a, b) => a - b));
  });

  it("issue 12 #2: takes at most 32 KB of text, counted in bytes, and always one message", () => {
    const cjk = "字".repeat(4096); // 12,288 bytes
    expect(takeTurn(Array.from({ length: 180 }, (_, i) => pending(`c${i}`, cjk)))).toHaveLength(2);
    expect(takeTurn([pending("huge", "字".repeat(20_000))])).toHaveLength(1);
  });
});

describe("commit: turnWrite", () => {
  const parts = [{ to: ANA, text: "Olá!", delayMs: 0 }, { to: "5511988887777@s.whatsapp.net", text: "aviso", delayMs: 0 }];
  const outbox = (o: Partial<Outbox> = {}): Outbox => ({
    turnId: "turn-1", messageIds: ["a", "op"], to: ANA, parts, next: 2, delivery: ["sent", "sent"], attempts: 0, nextAttemptAt: null,
    now: NOW, day: "2026-11-23", usage: { messagesIn: 1 }, contactName: "Ana", pausedUntil: null, unanswered: null, ...o,
  });
  const events = [pending("a", "oi").event, pending("op", "já vou", { fromMe: true }).event];

  it("stores the burst as it came, then the bot's parts to the customer only", () => {
    const w = turnWrite("t1", ANA, outbox(), events);
    expect(w.messages.map((r) => [r.waId, r.direction, r.text, r.delivery ?? null])).toEqual([
      ["a", "in", "oi", null],
      ["op", "human", "já vou", null],
      ["bot:turn-1:0", "out", "Olá!", "sent"],
    ]);
    expect(w.usage).toMatchObject({ messagesIn: 1, repliesSent: 1 });
  });

  it("issue 12 #11: a part refused for good is stored as failed and counted as a failure, not as a reply", () => {
    const w = turnWrite("t1", ANA, outbox({ delivery: ["failed", "sent"] }), events);
    expect(w.messages.at(-1)).toMatchObject({ waId: "bot:turn-1:0", delivery: "failed" });
    expect(w.usage.repliesSent).toBeUndefined();
    expect(w.usage.failures).toBe(1);
  });
});

describe("deliver: rememberSent", () => {
  it("keeps the texts of the echo window, at most 20, newest last", () => {
    const old = { text: "velho", at: NOW - ECHO_WINDOW_MS - 1 };
    const recent = Array.from({ length: 25 }, (_, i) => ({ text: `t${i}`, at: NOW - 1000 + i }));
    const kept = rememberSent([old, ...recent], "novo", NOW);
    expect(kept).toHaveLength(20);
    expect(kept.at(-1)).toEqual({ text: "novo", at: NOW });
    expect(kept.map((r) => r.text)).not.toContain("velho");
    expect(kept[0]!.text).toBe("t6");
  });
});
