/** A tenant's people: the list the owner sees, and removal (their sessions end with them). */
import type { UsersResponse, UserView } from "../../domain/panel-api";
import { runBatch } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import { deleteUserSessions } from "../../repositories/sessions";
import { countTenantOwners, deleteTenantUser, findTenantUser, listTenantUsers, type User } from "../../repositories/users";
import { auditStatement, type Actor } from "./audit";

export const userView = (u: User): UserView => ({ id: u.id, name: u.name, role: u.role, login: u.login, createdAt: new Date(u.createdAt).toISOString() });

export async function listUsers(db: Database, tenantId: string): Promise<UsersResponse> {
  return { items: (await listTenantUsers(db, tenantId)).map(userView) };
}

/** Removes one of the tenant's users; a tenant never loses its last owner. */
export async function removeUser(
  db: Database,
  tenantId: string,
  id: string,
  actor: Actor,
  now: number,
): Promise<"removed" | "not_found" | "last_owner"> {
  const user = await findTenantUser(db, tenantId, id);
  if (!user) return "not_found";
  if (user.role === "owner" && (await countTenantOwners(db, tenantId)) <= 1) return "last_owner";
  await runBatch(db, [
    deleteUserSessions(db, id),
    deleteTenantUser(db, tenantId, id),
    auditStatement(db, { tenantId, actor, action: "user.remove", target: id, details: { role: user.role, name: user.name } }, now),
  ]);
  return "removed";
}
