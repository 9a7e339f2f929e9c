import { describe, expect, it } from "vitest";
import type { TranscriptMessage } from "../../../web/src/api/types";
import { groupTranscript, mediaLabel, previewText } from "../../../web/src/logic/grouping";

const SP = "America/Sao_Paulo";
const now = new Date("2026-12-01T17:00:00Z");
let n = 0;
const msg = (at: string, direction: TranscriptMessage["direction"], extra: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
  id: `m${++n}`,
  direction,
  kind: "text",
  text: "oi",
  at,
  author: direction === "human" ? "Ana" : null,
  ...extra,
});

describe("transcript grouping", () => {
  it("splits by local day with readable labels", () => {
    const days = groupTranscript(
      [msg("2026-11-30T13:00:00Z", "in"), msg("2026-12-01T02:59:00Z", "out"), msg("2026-12-01T03:01:00Z", "in")],
      now,
      SP,
    );
    // 02:59Z is still Monday 23:59 in São Paulo.
    expect(days.map((d) => [d.label, d.runs.length])).toEqual([["Ontem", 2], ["Hoje", 1]]);
  });

  it("joins consecutive messages of one author and names bot and attendants", () => {
    const [day] = groupTranscript(
      [
        msg("2026-12-01T12:00:00Z", "in"),
        msg("2026-12-01T12:00:20Z", "in"),
        msg("2026-12-01T12:00:30Z", "out"),
        msg("2026-12-01T12:01:00Z", "human"),
        msg("2026-12-01T12:01:10Z", "human", { author: "Bruno" }),
      ],
      now,
      SP,
    );
    expect(day!.runs.map((r) => [r.side, r.author, r.messages.length])).toEqual([
      ["customer", null, 2],
      ["bot", "Robô", 1],
      ["human", "Ana", 1],
      ["human", "Bruno", 1],
    ]);
  });

  it("a long pause starts a new block for the same author", () => {
    const [day] = groupTranscript([msg("2026-12-01T12:00:00Z", "in"), msg("2026-12-01T12:30:00Z", "in")], now, SP);
    expect(day!.runs).toHaveLength(2);
  });

  it("an attendant without a stored name is 'Atendente'", () => {
    const [day] = groupTranscript([msg("2026-12-01T12:00:00Z", "human", { author: null })], now, SP);
    expect(day!.runs[0]!.author).toBe("Atendente");
  });
});

describe("media placeholders", () => {
  it("labels media and keeps the caption", () => {
    expect(mediaLabel("audio")).toBe("Áudio");
    expect(mediaLabel("text")).toBeNull();
    expect(previewText({ kind: "image", text: "bolo de cenoura" })).toBe("Imagem: bolo de cenoura");
    expect(previewText({ kind: "audio", text: null })).toBe("Áudio");
    expect(previewText({ kind: "text", text: "Bom dia" })).toBe("Bom dia");
  });
});
