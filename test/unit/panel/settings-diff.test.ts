import { describe, expect, it } from "vitest";
import type { BotSettings } from "../../../web/src/api/types";
import { changedSettings } from "../../../web/src/logic/settings-diff";

const saved = {
  systemPrompt: "Você é a atendente.",
  debounceMs: 3000,
  handoff: { keywords: ["atendente"], message: "Já chamo.", pauseMinutes: 120, notifyNumber: null },
  businessHours: null,
  quickReplies: [],
} as unknown as BotSettings;

describe("settings patch", () => {
  it("is empty when nothing changed", () => {
    expect(changedSettings(saved, structuredClone(saved))).toEqual({});
  });

  it("sends only the changed keys, nested objects whole", () => {
    const draft = structuredClone(saved);
    draft.debounceMs = 5000;
    draft.handoff.pauseMinutes = 30;
    expect(changedSettings(saved, draft)).toEqual({ debounceMs: 5000, handoff: { ...saved.handoff, pauseMinutes: 30 } });
  });

  it("switching hours off sends null", () => {
    const withHours = { ...saved, businessHours: { timezone: "America/Sao_Paulo", weekly: {}, outsideHours: "answer", awayMessage: "x" } } as BotSettings;
    expect(changedSettings(withHours, { ...withHours, businessHours: null })).toEqual({ businessHours: null });
  });
});
