import type { Tenant } from "../../../domain/tenant";
import { backoffMs } from "../../../platform/backoff";
import { saveTurn, turnSaved } from "../../../repositories/conversations";
import type { EvolutionClient } from "../../evolution/client";
import { turnMarker, turnWrite } from "./commit";
import type { TurnDeps } from "./deps";
import type { ConversationState, Delivery, OutboxPart, TurnStore } from "./turn-store";

/** Evolution: a stored reply re-sent up to 5 times. */
export const MAX_SEND_RETRIES = 5;
/** How long a sent text is remembered for recognising its echo. */
export const ECHO_WINDOW_MS = 30 * 60_000;
/** Sent texts and ids remembered at most, the newest kept. */
const RECENT_SENT_MAX = 20;

/** The texts the bot sent lately, with `text` added: what the echo check compares with. Pure. */
export function rememberSent(recent: ConversationState["recentSent"], text: string, now: number): ConversationState["recentSent"] {
  return [...recent.filter((r) => r.at > now - ECHO_WINDOW_MS).slice(-(RECENT_SENT_MAX - 1)), { text, at: now }];
}

/** The ids Evolution returned lately, with `id` added. Pure. */
export function rememberSentId(recent: ConversationState["sentIds"], id: string, now: number): ConversationState["sentIds"] {
  return [...recent.filter((r) => r.at > now - ECHO_WINDOW_MS).slice(-(RECENT_SENT_MAX - 1)), { id, at: now }];
}

/** A finished reply leaves the outbox; the texts that went out are remembered for their echoes. Pure. */
function finished(s: ConversationState, parts: OutboxPart[], delivery: Delivery[], now: number): void {
  s.recentSent = parts.reduce((r, p, i) => (delivery[i] === "sent" && !r.some((x) => x.text === p.text) ? rememberSent(r, p.text, now) : r), s.recentSent);
  s.outbox = null;
}

/**
 * Step 5, deliver: sends the stored reply's parts in order, then writes the turn to D1 with what
 * became of each part. A retryable Evolution failure leaves the outbox for the next alarm
 * (returned: when); a final one marks the part failed and skips the parts addressed to that
 * number.
 *
 * Rows written: a part sent before others is recorded in the state (a retry must not send it
 * again). After the last part the D1 write is the record: the outbox is only cleared in memory,
 * and an object that finds an outbox it did not commit itself asks D1 first whether that turn is
 * already written.
 */
export async function deliverOutbox(store: TurnStore, tenant: Tenant, deps: TurnDeps): Promise<number | null> {
  let outbox = store.state().outbox!;
  const parts = outbox.parts;
  const contact = store.state().contact!;
  const events = () => store.events(outbox.messageIds);
  if (!store.isUnsaved(outbox.turnId)) {
    const marker = turnMarker(outbox, contact, events());
    if (marker === null || (await turnSaved(deps.db, tenant.id, marker))) {
      store.remember((s) => finished(s, parts, s.outbox?.delivery ?? [], deps.now()));
      return null;
    }
    store.markUnsaved(outbox.turnId);
  }
  const failedTargets = new Set<string>();
  let client: EvolutionClient | null = null;
  while (outbox.next < parts.length) {
    const i = outbox.next;
    const part = parts[i]!;
    const last = i === parts.length - 1;
    if (failedTargets.has(part.to)) {
      outbox = { ...outbox, next: i + 1, delivery: [...outbox.delivery, "failed"] };
      continue;
    }
    client ??= deps.evolution(tenant);
    const result = await client.sendText(part.to, part.text, part.delayMs);
    if (result.ok) {
      const progress = { ...outbox, next: i + 1, delivery: [...outbox.delivery, "sent" as const], attempts: 0, nextAttemptAt: null };
      const record = (s: ConversationState) => {
        if (result.messageId) s.sentIds = rememberSentId(s.sentIds, result.messageId, deps.now());
        s.outbox = progress;
      };
      // The last part's record is the D1 write below; an earlier one must be stored now.
      if (last) store.remember(record);
      else store.update(record);
      outbox = progress;
      continue;
    }
    const attempts = outbox.attempts + 1;
    deps.log.warn("send failed", { tenantId: tenant.id, reason: result.reason, status: result.status, attempt: attempts });
    if (result.retryable && attempts <= MAX_SEND_RETRIES) {
      const retryAt = deps.now() + backoffMs(attempts, 2000);
      outbox = { ...outbox, attempts, nextAttemptAt: retryAt };
      store.update((s) => (s.outbox = outbox));
      return retryAt;
    }
    failedTargets.add(part.to);
    outbox = { ...outbox, next: i + 1, delivery: [...outbox.delivery, "failed"], attempts: 0, nextAttemptAt: null };
  }
  const write = turnWrite(tenant.id, contact, outbox, events());
  try {
    await saveTurn(deps.db, write);
  } catch (err) {
    // Every part is out: what became of them is stored, so the retry only writes D1.
    store.update((s) => (s.outbox = outbox));
    throw err;
  }
  deps.stored(write);
  store.remember((s) => finished(s, parts, outbox.delivery, deps.now()));
  return null;
}
