import { timezoneOf } from "../../../domain/bot-settings";
import type { Tenant } from "../../../domain/tenant";
import { dayIn } from "../../../domain/usage";
import { decideTurn, type TurnDecision, type TurnFacts } from "../turn-decision";
import type { TurnDeps } from "./deps";
import type { ConversationState, PendingMessage } from "./turn-store";

const HOUR = 3_600_000;

/** What a due burst is, and what to do about it. */
export interface TurnPlan {
  now: number;
  /** The tenant's business day of `now`: the usage day of everything this turn counts. */
  today: string;
  pending: PendingMessage[];
  /** The customer's messages of the burst (the rest are the operator's, typed on the phone). */
  customer: PendingMessage[];
  /** This contact's AI calls within the last hour. */
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
    quotaExhausted: false,
    awaySentForPeriod: state.awaySentForPeriod,
    quotaNoticeDay: state.quotaNoticeDay,
    today: input.today,
  };
}

/**
 * Step 1, plan: decides what the burst gets. A burst's first AI call is reserved against the
 * tenant's quotas here; its retries are not, so one burst never costs more than one reservation.
 */
export async function planTurn(state: ConversationState, pending: PendingMessage[], tenant: Tenant, deps: TurnDeps): Promise<TurnPlan> {
  const now = deps.now();
  const customer = pending.filter((p) => !p.event.fromMe);
  const today = dayIn(timezoneOf(tenant.bot), now);
  const recentAiCalls = state.aiCallTimes.filter((t) => t > now - HOUR);
  const facts = turnFacts({ state, customer, tenant, now, today, recentAiCalls: recentAiCalls.length, aiEnabled: deps.ai !== null });
  let decision = decideTurn(facts);
  if (decision.action === "ai" && state.aiAttempts === 0 && !(await deps.reserveAiCall(tenant, today))) {
    decision = decideTurn({ ...facts, quotaExhausted: true });
  }
  return { now, today, pending, customer, recentAiCalls, decision };
}
