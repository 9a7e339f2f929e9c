import { env, runDurableObjectAlarm } from "cloudflare:test";
import { expect, vi } from "vitest";
import type { ConversationSnapshot } from "../../src/durable-objects/conversation/conversation";
import { postWebhook } from "./app";

export function conversation(tenantId: string, contact: string) {
  const stub = env.CONVERSATIONS.getByName(`${tenantId}:${contact}`);
  return {
    stub,
    inspect: async (): Promise<ConversationSnapshot> => JSON.parse(await stub.inspect()) as ConversationSnapshot,
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
