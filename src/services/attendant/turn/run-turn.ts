import { timezoneOf, type BotSettings } from "../../../domain/bot-settings";
import type { Tenant } from "../../../domain/tenant";
import { dayIn, mergeUsage } from "../../../domain/usage";
import { backoffMs } from "../../../platform/backoff";
import { callModel, type ModelOutcome } from "./call-model";
import { commitTurn } from "./commit";
import { composeReply, takenOverMeanwhile, type TurnAnswer } from "./compose";
import { deliverOutbox } from "./deliver";
import type { TurnDeps } from "./deps";
import { planTurn, takeTurn, type TurnPlan } from "./plan";
import type { ConversationState, TurnStore } from "./turn-store";

/** Alarms in a row that may fail on one turn before it is given up. */
export const MAX_TURN_ATTEMPTS = 10;

/** When the pending burst is due: `debounceMs` after its last message, at most `maxWaitMs` after its first. */
export function burstDueAt(window: { first: number; last: number }, s: BotSettings): number {
  return Math.min(window.last + s.debounceMs, window.first + s.maxWaitMs);
}

/**
 * One turn of a conversation, run from the Conversation object's alarm: finish sending a stored
 * reply, or answer the pending burst in five steps: plan, call the model, compose, commit,
 * deliver. Returns when the alarm should fire next (null: nothing to do).
 */
export async function runTurn(store: TurnStore, tenant: Tenant, deps: TurnDeps): Promise<number | null> {
  if (store.state().outbox) {
    const retryAt = await deliverOutbox(store, tenant, deps);
    if (retryAt !== null) return retryAt;
  }
  // The alarm only fires when the burst is due (receive() arms it), so no time check here.
  if (!store.pendingWindow()) return null;
  const state = store.state();
  const plan = await planTurn(state, store, tenant, deps);
  const { decision } = plan;
  deps.log.info("turn", { tenantId: tenant.id, action: decision.action, reason: "reason" in decision ? decision.reason : null, messages: plan.pending.length });

  let usage = mergeUsage(state.aiUsage, { messagesIn: plan.customer.length });
  let answer: TurnAnswer = { type: "none" };
  const stateChanges: Partial<ConversationState> = {};
  /** Counted against the contact's hourly limit of automated answers. */
  const automated = decision.action === "ai" || (decision.action === "reply" && (decision.reason === "quick_reply" || decision.reason === "ai_off"));
  let unanswered: string | null = null;
  switch (decision.action) {
    case "store":
      break;
    case "handoff":
      answer = { type: "handoff" };
      break;
    case "reply":
      answer = { type: "text", text: decision.text };
      if (decision.reason === "away") stateChanges.awaySentForPeriod = decision.periodKey;
      if (decision.reason === "quota") stateChanges.quotaNoticeDay = plan.today;
      break;
    case "ai": {
      const outcome = await callModel(plan, state, tenant, decision.closedInfo, deps);
      usage = mergeUsage(usage, outcome.usage);
      if (outcome.type === "retry") return scheduleAiRetry(store, state, plan, outcome, deps);
      answer = answerOf(outcome, tenant.bot);
      if (outcome.type === "answer" || outcome.type === "handoff") unanswered = outcome.unanswered;
      if (outcome.type === "failed") usage = mergeUsage(usage, { failures: 1 });
      break;
    }
  }

  // The contact may have been erased while the model was thinking: nothing may be written back.
  const live = store.state();
  if (live.contact === null) return null;
  // A person who took the chat over while the model was thinking has the last word: the burst is
  // stored, the reply is dropped, and the pause they set is kept.
  if (takenOverMeanwhile(state, live, plan.now)) answer = { type: "none" };

  const reply = composeReply({ answer, settings: tenant.bot, state: live, customer: plan.customer, usage, now: plan.now });
  commitTurn(store, state, plan, reply, { ...stateChanges, aiCalled: automated, unanswered });
  const retryAt = await deliverOutbox(store, tenant, deps);
  if (retryAt !== null) return retryAt;
  const rest = store.pendingWindow();
  return rest ? burstDueAt(rest, tenant.bot) : null;
}

function answerOf(outcome: Exclude<ModelOutcome, { type: "retry" }>, settings: BotSettings): TurnAnswer {
  if (outcome.type === "handoff") return { type: "handoff" };
  return { type: "text", text: outcome.type === "answer" ? outcome.text : settings.fallbackText };
}

/** A transient AI failure: the burst stays pending and the attempt's cost waits for the turn that ends it. */
function scheduleAiRetry(
  store: TurnStore,
  state: ConversationState,
  plan: TurnPlan,
  outcome: Extract<ModelOutcome, { type: "retry" }>,
  deps: TurnDeps,
): number | null {
  const attempts = state.aiAttempts + 1;
  store.update((s) => {
    s.aiAttempts = attempts;
    s.aiNextAttemptAt = deps.now() + Math.max(backoffMs(attempts), outcome.retryAfterMs ?? 0);
    s.aiUsage = mergeUsage(mergeUsage(s.aiUsage, outcome.usage), { failures: 1 });
    s.aiCallTimes = [...plan.recentAiCalls, plan.now];
  });
  return store.state().aiNextAttemptAt;
}

/**
 * A turn that failed `MAX_TURN_ATTEMPTS` times in a row is given up: a reply that cannot be
 * delivered stops being sent (its unsent parts recorded as failed, the turn still written to D1,
 * so no message is lost), a burst that cannot be answered gets the tenant's `fallbackText` once,
 * through the ordinary commit and delivery, counted as a failure.
 */
export async function giveUpTurn(store: TurnStore, tenant: Tenant, deps: TurnDeps): Promise<number | null> {
  const state = store.state();
  if (state.outbox) {
    store.update((s) => {
      const o = s.outbox!;
      s.outbox = { ...o, next: o.parts.length, delivery: [...o.delivery, ...Array<"failed">(Math.max(0, o.parts.length - o.delivery.length)).fill("failed")] };
    });
    return deliverOutbox(store, tenant, deps);
  }
  if (!store.pendingWindow()) return null;
  const now = deps.now();
  const pending = takeTurn(store.pending());
  const plan: TurnPlan = {
    now,
    today: dayIn(timezoneOf(tenant.bot), now),
    pending,
    customer: pending.filter((p) => !p.event.fromMe),
    recentAiCalls: state.aiCallTimes,
    decision: { action: "reply", reason: "ai_off", text: tenant.bot.fallbackText },
  };
  const usage = mergeUsage(state.aiUsage, { messagesIn: plan.customer.length, failures: 1 });
  const reply = composeReply({ answer: { type: "text", text: tenant.bot.fallbackText }, settings: tenant.bot, state, customer: plan.customer, usage, now });
  commitTurn(store, state, plan, reply, { aiCalled: false });
  return deliverOutbox(store, tenant, deps);
}
