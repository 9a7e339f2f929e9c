import { and, asc, count, eq } from "drizzle-orm";
import type { Role } from "../domain/roles";
import type { Tenant } from "../domain/tenant";
import type { Statement } from "./batch";
import type { Database } from "./db";
import { tenants, users, type UserRow } from "./schema";
import { toTenant } from "./tenants";

export type User = UserRow;

/** The user with this login and the tenant it belongs to (null for `platform` users): one read. */
export async function findUserByLogin(db: Database, login: string): Promise<{ user: User; tenant: Tenant | null } | null> {
  const row = await db.select().from(users).leftJoin(tenants, eq(users.tenantId, tenants.id)).where(eq(users.login, login)).get();
  return row ? { user: row.users, tenant: row.tenants ? toTenant(row.tenants) : null } : null;
}

export function insertUser(db: Database, user: User): Statement {
  return db.insert(users).values(user);
}

export async function setPasswordHash(db: Database, id: string, passwordHash: string, now: number): Promise<void> {
  await db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, id));
}

/** The tenant's people, by name. */
export async function listTenantUsers(db: Database, tenantId: string): Promise<User[]> {
  return db.select().from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.name), asc(users.id)).all();
}

/** The platform's operators. */
export async function listUsersWithRole(db: Database, role: Role): Promise<User[]> {
  return db.select().from(users).where(eq(users.role, role)).orderBy(asc(users.name)).all();
}

export async function findTenantUser(db: Database, tenantId: string, id: string): Promise<User | null> {
  return (await db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id))).get()) ?? null;
}

export async function countTenantOwners(db: Database, tenantId: string): Promise<number> {
  const row = await db.select({ n: count() }).from(users).where(and(eq(users.tenantId, tenantId), eq(users.role, "owner"))).get();
  return row?.n ?? 0;
}

/** Deletes one of the tenant's users; their sessions go with them (ON DELETE CASCADE). */
export function deleteTenantUser(db: Database, tenantId: string, id: string): Statement {
  return db.delete(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
}
