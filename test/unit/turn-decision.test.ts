import { describe, expect, it } from "vitest";
import { botSettingsSchema } from "../../src/domain/bot-settings";
import { decideTurn, type TurnFacts } from "../../src/services/attendant/turn-decision";

// Tuesday 2026-11-24 14:00 in São Paulo (UTC-3).
const NOW = new Date("2026-11-24T17:00:00Z");
const facts = (over: Partial<TurnFacts> = {}, settings: Record<string, unknown> = {}): TurnFacts => ({
  now: NOW,
  settings: botSettingsSchema.parse({
    quickReplies: [{ match: "contains", keywords: ["pix"], reply: "Chave Pix: x" }],
    ...settings,
  }),
  burstTexts: ["oi, tudo bem?"],
  hasCustomerMessages: true,
  pausedUntil: null,
  aiEnabled: true,
  contactAiCallsLastHour: 0,
  contactMessagesLastMinute: 1,
  tenantFlooding: false,
  quotaExhausted: false,
  awaySentForPeriod: null,
  quotaNoticeDay: null,
  today: "2026-11-24",
  ...over,
});

describe("decideTurn", () => {
  it("answers with the AI by default", () => {
    expect(decideTurn(facts())).toEqual({ action: "ai", closedInfo: null });
  });

  it("stays quiet while paused, and only while paused", () => {
    expect(decideTurn(facts({ pausedUntil: NOW.getTime() + 1 }))).toEqual({ action: "store", reason: "paused" });
    expect(decideTurn(facts({ pausedUntil: NOW.getTime() - 1 })).action).toBe("ai");
    expect(decideTurn(facts({ pausedUntil: NOW.getTime() + 1, burstTexts: ["atendente"] })).action).toBe("store");
  });

  it("stores operator-only bursts without answering", () => {
    expect(decideTurn(facts({ hasCustomerMessages: false, burstTexts: [] }))).toEqual({ action: "store", reason: "no_customer_message" });
  });

  it("puts a request for a person before quick replies and the AI", () => {
    expect(decideTurn(facts({ burstTexts: ["qual o pix?", "quero falar com um HUMANO"] }))).toEqual({ action: "handoff", trigger: "keyword" });
  });

  it("answers quick replies without the AI, even when the AI is off or over quota", () => {
    const quick = { action: "reply", reason: "quick_reply", text: "Chave Pix: x" };
    expect(decideTurn(facts({ burstTexts: ["me passa o PIX"] }))).toEqual(quick);
    expect(decideTurn(facts({ burstTexts: ["me passa o PIX"], aiEnabled: false }))).toEqual(quick);
    expect(decideTurn(facts({ burstTexts: ["pix"], quotaExhausted: true }))).toEqual(quick);
  });

  it("answers fallbackText when no AI key is configured", () => {
    expect(decideTurn(facts({ aiEnabled: false }))).toMatchObject({ action: "reply", reason: "ai_off", text: "Desculpe, tive um problema agora. Pode repetir em instantes?" });
  });

  it("sends the away message once per closed period", () => {
    const closed = { businessHours: { weekly: { mon: [["07:00", "12:00"]] }, outsideHours: "away", awayMessage: "Fechado" } };
    const first = decideTurn(facts({}, closed));
    expect(first).toMatchObject({ action: "reply", reason: "away", text: "Fechado" });
    const periodKey = (first as { periodKey: string }).periodKey;
    expect(decideTurn(facts({ awaySentForPeriod: periodKey }, closed))).toEqual({ action: "store", reason: "away_already_sent" });
    expect(decideTurn(facts({ awaySentForPeriod: "closed-until:older" }, closed)).action).toBe("reply");
  });

  it("lets the AI answer outside hours knowing when the business opens", () => {
    const decision = decideTurn(facts({}, { businessHours: { weekly: { wed: [["07:00", "19:00"]] } } }));
    expect(decision).toEqual({ action: "ai", closedInfo: { opensAt: new Date("2026-11-25T10:00:00Z"), timezone: "America/Sao_Paulo" } });
    expect(decideTurn(facts({}, { businessHours: { weekly: { tue: [["07:00", "19:00"]] } } }))).toEqual({ action: "ai", closedInfo: null });
  });

  it("sends quotaText once a day when the quotas are used up", () => {
    expect(decideTurn(facts({ quotaExhausted: true }))).toMatchObject({ action: "reply", reason: "quota", text: "No momento não consigo responder. Um atendente falará com você em breve." });
    expect(decideTurn(facts({ quotaExhausted: true, quotaNoticeDay: "2026-11-24" }))).toEqual({ action: "store", reason: "quota_notice_already_sent" });
    expect(decideTurn(facts({ quotaExhausted: true, quotaNoticeDay: "2026-11-23" })).action).toBe("reply");
    expect(decideTurn(facts({ quotaExhausted: true, aiEnabled: false }))).toMatchObject({ reason: "ai_off" });
  });

  it("stores, without answering, past the per-contact AI rate limit", () => {
    expect(decideTurn(facts({ contactAiCallsLastHour: 3 }, { contactAiCallsPerHour: 3 }))).toEqual({ action: "store", reason: "contact_rate_limited" });
    expect(decideTurn(facts({ contactAiCallsLastHour: 2 }, { contactAiCallsPerHour: 3 })).action).toBe("ai");
  });

  it("issue 12 #10: quick replies and the AI-off fallback respect the contact's hourly limit", () => {
    const limited = { contactAiCallsLastHour: 3 };
    expect(decideTurn(facts({ ...limited, burstTexts: ["qual o pix?"] }, { contactAiCallsPerHour: 3 }))).toEqual({ action: "store", reason: "contact_rate_limited" });
    expect(decideTurn(facts({ ...limited, aiEnabled: false }, { contactAiCallsPerHour: 3 }))).toEqual({ action: "store", reason: "contact_rate_limited" });
    expect(decideTurn(facts({ burstTexts: ["qual o pix?"], contactAiCallsLastHour: 2 }, { contactAiCallsPerHour: 3 }))).toMatchObject({ reason: "quick_reply" });
  });

  it("issue 12 #10: a flooding contact or tenant is stored, not answered, even by a quick reply", () => {
    const pix = { burstTexts: ["qual o pix?"] };
    expect(decideTurn(facts({ ...pix, contactMessagesLastMinute: 21 }, { contactMessagesPerMinute: 20 }))).toEqual({ action: "store", reason: "contact_flooding" });
    expect(decideTurn(facts({ ...pix, contactMessagesLastMinute: 20 }, { contactMessagesPerMinute: 20 }))).toMatchObject({ reason: "quick_reply" });
    expect(decideTurn(facts({ ...pix, tenantFlooding: true }))).toEqual({ action: "store", reason: "tenant_flooding" });
  });
});
