/**
 * Messages this isolate queued lately, so that Evolution's repeated deliveries of one message
 * (its retries, which often reach the same isolate) are answered at once without a queue write,
 * a consumer read and a Durable Object call each. Only what `INBOX.send` accepted is remembered,
 * so a repeat answered from here is already durable; a repeat seen elsewhere is still dropped by
 * the ledger and the conversation. Bounded, the oldest first out.
 *
 * The bound is the isolate's last 10,000 messages: minutes of a busy isolate's traffic, which
 * covers Evolution's first retries (5, 10, 20, 40 s...) and the copies that arrive together. A
 * larger memory is paid for on every webhook, not only on repeats: each entry is a string the
 * garbage collector walks (about 1 MB at this bound).
 */
import { setBounded } from "../../platform/bounded-map";

const TTL_MS = 30 * 60_000;
const MAX_ENTRIES = 10_000;
const queued = new Map<string, number>();

/** What tells one delivered message from another: built once per webhook, looked up then remembered. */
export const deliveryKey = (e: { tenantId: string; contact: string; messageId: string }) => `${e.tenantId}|${e.contact}|${e.messageId}`;

export function queuedLately(key: string, now: number): boolean {
  const at = queued.get(key);
  return at !== undefined && now - at < TTL_MS;
}

export function rememberQueued(key: string, now: number): void {
  setBounded(queued, MAX_ENTRIES, key, now);
}
