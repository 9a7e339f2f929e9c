import { isSandboxContact } from "../../../domain/sandbox";
import type { Tenant } from "../../../domain/tenant";
import { aiUsageOf } from "../../../domain/usage";
import { inboundRow, type StoredMessage } from "../../../repositories/conversations";
import type { ComposedReply } from "./compose";
import type { TurnPlan } from "./plan";
import type { ConversationState, TurnStore } from "./turn-store";

/** The transcript rows of a turn: the burst as it came, then the bot's parts to the customer. Pure. */
export function transcriptRows(tenantId: string, contact: string, plan: TurnPlan, reply: ComposedReply, turnId: string): StoredMessage[] {
  const rows = plan.pending.map((p) => inboundRow(p.event));
  reply.parts.forEach((p, i) => {
    if (p.to === reply.to) rows.push({ tenantId, waId: `bot:${turnId}:${i}`, contactJid: contact, direction: "out", kind: "text", text: p.text, at: plan.now + i });
  });
  return rows;
}

/**
 * Step 4, commit: the burst leaves the pending set and the reply, with the D1 batch that records
 * the turn, goes into the outbox, in one synchronous write. From here on a failure re-sends this
 * reply, never a new one.
 */
export function commitTurn(
  store: TurnStore,
  tenant: Tenant,
  state: ConversationState,
  plan: TurnPlan,
  reply: ComposedReply,
  changes: Partial<ConversationState> & { aiCalled: boolean },
): void {
  const { aiCalled, ...stateChanges } = changes;
  const turnId = crypto.randomUUID();
  const lastAt = plan.pending.reduce((m, p) => Math.max(m, p.event.timestamp * 1000), 0);
  store.markDone(plan.pending.map((p) => p.event.messageId));
  store.update((s) => {
    Object.assign(s, stateChanges);
    s.pausedUntil = reply.pausedUntil;
    s.aiAttempts = 0;
    s.aiNextAttemptAt = null;
    s.aiUsage = {};
    s.aiCallTimes = aiCalled ? [...plan.recentAiCalls, plan.now] : plan.recentAiCalls;
    s.outbox = {
      turnId,
      write: {
        tenantId: tenant.id,
        contact: state.contact!,
        contactName: state.customerName,
        messages: transcriptRows(tenant.id, state.contact!, plan, reply, turnId),
        lastMessageAt: lastAt || null,
        pausedUntil: reply.pausedUntil,
        now: plan.now,
        day: plan.today,
        // A test conversation costs the tenant its AI calls only: it is no customer's message.
        usage: isSandboxContact(state.contact) ? aiUsageOf(reply.usage) : reply.usage,
      },
      parts: reply.parts,
      next: 0,
      attempts: 0,
      nextAttemptAt: null,
      day: plan.today,
    };
  });
}
