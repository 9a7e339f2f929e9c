/**
 * The three ways into the panel, each ending in a new session: login + password, a code sent
 * over WhatsApp, and an invite link (in `invites.ts`). A failure answers the same whether the
 * login exists or not, after the same work.
 */
import type { MeResponse } from "../../domain/panel-api";
import type { Tenant } from "../../domain/tenant";
import { runBatch, type Statement } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import { countCodeTry, deleteLoginCode, findLoginCode } from "../../repositories/login-codes";
import { findUserByLogin, setPasswordHash, type User } from "../../repositories/users";
import { codeStatus } from "./attempts";
import { auditStatement } from "./audit";
import { normalizePhone, parseLogin } from "./login";
import { hashPassword, needsRehash, verifyNoPassword, verifyPassword } from "./password";
import { actorOf, meView, newSession } from "./sessions";
import { failureStatements, openAttempt, successStatements } from "./throttle";
import { hashLoginCode, sameDigest } from "./tokens";

export type SignInFailure = { ok: false; error: "invalid_credentials" | "too_many_attempts" };
export type SignedInResult = { ok: true; token: string; me: MeResponse };
export type SignInResult = SignedInResult | SignInFailure;

export interface SignInDeps {
  db: Database;
  secretsKey: string;
  now?: () => number;
}

const invalid: SignInFailure = { ok: false, error: "invalid_credentials" };
const locked: SignInFailure = { ok: false, error: "too_many_attempts" };

/**
 * Opens the session of a user who proved who they are, with the audit event and whatever else
 * the sign-in writes (`extra`), in one batch.
 */
export async function completeSignIn(
  db: Database,
  found: { user: User; tenant: Tenant | null },
  method: "password" | "code" | "invite",
  extra: Statement[],
  now: number,
): Promise<SignedInResult> {
  const session = await newSession(db, found.user, now);
  await runBatch(db, [
    ...extra,
    session.statement,
    auditStatement(db, { tenantId: found.user.tenantId, actor: actorOf(found.user), action: "auth.login", details: { method } }, now),
  ]);
  return { ok: true, token: session.token, me: meView(found.user, found.tenant) };
}

/** The stored form of what was typed, or the typed text itself: a wrong login fails like any other. */
const loginKey = (typed: string) => parseLogin(typed)?.login ?? typed.trim().toLowerCase();

export async function signInWithPassword(
  deps: SignInDeps,
  input: { login: string; password: string; address: string },
): Promise<SignInResult> {
  const now = deps.now?.() ?? Date.now();
  const login = loginKey(input.login);
  const [attempt, found] = await Promise.all([openAttempt(deps.db, login, input.address, now), findUserByLogin(deps.db, login)]);
  if (!attempt.allowed) return locked;
  const hash = found?.user.passwordHash ?? null;
  const ok = hash === null ? await verifyNoPassword(input.password) : await verifyPassword(input.password, hash);
  if (!ok || !found) {
    await runBatch(deps.db, failureStatements(deps.db, attempt, now));
    return invalid;
  }
  if (needsRehash(hash!)) await setPasswordHash(deps.db, found.user.id, await hashPassword(input.password), now);
  return completeSignIn(deps.db, found, "password", successStatements(deps.db, attempt), now);
}

export async function signInWithCode(
  deps: SignInDeps,
  input: { phone: string; code: string; address: string },
): Promise<SignInResult> {
  const now = deps.now?.() ?? Date.now();
  const login = normalizePhone(input.phone) ?? input.phone.trim();
  const [attempt, stored, found] = await Promise.all([
    openAttempt(deps.db, login, input.address, now),
    findLoginCode(deps.db, login),
    findUserByLogin(deps.db, login),
  ]);
  if (!attempt.allowed) return locked;
  // Computed whether or not a code is pending, so the answer takes the same time.
  const typed = await hashLoginCode(deps.secretsKey, login, input.code);
  const usable = stored !== null && codeStatus(stored, now) === "usable";
  if (!usable || !sameDigest(typed, stored.codeHash) || !found) {
    const tries = usable ? [countCodeTry(deps.db, login)] : [];
    await runBatch(deps.db, [...tries, ...failureStatements(deps.db, attempt, now)]);
    return invalid;
  }
  return completeSignIn(deps.db, found, "code", [deleteLoginCode(deps.db, login), ...successStatements(deps.db, attempt)], now);
}
