import type { InboundEvent } from "../../../domain/inbound-event";
import { isSandboxContact } from "../../../domain/sandbox";
import { aiUsageOf, type UsageDelta } from "../../../domain/usage";
import { inboundRow, type StoredMessage, type TurnWrite } from "../../../repositories/conversations";
import { unansweredRecord } from "../../knowledge/unanswered";
import type { ComposedReply } from "./compose";
import type { TurnPlan } from "./plan";
import type { ConversationState, Delivery, Outbox, TurnStore } from "./turn-store";

/**
 * The D1 write of a delivered turn: the burst as it came, the bot's parts to the customer with
 * what became of each, the contact row and the counters (replies counted only when Evolution
 * took them, parts it refused for good counted as failures). Pure.
 */
export function turnWrite(tenantId: string, contact: string, outbox: Outbox, events: InboundEvent[]): TurnWrite {
  const parts = outbox.parts;
  const rows: StoredMessage[] = events.map(inboundRow);
  const delivered = (i: number): Delivery => outbox.delivery[i] ?? "failed";
  parts.forEach((p, i) => {
    if (p.to === outbox.to) {
      rows.push({ tenantId, waId: botMessageId(outbox.turnId, i), contactJid: contact, direction: "out", kind: "text", text: p.text, at: outbox.now + i, delivery: delivered(i) });
    }
  });
  const toCustomer = parts.map((p, i) => ({ p, i })).filter(({ p }) => p.to === outbox.to);
  const sent = toCustomer.filter(({ i }) => delivered(i) === "sent").length;
  const failed = parts.filter((_, i) => delivered(i) === "failed").length;
  const lastAt = events.reduce((m, e) => Math.max(m, e.timestamp * 1000), 0);
  const usage: UsageDelta = { ...outbox.usage, repliesSent: sent || undefined, failures: (outbox.usage.failures ?? 0) + failed || undefined };
  return {
    tenantId,
    contact,
    contactName: outbox.contactName,
    messages: rows,
    lastMessageAt: lastAt || null,
    pausedUntil: outbox.pausedUntil,
    now: outbox.now,
    day: outbox.day,
    // A test conversation costs the tenant its AI calls only: it is no customer's message.
    usage: isSandboxContact(contact) ? aiUsageOf(usage) : usage,
    unanswered: outbox.unanswered ?? null,
  };
}

/** The transcript id of a bot part: local, unique to its turn. */
export const botMessageId = (turnId: string, i: number) => `bot:${turnId}:${i}`;

/** The row whose presence in D1 proves the turn was written: its first bot part, else its first message. */
export function turnMarker(outbox: Outbox, contact: string, events: InboundEvent[]): { contact: string; at: number; waId: string } | null {
  const first = outbox.parts.findIndex((p) => p.to === outbox.to);
  if (first >= 0) return { contact, at: outbox.now + first, waId: botMessageId(outbox.turnId, first) };
  const e = events[0];
  return e ? { contact, at: e.timestamp * 1000, waId: e.messageId } : null;
}

/**
 * Step 4, commit: in one storage write, the burst leaves the pending set and the reply goes into
 * the outbox, both in the state row. From here on a failure re-sends this reply, never a new one.
 */
export function commitTurn(
  store: TurnStore,
  state: ConversationState,
  plan: TurnPlan,
  reply: ComposedReply,
  changes: Partial<ConversationState> & { aiCalled: boolean; unanswered?: string | null },
): void {
  const { aiCalled, unanswered, ...stateChanges } = changes;
  const turnId = crypto.randomUUID();
  const doneSeq = plan.pending.reduce((m, p) => Math.max(m, p.seq), state.doneSeq);
  store.update((s) => {
    Object.assign(s, stateChanges);
    s.doneSeq = Math.max(s.doneSeq, doneSeq);
    s.pausedUntil = reply.pausedUntil;
    s.aiAttempts = 0;
    s.aiNextAttemptAt = null;
    s.aiUsage = {};
    s.aiCallTimes = aiCalled ? [...plan.recentAiCalls, plan.now] : plan.recentAiCalls;
    s.outbox = {
      turnId,
      messageIds: plan.pending.map((p) => p.event.messageId),
      to: reply.to,
      parts: reply.parts,
      next: 0,
      delivery: [],
      attempts: 0,
      nextAttemptAt: null,
      now: plan.now,
      day: plan.today,
      usage: reply.usage,
      contactName: state.customerName,
      pausedUntil: reply.pausedUntil,
      unanswered: unanswered ? unansweredRecord(unanswered, plan.now) : null,
    };
  });
  store.markUnsaved(turnId);
}
