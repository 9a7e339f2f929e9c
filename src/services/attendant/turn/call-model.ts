import type { Tenant } from "../../../domain/tenant";
import type { HistoryEntry } from "../../../domain/history";
import type { UsageDelta } from "../../../domain/usage";
import { loadHistory } from "../../../repositories/conversations";
import { NO_ANSWER, NO_ANSWER_REPLY, TRANSFER_TO_HUMAN } from "../../ai/request";
import { knowledgeForTurn } from "../../knowledge/retrieval";
import { buildPrompt } from "../../ai/prompt";
import type { TurnDeps } from "./deps";
import { gatherBurst } from "./media";
import type { TurnPlan } from "./plan";
import type { ConversationState, PendingMessage } from "./turn-store";

/** Gemini: retried up to 4 times (5 calls), then fallbackText. */
export const MAX_AI_RETRIES = 4;

/** What the model's call came to; `usage` is what this one call cost. */
export type ModelOutcome =
  /** `unanswered`: the question the model could not answer from the knowledge, to record. */
  | { type: "answer"; text: string; usage: UsageDelta; unanswered: string | null }
  | { type: "handoff"; usage: UsageDelta; unanswered: string | null }
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

/** The customer's last message the bot remembers: what a follow-up ("e o de chocolate?") refers to. Pure. */
export function previousCustomerText(history: HistoryEntry[]): string | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const entry = history[i]!;
    if (entry.direction === "in" && entry.text?.trim()) return entry.text;
  }
  return null;
}

/** A handoff reason that says the model did not know, rather than that the customer asked for a person. */
const UNKNOWN_REASON = /unknown|desconhecid|n[aã]o sei|n[aã]o sab|sem informa|n[aã]o encontr|n[aã]o consta/i;

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
  const texts = plan.customer.map((p) => p.event.text ?? "").filter((t) => t.trim() !== "");
  const knowledge = await turnKnowledge(deps, tenant, texts, previousCustomerText(stored));
  const prompt = buildPrompt({
    settings,
    tenantName: tenant.name,
    customerName: state.customerName,
    history: conversationHistory(stored, plan.pending),
    burst,
    now: new Date(plan.now),
    closedInfo,
    knowledge,
  });
  const result = await deps.ai!.generate({
    model: settings.model ?? deps.defaultModel,
    systemInstruction: prompt.systemInstruction,
    contents: prompt.contents,
    functions: [TRANSFER_TO_HUMAN, NO_ANSWER],
    timeoutMs: settings.aiTimeoutMs,
  });
  const usage: UsageDelta = {
    aiCalls: 1,
    promptTokens: "usage" in result && result.usage ? result.usage.promptTokens : 0,
    cachedTokens: "usage" in result && result.usage ? result.usage.cachedTokens : 0,
    outputTokens: "usage" in result && result.usage ? result.usage.outputTokens : 0,
  };
  if (result.ok) {
    const asked = texts.join("\n");
    if (result.transferToHuman) {
      const unknown = result.noAnswer !== null || UNKNOWN_REASON.test(result.transferToHuman.reason ?? "");
      return { type: "handoff", usage, unanswered: unknown ? (result.noAnswer?.question ?? asked) : null };
    }
    const unanswered = result.noAnswer ? (result.noAnswer.question ?? asked) : null;
    return { type: "answer", text: result.text || NO_ANSWER_REPLY, usage, unanswered };
  }
  deps.log.warn("ai call failed", { tenantId: tenant.id, error: result.error, attempt: state.aiAttempts + 1 });
  if (result.error === "retryable" && state.aiAttempts < MAX_AI_RETRIES) {
    return { type: "retry", retryAfterMs: result.retryAfterMs ?? null, usage };
  }
  return { type: "failed", usage };
}

/**
 * The turn's knowledge block. A failure to read it costs the turn its knowledge, never its answer:
 * the rules still forbid inventing prices.
 */
async function turnKnowledge(deps: TurnDeps, tenant: Tenant, texts: string[], previous: string | null): Promise<{ text: string } | null> {
  try {
    return await knowledgeForTurn(deps.db, { tenantId: tenant.id, budgetChars: tenant.bot.knowledgeBudgetChars, texts, previous }, deps.embedder);
  } catch (err) {
    deps.log.warn("knowledge read failed", { tenantId: tenant.id, error: err instanceof Error ? err.name : "unknown" });
    return null;
  }
}
