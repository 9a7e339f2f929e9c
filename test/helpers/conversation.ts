import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { expect, vi } from "vitest";
import { conversationName, type InboundEvent } from "../../src/domain/inbound-event";
import { ConversationStore } from "../../src/durable-objects/conversation/store";
import type { ConversationState, OutboxPart } from "../../src/services/attendant/turn/turn-store";
import { postWebhook } from "./app";

/** What a Conversation object holds, read from inside it. */
export interface ConversationSnapshot {
  state: ConversationState;
  pending: InboundEvent[];
  /** The parts of the reply being sent (none when no reply is in progress). */
  outbox: OutboxPart[];
  /** Ids remembered as seen: pending, answered or dropped as echoes. */
  seen: number;
  alarm: number | null;
}

export function conversation(tenantId: string, contact: string) {
  const stub = env.CONVERSATIONS.getByName(conversationName({ tenantId, contact }));
  return {
    stub,
    /** Reads the object's storage through runInDurableObject: no production method exists for it. */
    inspect: (): Promise<ConversationSnapshot> =>
      runInDurableObject(stub, async (object, ctx) => {
        const store = (object as unknown as { store: ConversationStore }).store;
        return {
          state: store.state(),
          pending: store.pending().map((p) => p.event),
          outbox: store.state().outbox?.parts ?? [],
          seen: ctx.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM inbound").one().n,
          alarm: await ctx.storage.getAlarm(),
        };
      }),
  };
}

/** Posts webhooks in order and waits until the queue consumer has handed each to its object. */
export async function deliver(tenantId: string, contact: string, ...bodies: unknown[]) {
  const stub = conversation(tenantId, contact);
  const before = (await stub.inspect()).seen;
  for (const body of bodies) {
    const res = await postWebhook(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "queued" });
  }
  await vi.waitFor(async () => expect((await stub.inspect()).seen).toBeGreaterThanOrEqual(before + bodies.length), { timeout: 10_000, interval: 50 });
  return stub;
}

/** Fires the object's pending alarm now, as if the debounce window had passed. */
export async function fireAlarm(tenantId: string, contact: string): Promise<boolean> {
  return runDurableObjectAlarm(conversation(tenantId, contact).stub);
}

/** Fires alarms until the object has none left (retries included); returns how many ran. */
export async function drain(tenantId: string, contact: string, max = 20): Promise<number> {
  let n = 0;
  while (n < max && (await fireAlarm(tenantId, contact))) n++;
  return n;
}
