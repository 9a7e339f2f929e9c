import { describe, expect, it } from "vitest";
import { OPERATOR_SETTINGS, OWNER_SETTINGS, operatorOnlyIssues } from "../../../src/services/tenants/settings";

describe("which bot settings an owner may change", () => {
  it("leaves quotas, rate limits, model, timing, retention and the knowledge budget to the operator", () => {
    expect(OPERATOR_SETTINGS).toEqual(
      expect.arrayContaining(["aiTimeoutMs", "contactAiCallsPerHour", "dailyAiCalls", "debounceMs", "historyTurns", "knowledgeBudgetChars", "maxWaitMs", "model", "monthlyAiReplies", "retentionDays", "sessionTtlMinutes", "typingMsPerChar"]),
    );
    expect(OWNER_SETTINGS.sort()).toEqual(["businessHours", "businessProfile", "fallbackText", "handoff", "quickReplies", "quotaText", "systemPrompt"]);
    // A setting added later is the operator's until the owner's patch names it.
    expect(OPERATOR_SETTINGS.filter((k) => OWNER_SETTINGS.includes(k))).toEqual([]);
  });

  it("names every operator-only key of a patch, and nothing else", () => {
    expect(operatorOnlyIssues({ systemPrompt: "x", model: "gemini-pro", monthlyAiReplies: 10 }).map((i) => i.path)).toEqual(["model", "monthlyAiReplies"]);
    for (const body of [{ systemPrompt: "x" }, null, [], "model", 3]) expect(operatorOnlyIssues(body)).toEqual([]);
  });
});
