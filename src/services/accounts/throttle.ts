/**
 * D1 side of the sign-in abuse rules (`attempts.ts` decides): what is remembered of a login and
 * of the client's address, and the writes a failure or a success makes.
 */
import type { Statement } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import { clearFailures, loadFailures, saveFailures } from "../../repositories/auth-failures";
import { attemptKey, limitOf, mayAttempt, recordFailure, type AttemptKey, type FailureState } from "./attempts";

export interface Attempt {
  keys: { key: AttemptKey; state: FailureState | null }[];
  /** False while the login or the address is locked: the credentials are not even checked. */
  allowed: boolean;
}

/** One read: the failures remembered for the login and for the client address. */
export async function openAttempt(db: Database, login: string, address: string, now: number): Promise<Attempt> {
  const keys: AttemptKey[] = [{ kind: "login", login }, { kind: "ip", address }];
  const stored = await loadFailures(db, keys.map(attemptKey));
  const states = keys.map((key) => ({ key, state: stored.get(attemptKey(key)) ?? null }));
  return { keys: states, allowed: mayAttempt(states[0]!.state, states[1]!.state, now) };
}

/** The writes of one more failure, for the login and the address. */
export function failureStatements(db: Database, attempt: Attempt, now: number): Statement[] {
  return attempt.keys.map(({ key, state }) => saveFailures(db, attemptKey(key), recordFailure(state, now, limitOf(key)), now));
}

/** A good sign-in forgets the login's failures (the address keeps its count). */
export function successStatements(db: Database, attempt: Attempt): Statement[] {
  const login = attempt.keys[0]!;
  return login.state ? [clearFailures(db, attemptKey(login.key))] : [];
}
