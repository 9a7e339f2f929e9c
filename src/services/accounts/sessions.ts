/**
 * Panel sessions: opened by a sign-in, found by the cookie on every request, slid at most
 * hourly, revoked on logout, everywhere, or when the user is removed.
 */
import type { MeResponse } from "../../domain/panel-api";
import type { Tenant } from "../../domain/tenant";
import { runBatch, type Statement } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import { deleteSession, deleteUserSessions, findSession, insertSession, setSessionTenant, touchSession, type SessionRow } from "../../repositories/sessions";
import { findTenantByInstance } from "../../repositories/tenants";
import type { User } from "../../repositories/users";
import { auditStatement, recordAudit, type Actor } from "./audit";
import { isSessionExpired, newSessionTimes, slideSession } from "./session-policy";
import { hashToken, newToken } from "./tokens";

export interface SignedIn {
  session: SessionRow;
  user: User;
  /** The tenant the session acts in; null for a platform user on the tenants page. */
  tenant: Tenant | null;
}

export const actorOf = (user: Pick<User, "id" | "name" | "role">): NonNullable<Actor> => ({ id: user.id, name: user.name, role: user.role });

/** What `GET /api/me` and every sign-in answer. */
export function meView(user: User, tenant: Tenant | null): MeResponse {
  return {
    user: { id: user.id, name: user.name, role: user.role, login: user.login },
    tenant: tenant ? { instance: tenant.instance, name: tenant.name, connectionState: tenant.connectionState } : null,
  };
}

/**
 * A new session for `user`: the id to put in the cookie (its only copy) and the statement that
 * stores its hash, to run in the sign-in's batch.
 */
export async function newSession(db: Database, user: User, now: number): Promise<{ token: string; statement: Statement }> {
  const token = newToken();
  const row: SessionRow = { idHash: await hashToken(token), userId: user.id, tenantId: user.tenantId, createdAt: now, ...newSessionTimes(now) };
  return { token, statement: insertSession(db, row) };
}

/** The session behind a cookie value, when it exists and has not expired; slides its expiry. */
export async function resolveSession(db: Database, token: string, now: number): Promise<SignedIn | null> {
  const found = await findSession(db, await hashToken(token));
  if (!found || isSessionExpired(found.session, now)) return null;
  const slid = slideSession(found.session, now);
  if (slid) await touchSession(db, found.session.idHash, slid);
  return found;
}

/** Logout: this session, or (`everywhere`) every session of the user. */
export async function endSession(db: Database, s: SignedIn, everywhere: boolean, now: number): Promise<void> {
  await runBatch(db, [
    everywhere ? deleteUserSessions(db, s.user.id) : deleteSession(db, s.session.idHash),
    auditStatement(db, { tenantId: s.tenant?.id ?? null, actor: actorOf(s.user), action: everywhere ? "auth.logout_everywhere" : "auth.logout" }, now),
  ]);
}

/** A platform user chooses the tenant whose panel it views (audited); null when the instance is unknown. */
export async function viewTenant(db: Database, s: SignedIn, instance: string): Promise<Tenant | null> {
  const tenant = await findTenantByInstance(db, instance);
  if (!tenant) return null;
  await setSessionTenant(db, s.session.idHash, tenant.id);
  await recordAudit(db, { tenantId: tenant.id, actor: actorOf(s.user), action: "auth.login", details: { method: "platform" } }, Date.now());
  return tenant;
}
