import { describe, expect, it } from "vitest";
import { defaultBotSettings } from "../../src/domain/bot-settings";
import {
  formatPhoneFromJid,
  handoffSummary,
  notifyJid,
  pauseUntil,
  wantsHuman,
} from "../../src/services/attendant/handoff";

const keywords = defaultBotSettings().handoff.keywords;

describe("wantsHuman", () => {
  it("recognises the default keywords whatever the case, accents or punctuation", () => {
    expect(wantsHuman("Quero um HUMANO!", keywords)).toBe(true);
    expect(wantsHuman("cadê o atendênte?", keywords)).toBe(true);
    expect(wantsHuman("Posso falar com uma pessoa?", keywords)).toBe(true);
  });

  it("does not fire on ordinary messages or inside other words", () => {
    expect(wantsHuman("Qual o preço do pão de queijo?", keywords)).toBe(false);
    expect(wantsHuman("fui desatendente", keywords)).toBe(false);
  });

  it("never fires when the tenant has no keywords", () => {
    expect(wantsHuman("quero um humano", [])).toBe(false);
  });
});

describe("formatPhoneFromJid", () => {
  it("writes Brazilian mobile and landline numbers as people read them", () => {
    expect(formatPhoneFromJid("5511999990001@s.whatsapp.net")).toBe("+55 11 99999-0001");
    expect(formatPhoneFromJid("551133330001@s.whatsapp.net")).toBe("+55 11 3333-0001");
  });

  it("writes other countries with a plus sign", () => {
    expect(formatPhoneFromJid("14155550100@s.whatsapp.net")).toBe("+14155550100");
  });

  it("has no number for @lid and group JIDs", () => {
    expect(formatPhoneFromJid("123456789012345@lid")).toBeNull();
    expect(formatPhoneFromJid("120363000000000000@g.us")).toBeNull();
  });
});

describe("handoffSummary", () => {
  it("names the customer, the number and the last message", () => {
    expect(
      handoffSummary({
        customerName: "Ana Souza",
        contactJid: "5511999990001@s.whatsapp.net",
        lastMessage: "Quero falar com um atendente",
      }),
    ).toBe(
      "🔔 Atendimento humano solicitado\nCliente: Ana Souza\nNúmero: +55 11 99999-0001\nÚltima mensagem: Quero falar com um atendente",
    );
  });

  it("says the number is unavailable for @lid contacts and the name is unknown when missing", () => {
    const summary = handoffSummary({ customerName: null, contactJid: "123456789012345@lid", lastMessage: null });
    expect(summary).toContain("Cliente: (sem nome)");
    expect(summary).toMatch(/Número: indisponível/);
    expect(summary).not.toContain("123456789012345");
    expect(summary).not.toContain("Última mensagem");
  });

  it("shortens a very long last message", () => {
    const summary = handoffSummary({
      customerName: "Ana",
      contactJid: "5511999990001@s.whatsapp.net",
      lastMessage: "a".repeat(1000),
    });
    expect(summary.length).toBeLessThan(450);
    expect(summary.endsWith("…")).toBe(true);
  });
});

describe("notifyJid", () => {
  it("turns digits into a phone JID and keeps a JID as it is", () => {
    expect(notifyJid("5511988880000")).toBe("5511988880000@s.whatsapp.net");
    expect(notifyJid("5511988880000@s.whatsapp.net")).toBe("5511988880000@s.whatsapp.net");
  });
});

describe("pauseUntil", () => {
  it("ends the pause the given minutes after now", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    expect(new Date(pauseUntil(now, 120)).toISOString()).toBe("2026-11-23T14:00:00.000Z");
  });
});
