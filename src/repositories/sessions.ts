import { eq, lte } from "drizzle-orm";
import type { Tenant } from "../domain/tenant";
import type { Statement } from "./batch";
import type { Database } from "./db";
import { sessions, tenants, users } from "./schema";
import { toTenant } from "./tenants";
import type { User } from "./users";

export type SessionRow = typeof sessions.$inferSelect;

export interface StoredSession {
  session: SessionRow;
  user: User;
  tenant: Tenant | null;
}

/** A session with its user and the tenant it acts in: the one read of every signed-in request. */
export async function findSession(db: Database, idHash: string): Promise<StoredSession | null> {
  const row = await db
    .select()
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .leftJoin(tenants, eq(sessions.tenantId, tenants.id))
    .where(eq(sessions.idHash, idHash))
    .get();
  return row ? { session: row.sessions, user: row.users, tenant: row.tenants ? toTenant(row.tenants) : null } : null;
}

export function insertSession(db: Database, row: SessionRow): Statement {
  return db.insert(sessions).values(row);
}

export async function touchSession(db: Database, idHash: string, times: { expiresAt: number; lastUsedAt: number }): Promise<void> {
  await db.update(sessions).set(times).where(eq(sessions.idHash, idHash));
}

export function deleteSession(db: Database, idHash: string): Statement {
  return db.delete(sessions).where(eq(sessions.idHash, idHash));
}

export function deleteUserSessions(db: Database, userId: string): Statement {
  return db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function setSessionTenant(db: Database, idHash: string, tenantId: string | null): Promise<void> {
  await db.update(sessions).set({ tenantId }).where(eq(sessions.idHash, idHash));
}

/** Forgets sessions that have expired (the daily purge). */
export async function purgeExpiredSessions(db: Database, now: number): Promise<void> {
  await db.delete(sessions).where(lte(sessions.expiresAt, now));
}
