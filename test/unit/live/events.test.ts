import { describe, expect, it } from "vitest";
import { arrivalEvent, messageEvent, statusEvent, turnEvents } from "../../../src/services/live/events";
import type { InboundEvent } from "../../../src/domain/inbound-event";

const row = (direction: "in" | "out" | "human", waId: string, at: number) => ({
  tenantId: "t1",
  waId,
  contactJid: "5511977770001@s.whatsapp.net",
  direction,
  kind: "text" as const,
  text: `texto ${waId}`,
  at,
});
const NOW = Date.parse("2026-12-01T13:00:00Z");

describe("live events of a conversation", () => {
  it("a stored message is pushed as the transcript lists it, under the same id", () => {
    expect(messageEvent({ ...row("human", "panel:1", NOW), authorName: "Maria" }, null)).toEqual({
      type: "message",
      contact: "5511977770001@s.whatsapp.net",
      message: { id: "panel:1", direction: "human", kind: "text", text: "texto panel:1", at: "2026-12-01T13:00:00.000Z", author: "Maria" },
    });
    expect(messageEvent(row("in", "3A1", NOW), "Carla")).toMatchObject({ name: "Carla", message: { author: null } });
  });

  it("a message is announced on arrival under its WhatsApp id; the customer's with their name, one typed on the business's phone as human", () => {
    const event: InboundEvent = {
      v: 1, type: "message", tenantId: "t1", instance: "padaria", contact: "5511977770001@s.whatsapp.net", replyJid: "5511977770001@s.whatsapp.net",
      messageId: "3A1", fromMe: false, isGroup: false, participant: null, pushName: "Carla", timestamp: NOW / 1000, kind: "text", text: "Oi",
      media: null, quotedId: null, receivedAt: NOW,
    };
    expect(arrivalEvent(event)).toMatchObject({ name: "Carla", message: { id: "3A1", direction: "in", text: "Oi", at: "2026-12-01T13:00:00.000Z" } });
    const typed = arrivalEvent({ ...event, fromMe: true, messageId: "3A2" });
    expect(typed).toMatchObject({ message: { id: "3A2", direction: "human" } });
    expect(typed).not.toHaveProperty("name");
  });

  it("a pause still running is a human's conversation; one over, or none, is the bot's", () => {
    const contact = "c";
    expect(statusEvent(contact, NOW + 60_000, NOW)).toEqual({ type: "conversation", contact, status: "human", pausedUntil: "2026-12-01T13:01:00.000Z" });
    expect(statusEvent(contact, NOW - 1, NOW)).toEqual({ type: "conversation", contact, status: "bot", pausedUntil: null });
    expect(statusEvent(contact, null, NOW)).toEqual({ type: "conversation", contact, status: "bot", pausedUntil: null });
  });

  it("a stored turn pushes the bot's parts only (the customer's were pushed on arrival), and the pause of a handoff", () => {
    const messages = [row("in", "3A1", NOW - 5000), row("out", "bot:t:0", NOW), row("out", "bot:t:1", NOW + 1)];
    const answered = turnEvents({ contact: "5511977770001@s.whatsapp.net", contactName: "Carla", messages, pausedUntil: null, now: NOW });
    expect(answered.map((e) => (e.type === "message" ? [e.message.id, e.name] : e.type))).toEqual([["bot:t:0", "Carla"], ["bot:t:1", "Carla"]]);
    const handedOff = turnEvents({ contact: "5511977770001@s.whatsapp.net", contactName: null, messages, pausedUntil: NOW + 30 * 60_000, now: NOW });
    expect(handedOff.at(-1)).toMatchObject({ type: "conversation", status: "human" });
  });
});
