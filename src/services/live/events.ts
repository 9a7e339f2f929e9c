/** The live events a conversation produces, built from what it stores. Pure. */
import type { InboundEvent, MessageKind } from "../../domain/inbound-event";
import type { LiveEvent } from "../../domain/live-events";
import { inboundRow, type StoredMessage } from "../../repositories/conversations";

const iso = (ms: number) => new Date(ms).toISOString();

/** A stored transcript row as the panel lists it (the same id, so a refetch replaces it), with the customer's name when known. */
export function messageEvent(row: StoredMessage, name: string | null = null): LiveEvent {
  return {
    type: "message",
    contact: row.contactJid,
    ...(name ? { name } : {}),
    message: {
      id: row.waId,
      direction: row.direction,
      kind: row.kind as MessageKind,
      text: row.text ?? null,
      at: iso(row.at),
      author: row.authorName ?? null,
    },
  };
}

/** A message as it arrives, before its turn stores it: a customer's carries their WhatsApp name. */
export function arrivalEvent(event: InboundEvent): LiveEvent {
  return messageEvent(inboundRow(event), event.fromMe ? null : event.pushName);
}

/** A message an attendant wrote in the panel, once Evolution took it. */
export function humanMessageEvent(m: { tenantId: string; contact: string; text: string; author: { name: string } }, id: string, at: number): LiveEvent {
  return messageEvent({ tenantId: m.tenantId, waId: id, contactJid: m.contact, direction: "human", kind: "text", text: m.text, at, authorName: m.author.name });
}

/** The conversation's status after a pause changed: a pause still running means a human has it. */
export function statusEvent(contact: string, pausedUntil: number | null, now: number): LiveEvent {
  const paused = pausedUntil !== null && pausedUntil > now;
  return { type: "conversation", contact, status: paused ? "human" : "bot", pausedUntil: paused ? iso(pausedUntil) : null };
}

/**
 * What open panels learn when a turn is stored: the bot's replies (the customer's messages were
 * announced as they arrived) and, when the turn paused the bot (a handoff), the new status.
 */
export function turnEvents(write: { contact: string; contactName: string | null; messages: StoredMessage[]; pausedUntil: number | null; now: number }): LiveEvent[] {
  const events = write.messages.filter((m) => m.direction === "out").map((m) => messageEvent(m, write.contactName));
  if (write.pausedUntil !== null && write.pausedUntil > write.now) events.push(statusEvent(write.contact, write.pausedUntil, write.now));
  return events;
}
