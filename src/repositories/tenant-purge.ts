import { eq, like, sql } from "drizzle-orm";
import type { Database } from "./db";
import {
  auditEvents,
  contacts,
  invites,
  knowledgeEntries,
  knowledgeStats,
  messages,
  tenants,
  unansweredQuestions,
  usage,
  users,
} from "./schema";

/**
 * What a deleted tenant's instance becomes until its data is gone: no instance name may start
 * with `~`, so nothing looks it up by name, the name is free again, and lists skip it.
 */
export const RETIRED_PREFIX = "~deleted~";

/**
 * Retires a tenant in one batch: renamed out of reach, disabled, its instance token dropped, its
 * users (and with them their sessions) and invites deleted, so nobody reaches it from now on.
 */
export async function retireTenant(db: Database, id: string, now: number): Promise<void> {
  await db.batch([
    db
      .update(tenants)
      .set({ instance: `${RETIRED_PREFIX}${id}`, enabled: false, evolutionTokenEnc: null, evolutionTokenHash: null, updatedAt: now })
      .where(eq(tenants.id, id)),
    db.delete(users).where(eq(users.tenantId, id)),
    db.delete(invites).where(eq(invites.tenantId, id)),
  ]);
}

/** Ids of retired tenants whose data is still being deleted. */
export async function findRetiredTenantIds(db: Database, limit: number): Promise<string[]> {
  const rows = await db.select({ id: tenants.id }).from(tenants).where(like(tenants.instance, `${RETIRED_PREFIX}%`)).limit(limit).all();
  return rows.map((r) => r.id);
}

/**
 * A tenant's tables, biggest first, each with the columns of its primary key (some tables are
 * WITHOUT ROWID, so the key, not rowid, addresses a slice); what is left after them goes with
 * the tenant row (cascade).
 */
const TENANT_TABLES = {
  messages: { table: messages, key: [messages.tenantId, messages.contactJid, messages.at, messages.waId] },
  contacts: { table: contacts, key: [contacts.tenantId, contacts.jid] },
  knowledgeEntries: { table: knowledgeEntries, key: [knowledgeEntries.rowId] },
  unansweredQuestions: { table: unansweredQuestions, key: [unansweredQuestions.tenantId, unansweredQuestions.id] },
  usage: { table: usage, key: [usage.tenantId, usage.day] },
  auditEvents: { table: auditEvents, key: [auditEvents.id] },
  knowledgeStats: { table: knowledgeStats, key: [knowledgeStats.tenantId] },
} as const;
export type TenantTable = keyof typeof TENANT_TABLES;
export const tenantTables = Object.keys(TENANT_TABLES) as TenantTable[];

/** Deletes up to `limit` of the tenant's rows of `name`; returns how many went. */
export async function deleteTenantRows(db: Database, name: TenantTable, tenantId: string, limit: number): Promise<number> {
  const { table, key } = TENANT_TABLES[name];
  const columns = sql.join([...key], sql`, `);
  const result = await db.run(
    sql`DELETE FROM ${table} WHERE (${columns}) IN (SELECT ${columns} FROM ${table} WHERE ${table.tenantId} = ${tenantId} LIMIT ${limit})`,
  );
  return result.meta.changes;
}
