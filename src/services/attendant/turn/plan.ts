import { timezoneOf } from "../../../domain/bot-settings";
import type { Tenant } from "../../../domain/tenant";
import { dayIn } from "../../../domain/usage";
import { decideTurn, type TurnDecision, type TurnFacts } from "../turn-decision";
import type { TurnDeps } from "./deps";
import type { ConversationState, PendingMessage } from "./turn-store";

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** What one turn takes at most; the rest of a bigger burst stays pending for the next turn. */
export const TURN_MAX_MESSAGES = 50;
export const TURN_MAX_TEXT_BYTES = 32 * 1024;

const utf8 = new TextEncoder();

/**
 * The part of the pending burst one turn answers: in arrival order, up to 50 messages and 32 KB
 * of text (always at least one message), then in timestamp order. Taking an arrival prefix is
 * what lets the store mark it done by one number. Pure.
 */
export function takeTurn(pending: PendingMessage[]): PendingMessage[] {
  const byArrival = [...pending].sort((a, b) => a.seq - b.seq);
  const taken: PendingMessage[] = [];
  let bytes = 0;
  for (const p of byArrival) {
    const size = utf8.encode(p.event.text ?? "").length;
    if (taken.length > 0 && (taken.length >= TURN_MAX_MESSAGES || bytes + size > TURN_MAX_TEXT_BYTES)) break;
    taken.push(p);
    bytes += size;
  }
  return taken.sort((a, b) => a.event.timestamp - b.event.timestamp || a.receivedAt - b.receivedAt || a.seq - b.seq);
}

/** What a due burst is, and what to do about it. */
export interface TurnPlan {
  now: number;
  /** The tenant's business day of `now`: the usage day of everything this turn counts. */
  today: string;
  /** The messages this turn takes, in timestamp order. */
  pending: PendingMessage[];
  /** The customer's messages of the burst (the rest are the operator's, typed on the phone). */
  customer: PendingMessage[];
  /** This contact's automated answers within the last hour. */
  recentAiCalls: number[];
  decision: TurnDecision;
}

/** The facts `decideTurn` reads, from the conversation's state and its burst. Pure. */
export function turnFacts(input: {
  state: ConversationState;
  customer: PendingMessage[];
  tenant: Tenant;
  now: number;
  today: string;
  recentAiCalls: number;
  recentMessages: number;
  aiEnabled: boolean;
}): TurnFacts {
  const { state, customer } = input;
  return {
    now: new Date(input.now),
    settings: input.tenant.bot,
    burstTexts: customer.map((p) => p.event.text ?? "").filter((t) => t !== ""),
    hasCustomerMessages: customer.length > 0,
    pausedUntil: state.pausedUntil,
    aiEnabled: input.aiEnabled,
    contactAiCallsLastHour: input.recentAiCalls,
    contactMessagesLastMinute: input.recentMessages,
    tenantFlooding: customer.length > 0 && customer.every((p) => p.event.throttled === true),
    quotaExhausted: false,
    awaySentForPeriod: state.awaySentForPeriod,
    quotaNoticeDay: state.quotaNoticeDay,
    today: input.today,
  };
}

/**
 * Step 1, plan: takes what this turn answers and decides what it gets. A burst's first AI call
 * is reserved against the tenant's quotas here; its retries are not, so one burst never costs
 * more than one reservation.
 */
export async function planTurn(
  state: ConversationState,
  store: { pending(): PendingMessage[]; arrivalsSince(since: number): number },
  tenant: Tenant,
  deps: TurnDeps,
): Promise<TurnPlan> {
  const now = deps.now();
  const pending = takeTurn(store.pending());
  const customer = pending.filter((p) => !p.event.fromMe);
  const today = dayIn(timezoneOf(tenant.bot), now);
  const recentAiCalls = state.aiCallTimes.filter((t) => t > now - HOUR);
  const recentMessages = store.arrivalsSince(now - MINUTE);
  const facts = turnFacts({ state, customer, tenant, now, today, recentAiCalls: recentAiCalls.length, recentMessages, aiEnabled: deps.ai !== null });
  let decision = decideTurn(facts);
  if (decision.action === "ai" && state.aiAttempts === 0 && !(await deps.reserveAiCall(tenant, today))) {
    decision = decideTurn({ ...facts, quotaExhausted: true });
  }
  return { now, today, pending, customer, recentAiCalls, decision };
}
