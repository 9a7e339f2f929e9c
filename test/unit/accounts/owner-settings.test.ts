import { describe, expect, it } from "vitest";
import { OPERATOR_SETTINGS, OWNER_SETTINGS, operatorOnlyIssues } from "../../../src/services/tenants/settings";

describe("which bot settings an owner may change", () => {
  it("leaves quotas, rate limits, model, timing, retention and the knowledge budget to the operator", () => {
    expect(OPERATOR_SETTINGS.sort()).toEqual(
      ["aiTimeoutMs", "contactAiCallsPerHour", "contactMessagesPerMinute", "dailyAiCalls", "debounceMs", "knowledgeBudgetChars", "historyTurns", "ignoreGroups", "maxParts", "maxWaitMs", "model", "monthlyAiReplies", "retentionDays", "sessionTtlMinutes", "tenantMessagesPerMinute", "typingMsPerChar"].sort(),
    );
    expect(OWNER_SETTINGS).toEqual(expect.arrayContaining(["systemPrompt", "businessProfile", "handoff", "businessHours", "quickReplies"]));
  });

  it("names every operator-only key of a patch, and nothing else", () => {
    expect(operatorOnlyIssues({ systemPrompt: "x", model: "gemini-pro", monthlyAiReplies: 10 }).map((i) => i.path)).toEqual(["model", "monthlyAiReplies"]);
    for (const body of [{ systemPrompt: "x" }, null, [], "model", 3]) expect(operatorOnlyIssues(body)).toEqual([]);
  });
});
