import type { Tenant } from "../../domain/tenant";
import { findTenantByInstance } from "../../repositories/tenants";
import type { Database } from "../../repositories/db";

/**
 * A short-lived per-isolate cache of tenants by instance, so a webhook usually costs no D1
 * query. Admin writes in this isolate evict at once; other isolates see changes within the TTL.
 */
const TTL_MS = 30_000;
const MAX_ENTRIES = 5_000;
const entries = new Map<string, { tenant: Tenant | null; expires: number }>();

export async function getTenantCached(
  db: Database,
  instance: string,
  now = Date.now(),
): Promise<Tenant | null> {
  const hit = entries.get(instance);
  if (hit && hit.expires > now) return hit.tenant;
  const tenant = await findTenantByInstance(db, instance);
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(instance, { tenant, expires: now + TTL_MS });
  return tenant;
}

export function evictTenant(instance: string): void {
  entries.delete(instance);
}
