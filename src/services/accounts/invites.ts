/**
 * Invites: the operator (for any tenant, or for another operator) and an owner (for their own
 * tenant) invite a person by phone or e-mail; the link, shown once, lets them choose a password
 * and signs them in. Tokens are stored hashed, single use, valid 7 days.
 */
import type { InviteResponse } from "../../domain/panel-api";
import type { Role } from "../../domain/roles";
import { runBatch } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import { findUsableInvite, insertInvite, markInviteUsed } from "../../repositories/invites";
import { findTenantById } from "../../repositories/tenants";
import { findUserByLogin, insertUser, type User } from "../../repositories/users";
import { auditStatement, type Actor } from "./audit";
import { normalizeEmail, normalizePhone } from "./login";
import { hashPassword } from "./password";
import { completeSignIn, type SignedInResult } from "./sign-in";
import { hashToken, newToken } from "./tokens";

export const INVITE_TTL_MS = 7 * 86_400_000;

export interface InviteDeps {
  db: Database;
  /** Where the panel is served: the link is `<panelUrl>/convite/<token>`. */
  panelUrl: string;
  now?: () => number;
}

export interface InviteInput {
  tenantId: string | null;
  role: Role;
  name: string;
  phone?: string | undefined;
  email?: string | undefined;
}

export type Issue = { path: string; message: string };

export type InviteResult = { ok: true; invite: InviteResponse } | { ok: false; error: "invalid"; details: Issue[] } | { ok: false; error: "conflict" };

function loginOf(input: InviteInput): string | Issue {
  if (input.phone !== undefined) return normalizePhone(input.phone) ?? { path: "phone", message: "not a phone number (digits with area code, or +country code)" };
  return normalizeEmail(input.email ?? "") ?? { path: "email", message: "not an e-mail address" };
}

export async function createInvite(deps: InviteDeps, input: InviteInput, actor: Actor): Promise<InviteResult> {
  const now = deps.now?.() ?? Date.now();
  const login = loginOf(input);
  if (typeof login !== "string") return { ok: false, error: "invalid", details: [login] };
  if (await findUserByLogin(deps.db, login)) return { ok: false, error: "conflict" };
  const token = newToken();
  const expiresAt = now + INVITE_TTL_MS;
  await runBatch(deps.db, [
    ...insertInvite(deps.db, {
      tokenHash: await hashToken(token),
      tenantId: input.tenantId,
      role: input.role,
      name: input.name,
      login,
      createdBy: actor?.id ?? null,
      createdAt: now,
      expiresAt,
      usedAt: null,
    }),
    auditStatement(deps.db, { tenantId: input.tenantId, actor, action: "user.invite", details: { role: input.role, name: input.name } }, now),
  ]);
  return { ok: true, invite: { inviteUrl: `${deps.panelUrl.replace(/\/+$/, "")}/convite/${token}`, expiresAt: new Date(expiresAt).toISOString() } };
}

export type AcceptResult = SignedInResult | { ok: false; error: "invite_expired" | "conflict" };

const isUniqueViolation = (err: unknown) => err instanceof Error && /UNIQUE constraint failed/i.test(`${err.message} ${String(err.cause ?? "")}`);

/**
 * Turns a usable invite into a user with the chosen password and signs them in, all in one
 * batch; an unknown, used or expired token is "invite_expired". Two accepts racing for one
 * invite: the second fails on the unique login and writes nothing.
 */
export async function acceptInvite(
  deps: InviteDeps,
  input: { token: string; password: string; name?: string | undefined },
): Promise<AcceptResult> {
  const now = deps.now?.() ?? Date.now();
  const tokenHash = await hashToken(input.token);
  const invite = await findUsableInvite(deps.db, tokenHash, now);
  if (!invite) return { ok: false, error: "invite_expired" };
  const user: User = {
    id: crypto.randomUUID(),
    tenantId: invite.tenantId,
    role: invite.role,
    name: input.name ?? invite.name,
    login: invite.login,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
    updatedAt: now,
  };
  const tenant = invite.tenantId ? await findTenantById(deps.db, invite.tenantId) : null;
  if (invite.tenantId && !tenant) return { ok: false, error: "invite_expired" };
  try {
    return await completeSignIn(
      deps.db,
      { user, tenant },
      "invite",
      [
        insertUser(deps.db, user),
        markInviteUsed(deps.db, tokenHash, now),
        auditStatement(deps.db, { tenantId: user.tenantId, actor: { id: user.id, name: user.name, role: user.role }, action: "user.join", target: user.id, details: { role: user.role } }, now),
      ],
      now,
    );
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, error: "conflict" };
    throw err;
  }
}
