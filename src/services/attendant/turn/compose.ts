import type { BotSettings } from "../../../domain/bot-settings";
import { mergeUsage, type UsageDelta } from "../../../domain/usage";
import { handoffSummary, notifyJid, pauseUntil } from "../handoff";
import { formatReply } from "../reply-format";
import type { ConversationState, OutboxPart, PendingMessage } from "./turn-store";

/** What the turn answers: a text, a handoff to a person, or nothing. */
export type TurnAnswer = { type: "text"; text: string } | { type: "handoff" } | { type: "none" };

export interface ComposedReply {
  /** Where the customer's replies go. */
  to: string;
  parts: OutboxPart[];
  pausedUntil: number | null;
  usage: UsageDelta;
}

/**
 * Step 3, compose: the answer as WhatsApp messages (split and timed), the handoff's pause and the
 * notice to the attendant's number, and what they add to the usage counters (replies are counted
 * when delivered). Pure.
 */
export function composeReply(input: {
  answer: TurnAnswer;
  settings: BotSettings;
  state: ConversationState;
  customer: PendingMessage[];
  usage: UsageDelta;
  now: number;
}): ComposedReply {
  const { answer, settings, state } = input;
  const to = state.replyJid ?? state.contact!;
  const toCustomer = (text: string): OutboxPart[] => formatReply(text, settings).map((p) => ({ to, text: p.text, delayMs: p.delayMs }));
  const parts: OutboxPart[] = [];
  let pausedUntil = state.pausedUntil;
  let usage = input.usage;
  if (answer.type === "handoff") {
    pausedUntil = pauseUntil(input.now, settings.handoff.pauseMinutes);
    usage = mergeUsage(usage, { handoffs: 1 });
    parts.push(...toCustomer(settings.handoff.message));
    if (settings.handoff.notifyNumber) {
      const last = input.customer[input.customer.length - 1]?.event;
      parts.push({
        to: notifyJid(settings.handoff.notifyNumber),
        text: handoffSummary({ customerName: state.customerName, contactJid: state.contact!, lastMessage: last?.text ?? null }),
        delayMs: 0,
      });
    }
  } else if (answer.type === "text") {
    parts.push(...toCustomer(answer.text));
  }
  return { to, parts, pausedUntil, usage };
}

/**
 * Whether a pause began while the turn was away (a takeover in the panel, an operator typing on
 * the business's phone): the conversation was not paused when the turn was planned, and is now.
 */
export function takenOverMeanwhile(planned: { pausedUntil: number | null }, current: { pausedUntil: number | null }, now: number): boolean {
  const pausedNow = current.pausedUntil !== null && current.pausedUntil > now;
  const pausedThen = planned.pausedUntil !== null && planned.pausedUntil > now;
  return pausedNow && !pausedThen;
}
