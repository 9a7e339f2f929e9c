import { describe, expect, it } from "vitest";
import type { QuickReply } from "../../src/domain/bot-settings";
import { findQuickReply } from "../../src/services/attendant/quick-replies";

const pix: QuickReply = { match: "contains", keywords: ["pix", "chave"], reply: "Nossa chave Pix é 123." };
const oi: QuickReply = { match: "equals", keywords: ["oi", "olá"], reply: "Oi! Como posso ajudar?" };
const pixAndCard: QuickReply = { match: "contains", keywords: ["pix"], reply: "Aceitamos Pix e cartão." };

describe("findQuickReply", () => {
  it("answers a contains rule when a keyword appears anywhere, any case or accent", () => {
    expect(findQuickReply("Qual é a CHAVE do pix?", [oi, pix])).toBe(pix);
  });

  it("answers an equals rule only when the whole message is the keyword", () => {
    expect(findQuickReply("Olá!", [oi])).toBe(oi);
    expect(findQuickReply("ola", [oi])).toBe(oi);
    expect(findQuickReply("olá, quero um bolo", [oi])).toBeNull();
  });

  it("lets the first matching rule in tenant order win", () => {
    expect(findQuickReply("pix", [pixAndCard, pix])).toBe(pixAndCard);
    expect(findQuickReply("pix", [pix, pixAndCard])).toBe(pix);
  });

  it("returns null when nothing matches, so the AI answers", () => {
    expect(findQuickReply("vocês abrem domingo?", [oi, pix])).toBeNull();
    expect(findQuickReply("pixel", [pix])).toBeNull();
    expect(findQuickReply("pix", [])).toBeNull();
  });
});
