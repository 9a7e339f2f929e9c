import { conversationName, INBOUND_EVENT_VERSION, type InboundEvent } from "../domain/inbound-event";
import { createLogger, errorKind, maskJid, type Logger } from "../platform/log";
import { meterQueueBatch } from "../platform/metrics";
import { openDatabase } from "../repositories/db";
import { storeDeadLetter } from "../services/tenants/dead-letters";

/** Delay before a failed event is offered again: 2, 4, 8 … seconds, at most five minutes. */
export const retryDelaySeconds = (attempts: number) => Math.min(300, 2 ** Math.max(1, attempts));

function isInboundEvent(body: unknown): body is InboundEvent {
  const b = body as Partial<InboundEvent> | null;
  return !!b && b.v === INBOUND_EVENT_VERSION && b.type === "message" && typeof b.tenantId === "string" && typeof b.contact === "string" && typeof b.messageId === "string";
}

/**
 * Routes each event to its Conversation and acks it only after the object stored it; a failure
 * retries that one message with a delay. Nothing is acked that was not durably stored.
 */
export async function consumeInbox(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  meterQueueBatch(batch);
  const log = createLogger({ component: "queue", queue: batch.queue, batchId: crypto.randomUUID() });
  const byTenant = new Map<string, Message<InboundEvent>[]>();
  for (const msg of batch.messages) {
    if (!isInboundEvent(msg.body)) {
      // An event this version cannot read would fail forever; keep it out of the retry loop.
      log.error("unreadable event dropped", { messageId: msg.id });
      msg.ack();
      continue;
    }
    const group = byTenant.get(msg.body.tenantId) ?? [];
    group.push(msg as Message<InboundEvent>);
    byTenant.set(msg.body.tenantId, group);
  }
  await Promise.all([...byTenant].map(([tenantId, msgs]) => routeTenant(env, tenantId, msgs, log)));
}

const retry = (msg: Message<InboundEvent>, log: Logger, err: unknown) => {
  const event = msg.body;
  log.warn("event retried", { tenantId: event.tenantId, contact: maskJid(event.contact), attempts: msg.attempts, error: errorKind(err) });
  msg.retry({ delaySeconds: retryDelaySeconds(msg.attempts) });
};

/** One ledger call for the tenant's events, then each owned event to its conversation. */
async function routeTenant(env: Env, tenantId: string, msgs: Message<InboundEvent>[], log: Logger): Promise<void> {
  let owners: string[];
  try {
    owners = await env.LEDGER.getByName(tenantId).claim(
      msgs.map((m) => ({ id: m.body.messageId, owner: conversationName(m.body) })),
    );
  } catch (err) {
    for (const msg of msgs) retry(msg, log, err);
    return;
  }
  await Promise.all(
    msgs.map(async (msg, i) => {
      const event = msg.body;
      const name = conversationName(event);
      if (owners[i] !== name) {
        log.info("copy of a message owned by another conversation", { tenantId, contact: maskJid(event.contact) });
        msg.ack();
        return;
      }
      try {
        const outcome = await env.CONVERSATIONS.getByName(name).receive(event);
        msg.ack();
        if (outcome !== "accepted") log.info("event not queued for a reply", { tenantId, contact: maskJid(event.contact), outcome });
      } catch (err) {
        retry(msg, log, err);
      }
    }),
  );
}

/**
 * Events that exhausted their retries: stored in the transcript so nothing is lost, and counted
 * as failures in the tenant's usage.
 */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const log = createLogger({ component: "dlq", batchId: crypto.randomUUID() });
  const db = openDatabase(env.DB);
  for (const msg of batch.messages) {
    if (!isInboundEvent(msg.body)) {
      msg.ack();
      continue;
    }
    const event = msg.body;
    try {
      await storeDeadLetter(db, event, Date.now());
      log.error("event dead-lettered", { tenantId: event.tenantId, contact: maskJid(event.contact) });
      msg.ack();
    } catch (err) {
      log.error("dead letter not stored", { error: errorKind(err) });
      msg.retry({ delaySeconds: 60 });
    }
  }
}
