import { describe, expect, it } from "vitest";
import { questionKey, unansweredRecord } from "../../../src/services/knowledge/unanswered";

describe("questions the bot could not answer", () => {
  it("group the same question however it is written", () => {
    expect(questionKey("Vocês entregam em Santos?")).toBe(questionKey("entregam em SANTOS"));
    expect(questionKey("vcs entregam em santos")).toBe(questionKey("Entregam em Santos, vocês?"));
    expect(questionKey("entregam em Santos?")).not.toBe(questionKey("entregam em Guarujá?"));
  });

  it("are recorded on one line of at most 500 characters, and not at all when there is nothing to record", () => {
    const record = unansweredRecord(`  Qual o prazo\n\n${"x".repeat(600)}  `, 5);
    expect(record).toMatchObject({ at: 5, id: expect.any(String) });
    expect(record!.text.startsWith("Qual o prazo x")).toBe(true);
    expect(Array.from(record!.text)).toHaveLength(500);
    expect(unansweredRecord("   ", 5)).toBeNull();
    // Only words that say nothing: grouped by the folded text.
    expect(unansweredRecord("Oi?", 5)!.questionKey).toBe("oi");
  });
});
