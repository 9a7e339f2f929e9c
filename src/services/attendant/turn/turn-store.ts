import type { InboundEvent } from "../../../domain/inbound-event";
import type { UsageDelta } from "../../../domain/usage";
import type { UnansweredRecord } from "../../../repositories/unanswered";

/** One message of a stored reply, addressed and timed. */
export interface OutboxPart {
  to: string;
  text: string;
  delayMs: number;
}

/** What became of one part: Evolution took it, or refused it for good. */
export type Delivery = "sent" | "failed";

/**
 * A reply produced by a turn and stored before it is sent, so a retry never regenerates it. It
 * lives in the state row with its parts: a reply is bounded (`maxParts` ≤ 10 parts of ≤ 3,900
 * characters, ~120 KB at most) while the burst, which is not, stays in the inbound rows. The turn
 * reaches D1 once its parts are sent (or refused), with what became of each.
 */
export interface Outbox {
  turnId: string;
  /** The burst's message ids, in timestamp order: their events are read back for the transcript. */
  messageIds: string[];
  /** Where the customer's parts go (other parts go to the attendant's number). */
  to: string;
  parts: OutboxPart[];
  /** The next part to send. */
  next: number;
  /** What became of each part sent so far. */
  delivery: Delivery[];
  attempts: number;
  nextAttemptAt: number | null;
  /** The turn's clock and usage day, and what it adds to the counters before the sends count. */
  now: number;
  day: string;
  usage: UsageDelta;
  contactName: string | null;
  pausedUntil: number | null;
  /** The question the bot could not answer from the knowledge, if any. */
  unanswered: UnansweredRecord | null;
}

/** What one conversation remembers between turns. */
export interface ConversationState {
  tenantId: string | null;
  instance: string | null;
  contact: string | null;
  replyJid: string | null;
  customerName: string | null;
  pausedUntil: number | null;
  /** Arrival number of the last message a turn took: everything above it is pending. */
  doneSeq: number;
  aiAttempts: number;
  aiNextAttemptAt: number | null;
  /** Usage of failed AI attempts, written with the turn that ends the retries. */
  aiUsage: UsageDelta;
  /** Times of recent automated answers (AI calls, quick replies, AI-off fallbacks): the per-contact hourly limit. */
  aiCallTimes: number[];
  awaySentForPeriod: string | null;
  quotaNoticeDay: string | null;
  outbox: Outbox | null;
  /** Texts the bot sent lately: an echo whose id Evolution did not return is still recognised. */
  recentSent: { text: string; at: number }[];
  /** WhatsApp ids Evolution returned for the bot's messages lately: their echoes are ours. */
  sentIds: { id: string; at: number }[];
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
  doneSeq: 0,
  aiAttempts: 0,
  aiNextAttemptAt: null,
  aiUsage: {},
  aiCallTimes: [],
  awaySentForPeriod: null,
  quotaNoticeDay: null,
  outbox: null,
  recentSent: [],
  sentIds: [],
  alarmFailures: 0,
});

export interface PendingMessage {
  event: InboundEvent;
  /** When the webhook arrived (epoch ms): the start of the debounce window. */
  receivedAt: number;
  /** Arrival number in this conversation. */
  seq: number;
}

/**
 * The storage a turn runs against: the conversation's state (with its outbox) and its pending burst.
 * The Conversation object's store implements it; every method is synchronous.
 */
export interface TurnStore {
  state(): ConversationState;
  /** Changes the state and writes it. */
  update(change: (s: ConversationState) => void): ConversationState;
  /**
   * Changes the state in memory only; written with the next write. For what may be lost with the
   * object's memory without harm (it is found again another way).
   */
  remember(change: (s: ConversationState) => void): void;
  /** The pending burst in WhatsApp timestamp order (arrival order breaks ties). */
  pending(): PendingMessage[];
  /** First and last arrival of the pending burst, null when nothing is pending. */
  pendingWindow(): { first: number; last: number } | null;
  /** Messages that arrived since `since` (epoch ms), answered or not. */
  arrivalsSince(since: number): number;
  /** The stored events of these ids, in the order given (ids no longer stored are left out). */
  events(ids: string[]): InboundEvent[];
  /** Whether this object's memory vouches that `turnId` is not in D1 yet (it committed or checked it). */
  isUnsaved(turnId: string): boolean;
  markUnsaved(turnId: string): void;
}
