import { and, asc, eq, gt, notLike, type SQL } from "drizzle-orm";
import { botSettingsSchema } from "../domain/bot-settings";
import type { ConnectionState, Tenant } from "../domain/tenant";
import { tenants, type TenantRow } from "./schema";
import type { Database } from "./db";
import { RETIRED_PREFIX } from "./tenant-purge";

/** A stored row as the services see it: settings parsed and completed with later defaults. */
export function toTenant(row: TenantRow): Tenant {
  return {
    ...row,
    // Rows are written complete; parsing again fills keys added by later releases.
    bot: botSettingsSchema.parse(JSON.parse(row.bot)),
    connectionState: row.connectionState as ConnectionState,
  };
}

export type NewTenant = Omit<
  Tenant,
  "connectionState" | "qrCode" | "qrCodeUpdatedAt" | "previousWebhookSecretEnc" | "previousWebhookSecretUntil"
>;

/** Inserts a tenant; returns false when the instance name is taken. */
export async function insertTenant(db: Database, t: NewTenant): Promise<boolean> {
  const inserted = await db
    .insert(tenants)
    .values({ ...t, bot: JSON.stringify(t.bot) })
    .onConflictDoNothing({ target: tenants.instance })
    .returning({ id: tenants.id });
  return inserted.length === 1;
}

export async function findTenantByInstance(db: Database, instance: string): Promise<Tenant | null> {
  const row = await db.select().from(tenants).where(eq(tenants.instance, instance)).get();
  return row ? toTenant(row) : null;
}

/** The tenant with this id; a retired one (being deleted) is not found. */
export async function findTenantById(db: Database, id: string): Promise<Tenant | null> {
  const row = await db
    .select()
    .from(tenants)
    .where(and(eq(tenants.id, id), notLike(tenants.instance, `${RETIRED_PREFIX}%`)))
    .get();
  return row ? toTenant(row) : null;
}

/** Keyset page of tenants ordered by instance name; retired ones (being deleted) are not listed. */
export async function listTenants(
  db: Database,
  opts: { limit: number; after: string | null; connectionState: ConnectionState | null },
): Promise<Tenant[]> {
  const filters: SQL[] = [notLike(tenants.instance, `${RETIRED_PREFIX}%`)];
  if (opts.after) filters.push(gt(tenants.instance, opts.after));
  if (opts.connectionState) filters.push(eq(tenants.connectionState, opts.connectionState));
  const rows = await db
    .select()
    .from(tenants)
    .where(and(...filters))
    .orderBy(asc(tenants.instance))
    .limit(opts.limit)
    .all();
  return rows.map(toTenant);
}

export type TenantChanges = Partial<
  Pick<
    Tenant,
    | "name"
    | "enabled"
    | "evolutionUrl"
    | "evolutionTokenEnc"
    | "evolutionTokenHash"
    | "webhookSecretEnc"
    | "previousWebhookSecretEnc"
    | "previousWebhookSecretUntil"
    | "bot"
    | "connectionState"
    | "qrCode"
    | "qrCodeUpdatedAt"
  >
>;

/** Applies changes to one tenant; returns the updated tenant, or null when it does not exist. */
export async function updateTenant(
  db: Database,
  id: string,
  changes: TenantChanges,
  now: number,
): Promise<Tenant | null> {
  const { bot, ...rest } = changes;
  const row = await db
    .update(tenants)
    .set({ ...rest, ...(bot ? { bot: JSON.stringify(bot) } : {}), updatedAt: now })
    .where(eq(tenants.id, id))
    .returning()
    .get();
  return row ? toTenant(row) : null;
}

/** Deletes the tenant row; what is left of its data goes with it (ON DELETE CASCADE). */
export async function deleteTenant(db: Database, id: string): Promise<boolean> {
  const deleted = await db.delete(tenants).where(eq(tenants.id, id)).returning({ id: tenants.id });
  return deleted.length === 1;
}
