import { instanceNameSchema } from "../../domain/api/tenants";
import type { Tenant } from "../../domain/tenant";
import { findTenantByInstance } from "../../repositories/tenants";
import type { Database } from "../../repositories/db";
import { setBounded } from "../../platform/bounded-map";

/**
 * A short-lived per-isolate cache of tenants by instance, so a webhook usually costs no D1
 * query. Admin writes in this isolate evict at once; a caller that finds a cached tenant refusing
 * a credential (rotated in another isolate) re-reads it with `reloadTenant`.
 *
 * Names that match no tenant are remembered apart, for a minute and within their own bound: a
 * flood of made-up instances costs one D1 read per name per minute and never pushes a real
 * tenant out. A name that breaks the instance-name rule costs no read at all.
 *
 * In an entry's last seconds one lookup reads it again while the others keep the cached tenant:
 * a busy tenant's entry is renewed before it expires, so its webhooks never all miss at once,
 * each waiting on a D1 read of the same row.
 */
const TTL_MS = 30_000;
const REFRESH_AHEAD_MS = 5_000;
const MAX_ENTRIES = 5_000;
const UNKNOWN_TTL_MS = 60_000;
const MAX_UNKNOWN = 10_000;

interface Entry {
  tenant: Tenant;
  expires: number;
  /** When it was read from D1 (the caller's clock). */
  readAt: number;
  /** A lookup is reading it again; a cancelled one leaves this set until the entry expires. */
  refreshing?: boolean;
}
const known = new Map<string, Entry>();
/** Instance → when to look it up again. */
const unknown = new Map<string, number>();

export interface TenantLookup {
  tenant: Tenant | null;
  /** True when the tenant came from the cache, read before `now`: it may be stale. */
  cached: boolean;
}

export async function lookupTenant(db: Database, instance: string, now = Date.now()): Promise<TenantLookup> {
  // A cached name was valid when it was read: only a miss needs the rule checked.
  const hit = known.get(instance);
  if (hit && hit.expires > now) {
    const cached = { tenant: hit.tenant, cached: hit.readAt < now };
    if (hit.expires - now > REFRESH_AHEAD_MS || hit.refreshing) return cached;
    hit.refreshing = true;
    try {
      return { tenant: await reloadTenant(db, instance, now), cached: false };
    } catch {
      // D1 failed the early read: the entry is still good, and the next lookup tries again.
      hit.refreshing = false;
      return cached;
    }
  }
  if (!instanceNameSchema.safeParse(instance).success) return { tenant: null, cached: false };
  const missUntil = unknown.get(instance);
  if (missUntil !== undefined && missUntil > now) return { tenant: null, cached: true };
  return { tenant: await reloadTenant(db, instance, now), cached: false };
}

export async function getTenantCached(db: Database, instance: string, now = Date.now()): Promise<Tenant | null> {
  return (await lookupTenant(db, instance, now)).tenant;
}

/** Reads the tenant from D1 whatever the cache holds, and caches what it found. */
export async function reloadTenant(db: Database, instance: string, now = Date.now()): Promise<Tenant | null> {
  const tenant = await findTenantByInstance(db, instance);
  if (tenant) {
    unknown.delete(instance);
    setBounded(known, MAX_ENTRIES, instance, { tenant, expires: now + TTL_MS, readAt: now });
  } else {
    known.delete(instance);
    setBounded(unknown, MAX_UNKNOWN, instance, now + UNKNOWN_TTL_MS);
  }
  return tenant;
}

export function evictTenant(instance: string): void {
  known.delete(instance);
  unknown.delete(instance);
}
