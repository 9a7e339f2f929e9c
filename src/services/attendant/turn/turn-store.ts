import type { InboundEvent } from "../../../domain/inbound-event";
import type { UsageDelta } from "../../../domain/usage";
import type { TurnWrite } from "../../../repositories/conversations";

/** One message of a stored reply, addressed and timed. */
export interface OutboxPart {
  to: string;
  text: string;
  delayMs: number;
}

/** A reply produced by a turn and stored before it is sent, so a retry never regenerates it. */
export interface Outbox {
  turnId: string;
  /** The turn's D1 batch, until it has been written. */
  write: TurnWrite | null;
  parts: OutboxPart[];
  next: number;
  attempts: number;
  nextAttemptAt: number | null;
  /** Usage day for counting failed sends. */
  day: string;
}

/** What one conversation remembers between turns. */
export interface ConversationState {
  tenantId: string | null;
  instance: string | null;
  contact: string | null;
  replyJid: string | null;
  customerName: string | null;
  pausedUntil: number | null;
  aiAttempts: number;
  aiNextAttemptAt: number | null;
  /** Usage of failed AI attempts, written with the turn that ends the retries. */
  aiUsage: UsageDelta;
  /** Start times of recent AI calls, for the per-contact rate limit. */
  aiCallTimes: number[];
  awaySentForPeriod: string | null;
  quotaNoticeDay: string | null;
  outbox: Outbox | null;
  /** Texts the bot sent lately: an echo whose id Evolution did not return is still recognised. */
  recentSent: { text: string; at: number }[];
  alarmFailures: number;
}

/** A conversation that has heard nothing yet. */
export const initialConversationState = (): ConversationState => ({
  tenantId: null,
  instance: null,
  contact: null,
  replyJid: null,
  customerName: null,
  pausedUntil: null,
  aiAttempts: 0,
  aiNextAttemptAt: null,
  aiUsage: {},
  aiCallTimes: [],
  awaySentForPeriod: null,
  quotaNoticeDay: null,
  outbox: null,
  recentSent: [],
  alarmFailures: 0,
});

export interface PendingMessage {
  event: InboundEvent;
  /** When the webhook arrived (epoch ms): the start of the debounce window. */
  receivedAt: number;
}

/**
 * The storage a turn runs against: the conversation's state and its pending burst. The
 * Conversation object's store implements it; every method is synchronous, so a sequence of calls
 * without an await in between commits atomically.
 */
export interface TurnStore {
  state(): ConversationState;
  update(change: (s: ConversationState) => void): ConversationState;
  /** The pending burst in WhatsApp timestamp order (arrival order breaks ties). */
  pending(): PendingMessage[];
  /** First and last arrival of the pending burst, null when nothing is pending. */
  pendingWindow(): { first: number; last: number } | null;
  /** Takes messages out of the pending burst; their ids stay remembered as seen. */
  markDone(ids: string[]): void;
  /** Remembers a message id the bot sent, so its echo is recognised. */
  addSent(id: string, at: number): void;
}
