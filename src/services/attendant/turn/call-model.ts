import type { Tenant } from "../../../domain/tenant";
import type { HistoryEntry } from "../../../domain/history";
import type { UsageDelta } from "../../../domain/usage";
import { loadHistory } from "../../../repositories/conversations";
import { TRANSFER_TO_HUMAN } from "../../ai/request";
import { buildPrompt } from "../../ai/prompt";
import type { TurnDeps } from "./deps";
import { gatherBurst } from "./media";
import type { TurnPlan } from "./plan";
import type { ConversationState, PendingMessage } from "./turn-store";

/** Gemini: retried up to 4 times (5 calls), then fallbackText. */
export const MAX_AI_RETRIES = 4;

/** What the model's call came to; `usage` is what this one call cost. */
export type ModelOutcome =
  | { type: "answer"; text: string; usage: UsageDelta }
  | { type: "handoff"; usage: UsageDelta }
  /** A transient failure with attempts left: the burst is tried again later. */
  | { type: "retry"; retryAfterMs: number | null; usage: UsageDelta }
  /** A final failure: the customer gets the tenant's fallback text. */
  | { type: "failed"; usage: UsageDelta };

/** The remembered conversation: stored messages, plus the operator's not yet in D1. Pure. */
export function conversationHistory(stored: HistoryEntry[], pending: PendingMessage[]): HistoryEntry[] {
  return [
    ...stored,
    ...pending
      .filter((p) => p.event.fromMe)
      .map((p) => ({ direction: "human" as const, kind: p.event.kind, text: p.event.text, at: p.event.timestamp * 1000 })),
  ].sort((a, b) => a.at - b.at);
}

/**
 * Step 2, call the model: the burst's media from Evolution, the remembered conversation from D1,
 * the prompt, one Gemini call, and its outcome classified for the steps after it.
 */
export async function callModel(
  plan: TurnPlan,
  state: ConversationState,
  tenant: Tenant,
  closedInfo: { opensAt: Date | null; timezone: string } | null,
  deps: TurnDeps,
): Promise<ModelOutcome> {
  const settings = tenant.bot;
  const burst = await gatherBurst(plan.customer.map((p) => p.event), () => deps.evolution(tenant), deps.log);
  const stored = await loadHistory(deps.db, {
    tenantId: tenant.id,
    contact: state.contact!,
    since: plan.now - settings.sessionTtlMinutes * 60_000,
    limit: settings.historyTurns,
  });
  const prompt = buildPrompt({
    settings,
    tenantName: tenant.name,
    customerName: state.customerName,
    history: conversationHistory(stored, plan.pending),
    burst,
    now: new Date(plan.now),
    closedInfo,
  });
  const result = await deps.ai!.generate({
    model: settings.model ?? deps.defaultModel,
    systemInstruction: prompt.systemInstruction,
    contents: prompt.contents,
    functions: [TRANSFER_TO_HUMAN],
    timeoutMs: settings.aiTimeoutMs,
  });
  const usage: UsageDelta = {
    aiCalls: 1,
    promptTokens: "usage" in result && result.usage ? result.usage.promptTokens : 0,
    outputTokens: "usage" in result && result.usage ? result.usage.outputTokens : 0,
  };
  if (result.ok) return result.transferToHuman ? { type: "handoff", usage } : { type: "answer", text: result.text, usage };
  deps.log.warn("ai call failed", { tenantId: tenant.id, error: result.error, attempt: state.aiAttempts + 1 });
  if (result.error === "retryable" && state.aiAttempts < MAX_AI_RETRIES) {
    return { type: "retry", retryAfterMs: result.retryAfterMs ?? null, usage };
  }
  return { type: "failed", usage };
}
