import type { Tenant } from "../../../domain/tenant";
import { backoffMs } from "../../../platform/backoff";
import { recordUsage, saveTurn } from "../../../repositories/conversations";
import type { EvolutionClient } from "../../evolution/client";
import type { TurnDeps } from "./deps";
import type { ConversationState, TurnStore } from "./turn-store";

/** Evolution: a stored reply re-sent up to 5 times. */
export const MAX_SEND_RETRIES = 5;
/** How long a sent text is remembered for recognising its echo. */
export const ECHO_WINDOW_MS = 30 * 60_000;
/** Sent texts remembered at most, the newest kept. */
const RECENT_SENT_MAX = 20;

/** The texts the bot sent lately, with `text` added: what the echo check compares with. Pure. */
export function rememberSent(recent: ConversationState["recentSent"], text: string, now: number): ConversationState["recentSent"] {
  return [...recent.filter((r) => r.at > now - ECHO_WINDOW_MS).slice(-(RECENT_SENT_MAX - 1)), { text, at: now }];
}

/**
 * Step 5, deliver: writes a stored turn to D1 if it is not there yet, then sends its parts in
 * order. A retryable Evolution failure leaves the outbox for the next alarm (returned: when); a
 * final one is counted and skips the parts addressed to that number.
 */
export async function deliverOutbox(store: TurnStore, tenant: Tenant, deps: TurnDeps): Promise<number | null> {
  let outbox = store.state().outbox!;
  if (outbox.write) {
    await saveTurn(deps.db, outbox.write);
    deps.stored(outbox.write);
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
        s.recentSent = rememberSent(s.recentSent, part.text, deps.now());
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
    await recordUsage(deps.db, tenant.id, outbox.day, { failures: 1 });
    failedTargets.add(part.to);
    outbox = store.update((s) => {
      s.outbox!.next++;
      s.outbox!.attempts = 0;
    }).outbox!;
  }
  store.update((s) => (s.outbox = null));
  return null;
}
