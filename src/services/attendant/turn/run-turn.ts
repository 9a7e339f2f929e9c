import type { BotSettings } from "../../../domain/bot-settings";
import type { Tenant } from "../../../domain/tenant";
import { addUsage as mergeUsage, dayIn, type UsageDelta } from "../../../domain/usage";
import type { ConversationStore, Outbox, PendingMessage } from "../../../durable-objects/conversation/store";
import { addUsage, inboundRow, loadHistory, saveTurn } from "../../../repositories/conversations";
import type { Database } from "../../../repositories/db";
import type { EvolutionClient } from "../../evolution/client";
import type { AiClient } from "../../ai/gemini";
import { handoffSummary, notifyJid } from "../handoff";
import type { Logger } from "../../../platform/log";
import { gatherBurst } from "./media";
import { buildPrompt, TRANSFER_TO_HUMAN } from "../../ai/prompt";
import { formatReply } from "../reply-format";
import { decideTurn, type TurnFacts } from "../turn-decision";

export interface TurnDeps {
  db: Database;
  log: Logger;
  ai: AiClient | null;
  defaultModel: string;
  /** Opens the tenant's Evolution client (the token is decrypted there, only when called). */
  evolution: (tenant: Tenant) => EvolutionClient;
  /** Atomically counts one AI call against the tenant's quotas; false when they are used up. */
  reserveAiCall: (tenant: Tenant, day: string) => Promise<boolean>;
  now: () => number;
}

/** Gemini: retried up to 4 times (5 calls), then fallbackText. */
export const MAX_AI_RETRIES = 4;
/** Evolution: a stored reply re-sent up to 5 times. */
export const MAX_SEND_RETRIES = 5;
const HOUR = 3_600_000;
/** How long a sent text is remembered for recognising its echo. */
export const ECHO_WINDOW_MS = 30 * 60_000;

export const timezoneOf = (s: BotSettings) => s.businessHours?.timezone ?? "America/Sao_Paulo";

/** Exponential backoff with ±20% jitter: 1, 2, 4, 8 s … capped at one minute. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  const raw = Math.min(60_000, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}

/** When the pending burst is due: `debounceMs` after its last message, at most `maxWaitMs` after its first. */
export function burstDueAt(window: { first: number; last: number }, s: BotSettings): number {
  return Math.min(window.last + s.debounceMs, window.first + s.maxWaitMs);
}

/**
 * One step of a conversation, run from the Durable Object's alarm: finish sending a stored reply,
 * or answer the pending burst. Returns when the alarm should fire next (null: nothing to do).
 */
export async function runTurn(store: ConversationStore, tenant: Tenant, deps: TurnDeps): Promise<number | null> {
  const settings = tenant.bot;
  if (store.state().outbox) {
    const retryAt = await deliverOutbox(store, tenant, deps);
    if (retryAt !== null) return retryAt;
  }
  // The alarm only fires when the burst is due (receive() arms it), so no time check here.
  if (!store.pendingWindow()) return null;
  const now = deps.now();
  const state = store.state();

  const pending = store.pending();
  const customer = pending.filter((p) => !p.event.fromMe);
  const timezone = timezoneOf(settings);
  const today = dayIn(timezone, now);
  const recentAiCalls = state.aiCallTimes.filter((t) => t > now - HOUR);

  const facts: TurnFacts = {
    now: new Date(now),
    settings,
    burstTexts: customer.map((p) => p.event.text ?? "").filter((t) => t !== ""),
    hasCustomerMessages: customer.length > 0,
    pausedUntil: state.pausedUntil,
    aiEnabled: deps.ai !== null,
    contactAiCallsLastHour: recentAiCalls.length,
    quotaExhausted: false,
    awaySentForPeriod: state.awaySentForPeriod,
    quotaNoticeDay: state.quotaNoticeDay,
    today,
  };
  let decision = decideTurn(facts);
  // A burst's first AI call is reserved against the tenant's quotas; its retries are not.
  if (decision.action === "ai" && state.aiAttempts === 0 && !(await deps.reserveAiCall(tenant, today))) {
    decision = decideTurn({ ...facts, quotaExhausted: true });
  }
  deps.log.info("turn", { tenantId: tenant.id, action: decision.action, reason: "reason" in decision ? decision.reason : null, messages: pending.length });

  let replyText: string | null = null;
  let usage: UsageDelta = mergeUsage(state.aiUsage, { messagesIn: customer.length });
  let handoff = false;
  let aiCalled = false;
  const stateChanges: Partial<typeof state> = {};

  switch (decision.action) {
    case "store":
      break;
    case "handoff":
      handoff = true;
      break;
    case "reply":
      replyText = decision.text;
      if (decision.reason === "away") stateChanges.awaySentForPeriod = decision.periodKey;
      if (decision.reason === "quota") stateChanges.quotaNoticeDay = today;
      break;
    case "ai": {
      aiCalled = true;
      const burst = await gatherBurst(customer.map((p) => p.event), () => deps.evolution(tenant), deps.log);
      const stored = await loadHistory(deps.db, {
        tenantId: tenant.id,
        contact: state.contact!,
        since: now - settings.sessionTtlMinutes * 60_000,
        limit: settings.historyTurns,
      });
      // Operator messages not yet in D1 belong to the memory too.
      const history = [
        ...stored,
        ...pending
          .filter((p) => p.event.fromMe)
          .map((p) => ({ direction: "human" as const, kind: p.event.kind, text: p.event.text, at: p.event.timestamp * 1000 })),
      ].sort((a, b) => a.at - b.at);
      const prompt = buildPrompt({
        settings,
        tenantName: tenant.name,
        customerName: state.customerName,
        history,
        burst,
        now: new Date(now),
        closedInfo: decision.closedInfo,
      });
      const result = await deps.ai!.generate({
        model: settings.model ?? deps.defaultModel,
        systemInstruction: prompt.systemInstruction,
        contents: prompt.contents,
        functions: [TRANSFER_TO_HUMAN],
        timeoutMs: settings.aiTimeoutMs,
      });
      const callUsage: UsageDelta = {
        aiCalls: 1,
        promptTokens: "usage" in result && result.usage ? result.usage.promptTokens : 0,
        outputTokens: "usage" in result && result.usage ? result.usage.outputTokens : 0,
      };
      usage = mergeUsage(usage, callUsage);
      if (result.ok) {
        if (result.transferToHuman) handoff = true;
        else replyText = result.text;
        break;
      }
      deps.log.warn("ai call failed", { tenantId: tenant.id, error: result.error, attempt: state.aiAttempts + 1 });
      if (result.error === "retryable" && state.aiAttempts < MAX_AI_RETRIES) {
        const attempts = state.aiAttempts + 1;
        store.update((s) => {
          s.aiAttempts = attempts;
          s.aiNextAttemptAt = deps.now() + Math.max(backoffMs(attempts), result.retryAfterMs ?? 0);
          s.aiUsage = mergeUsage(mergeUsage(s.aiUsage, callUsage), { failures: 1 });
          s.aiCallTimes = [...recentAiCalls, now];
        });
        return store.state().aiNextAttemptAt;
      }
      usage = mergeUsage(usage, { failures: 1 });
      replyText = settings.fallbackText;
      break;
    }
  }

  // The contact may have been erased while the model was thinking: nothing may be written back.
  if (store.state().contact === null) return null;

  const to = state.replyJid ?? state.contact!;
  const parts: Outbox["parts"] = [];
  let pausedUntil = state.pausedUntil;
  if (handoff) {
    pausedUntil = now + settings.handoff.pauseMinutes * 60_000;
    usage = mergeUsage(usage, { handoffs: 1 });
    parts.push(...formatReply(settings.handoff.message, settings).map((p) => ({ to, text: p.text, delayMs: p.delayMs })));
    if (settings.handoff.notifyNumber) {
      const last = customer[customer.length - 1]?.event;
      parts.push({
        to: notifyJid(settings.handoff.notifyNumber),
        text: handoffSummary({ customerName: state.customerName, contactJid: state.contact!, lastMessage: last?.text ?? null }),
        delayMs: 0,
      });
    }
  } else if (replyText !== null) {
    parts.push(...formatReply(replyText, settings).map((p) => ({ to, text: p.text, delayMs: p.delayMs })));
  }
  usage = mergeUsage(usage, { repliesSent: parts.filter((p) => p.to === to).length });

  const turnId = crypto.randomUUID();
  const rows = pending.map((p: PendingMessage) => inboundRow(p.event));
  parts.forEach((p, i) => {
    if (p.to === to) rows.push({ tenantId: tenant.id, waId: `bot:${turnId}:${i}`, contactJid: state.contact!, direction: "out", kind: "text", text: p.text, at: now + i });
  });
  const lastAt = pending.reduce((m, p) => Math.max(m, p.event.timestamp * 1000), 0);

  // Stored before anything is sent: from here on a failure re-sends this reply, never a new one.
  store.markDone(pending.map((p) => p.event.messageId));
  store.update((s) => {
    Object.assign(s, stateChanges);
    s.pausedUntil = pausedUntil;
    s.aiAttempts = 0;
    s.aiNextAttemptAt = null;
    s.aiUsage = {};
    s.aiCallTimes = aiCalled ? [...recentAiCalls, now] : recentAiCalls;
    s.outbox = {
      turnId,
      write: {
        tenantId: tenant.id,
        contact: state.contact!,
        contactName: state.customerName,
        messages: rows,
        lastMessageAt: lastAt || null,
        pausedUntil,
        now,
        day: today,
        usage,
      },
      parts,
      next: 0,
      attempts: 0,
      nextAttemptAt: null,
      day: today,
    };
  });
  const retryAt = await deliverOutbox(store, tenant, deps);
  if (retryAt !== null) return retryAt;
  const rest = store.pendingWindow();
  return rest ? burstDueAt(rest, settings) : null;
}

/**
 * Writes a stored turn to D1 if it is not there yet, then sends its parts in order. A retryable
 * Evolution failure leaves the outbox for the next alarm; a final one is recorded and skips the
 * parts addressed to that number.
 */
export async function deliverOutbox(store: ConversationStore, tenant: Tenant, deps: TurnDeps): Promise<number | null> {
  let outbox = store.state().outbox!;
  if (outbox.write) {
    await saveTurn(deps.db, outbox.write);
    outbox = store.update((s) => (s.outbox!.write = null)).outbox!;
  }
  const failedTargets = new Set<string>();
  let client: EvolutionClient | null = null;
  while (outbox.next < outbox.parts.length) {
    const part = outbox.parts[outbox.next]!;
    if (failedTargets.has(part.to)) {
      outbox = store.update((s) => void s.outbox!.next++).outbox!;
      continue;
    }
    client ??= deps.evolution(tenant);
    const result = await client.sendText(part.to, part.text, part.delayMs);
    if (result.ok) {
      const last = outbox.next === outbox.parts.length - 1;
      const after = store.update((s) => {
        if (result.messageId) store.addSent(result.messageId, deps.now());
        s.recentSent = [...s.recentSent.filter((r) => r.at > deps.now() - ECHO_WINDOW_MS).slice(-19), { text: part.text, at: deps.now() }];
        // The last part clears the outbox in the same write.
        if (last) s.outbox = null;
        else s.outbox = { ...s.outbox!, next: s.outbox!.next + 1, attempts: 0, nextAttemptAt: null };
      });
      if (last) return null;
      outbox = after.outbox!;
      continue;
    }
    const attempts = outbox.attempts + 1;
    deps.log.warn("send failed", { tenantId: tenant.id, reason: result.reason, status: result.status, attempt: attempts });
    if (result.retryable && attempts <= MAX_SEND_RETRIES) {
      const retryAt = deps.now() + backoffMs(attempts, 2000);
      store.update((s) => {
        s.outbox!.attempts = attempts;
        s.outbox!.nextAttemptAt = retryAt;
      });
      return retryAt;
    }
    await addUsage(deps.db, tenant.id, outbox.day, { failures: 1 });
    failedTargets.add(part.to);
    outbox = store.update((s) => {
      s.outbox!.next++;
      s.outbox!.attempts = 0;
    }).outbox!;
  }
  store.update((s) => (s.outbox = null));
  return null;
}
