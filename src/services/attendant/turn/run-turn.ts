import type { BotSettings } from "../../../domain/bot-settings";
import type { Tenant } from "../../../domain/tenant";
import { mergeUsage } from "../../../domain/usage";
import { backoffMs } from "../../../platform/backoff";
import { callModel, type ModelOutcome } from "./call-model";
import { commitTurn } from "./commit";
import { composeReply, type TurnAnswer } from "./compose";
import { deliverOutbox } from "./deliver";
import type { TurnDeps } from "./deps";
import { planTurn, type TurnPlan } from "./plan";
import type { ConversationState, TurnStore } from "./turn-store";

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
  const plan = await planTurn(state, store.pending(), tenant, deps);
  const { decision } = plan;
  deps.log.info("turn", { tenantId: tenant.id, action: decision.action, reason: "reason" in decision ? decision.reason : null, messages: plan.pending.length });

  let usage = mergeUsage(state.aiUsage, { messagesIn: plan.customer.length });
  let answer: TurnAnswer = { type: "none" };
  const stateChanges: Partial<ConversationState> = {};
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
      if (outcome.type === "failed") usage = mergeUsage(usage, { failures: 1 });
      break;
    }
  }

  // The contact may have been erased while the model was thinking: nothing may be written back.
  if (store.state().contact === null) return null;

  const reply = composeReply({ answer, settings: tenant.bot, state, customer: plan.customer, usage, now: plan.now });
  commitTurn(store, tenant, state, plan, reply, { ...stateChanges, aiCalled: decision.action === "ai" });
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
