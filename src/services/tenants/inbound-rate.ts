/**
 * The tenant's inbound rate limit, counted per Worker isolate in one-minute windows: no storage,
 * no round trip, so a flooding tenant costs the others nothing. Messages past the limit are still
 * queued and stored (marked `throttled`); the conversation does not answer them.
 */
const MINUTE = 60_000;
const MAX_TENANTS = 10_000;
const windows = new Map<string, { start: number; count: number }>();

/** Counts one message of the tenant; true when it is past `perMinute` in the current minute. */
export function overInboundLimit(tenantId: string, perMinute: number, now: number): boolean {
  let w = windows.get(tenantId);
  if (!w || now - w.start >= MINUTE) {
    if (!w && windows.size >= MAX_TENANTS) windows.delete(windows.keys().next().value as string);
    w = { start: now, count: 0 };
    windows.set(tenantId, w);
  }
  w.count++;
  return w.count > perMinute;
}
