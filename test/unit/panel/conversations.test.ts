import { describe, expect, it } from "vitest";
import type { ConversationSummary, TranscriptMessage } from "../../../web/src/api/types";
import {
  applyMessageEvent,
  applyStatusEvent,
  markRead,
  matchesFilter,
  mergeTranscript,
} from "../../../web/src/logic/conversations";

const convo = (contact: string, extra: Partial<ConversationSummary> = {}): ConversationSummary => ({
  contact,
  name: contact.toUpperCase(),
  lastMessage: { direction: "in", kind: "text", text: "oi", at: "2026-12-01T10:00:00Z" },
  unread: 0,
  status: "bot",
  pausedUntil: null,
  assignedTo: null,
  ...extra,
});
const message = (id: string, at: string, direction: TranscriptMessage["direction"] = "in"): TranscriptMessage => ({
  id,
  direction,
  kind: "text",
  text: `texto ${id}`,
  at,
  author: null,
});

describe("live events on the conversation list", () => {
  const list = [convo("a"), convo("b"), convo("c")];

  it("a customer message moves its conversation to the top and counts as unread", () => {
    const next = applyMessageEvent(list, { type: "message", contact: "c", message: message("1", "2026-12-01T11:00:00Z") }, null);
    expect(next.map((c) => c.contact)).toEqual(["c", "a", "b"]);
    expect(next[0]).toMatchObject({ unread: 1, lastMessage: { text: "texto 1", at: "2026-12-01T11:00:00Z" } });
  });

  it("is not unread in the open conversation, nor when the bot or an attendant wrote it", () => {
    const open = applyMessageEvent(list, { type: "message", contact: "b", message: message("1", "2026-12-01T11:00:00Z") }, "b");
    expect(open[0]!.unread).toBe(0);
    const bot = applyMessageEvent(list, { type: "message", contact: "b", message: message("2", "2026-12-01T11:00:00Z", "out") }, null);
    expect(bot[0]!.unread).toBe(0);
  });

  it("a new contact appears at the top", () => {
    const next = applyMessageEvent(list, { type: "message", contact: "z", message: message("1", "2026-12-01T11:00:00Z") }, null);
    expect(next).toHaveLength(4);
    expect(next[0]).toMatchObject({ contact: "z", name: null, unread: 1, status: "bot" });
  });

  it("a new contact is listed under the name its WhatsApp shows, which never replaces a known one", () => {
    const event = { type: "message" as const, contact: "z", name: "Carla", message: message("1", "2026-12-01T11:00:00Z") };
    expect(applyMessageEvent(list, event, null)[0]).toMatchObject({ contact: "z", name: "Carla" });
    expect(applyMessageEvent(list, { ...event, contact: "a" }, null)[0]).toMatchObject({ contact: "a", name: "A" });
  });

  it("a status change updates the tag and the return time; release clears the attendant", () => {
    const human = applyStatusEvent([convo("a", { status: "human", assignedTo: { id: "u1", name: "Ana" }, pausedUntil: "2026-12-01T12:00:00Z" })], {
      type: "conversation",
      contact: "a",
      status: "bot",
      pausedUntil: null,
    });
    expect(human[0]).toMatchObject({ status: "bot", pausedUntil: null, assignedTo: null });
  });

  it("reading clears the badge", () => {
    expect(markRead([convo("a", { unread: 3 })], "a")[0]!.unread).toBe(0);
  });
});

describe("filters and search", () => {
  it("filters by who answers", () => {
    const bot = convo("a");
    const human = convo("b", { status: "human", pausedUntil: "2026-12-01T12:00:00Z" });
    const paused = convo("c", { pausedUntil: "2026-12-01T12:00:00Z" });
    expect([bot, human, paused].filter((c) => matchesFilter(c, "bot", "")).map((c) => c.contact)).toEqual(["a"]);
    expect([bot, human, paused].filter((c) => matchesFilter(c, "human", "")).map((c) => c.contact)).toEqual(["b"]);
    expect([bot, human, paused].filter((c) => matchesFilter(c, "paused", "")).map((c) => c.contact)).toEqual(["b", "c"]);
    expect([bot, human, paused].filter((c) => matchesFilter(c, "all", ""))).toHaveLength(3);
  });

  it("searches name, number and last message without caring about accents", () => {
    const c = convo("5511999990001@s.whatsapp.net", { name: "José", lastMessage: { direction: "in", kind: "text", text: "Tem pão de queijo?", at: "2026-12-01T10:00:00Z" } });
    expect(matchesFilter(c, "all", "jose")).toBe(true);
    expect(matchesFilter(c, "all", "PAO")).toBe(true);
    expect(matchesFilter(c, "all", "99999")).toBe(true);
    expect(matchesFilter(c, "all", "bolo")).toBe(false);
  });
});

describe("merging transcripts", () => {
  it("keeps one copy per id in time order, whatever arrives first", () => {
    const shown = [message("1", "2026-12-01T10:00:00Z"), message("3", "2026-12-01T10:02:00Z")];
    const refetched = [message("2", "2026-12-01T10:01:00Z"), message("3", "2026-12-01T10:02:00Z"), message("4", "2026-12-01T10:03:00Z")];
    expect(mergeTranscript(shown, refetched).map((m) => m.id)).toEqual(["1", "2", "3", "4"]);
  });

  it("messages of the same instant keep the server's order", () => {
    const same = "2026-12-01T10:00:00Z";
    expect(mergeTranscript([message("b", same)], [message("a", same)]).map((m) => m.id)).toEqual(["b", "a"]);
  });
});
