/**
 * Abuse rules of sign-in, as pure decisions over what D1 remembers. Failed passwords and codes
 * count per login (5 within 15 minutes) and per client IP (20); either limit reached locks
 * that key for 15 minutes. Keys exist for logins nobody has, so a lock reveals nothing.
 */
const MINUTE = 60_000;

export const FAILURE_WINDOW_MS = 15 * MINUTE;
export const LOCK_MS = 15 * MINUTE;
export const LOGIN_FAILURE_LIMIT = 5;
export const IP_FAILURE_LIMIT = 20;

export const CODE_TTL_MS = 10 * MINUTE;
export const CODE_MAX_TRIES = 5;
/** A new code for the same number is sent at most this often (each one is a WhatsApp message). */
export const CODE_RESEND_MS = MINUTE;

/** What is remembered about one key (`login:<login>` or `ip:<address>`). */
export interface FailureState {
  /** Epoch ms of the failures still inside the window, oldest first. */
  failures: number[];
  lockedUntil: number | null;
}

export type AttemptKey = { kind: "login"; login: string } | { kind: "ip"; address: string };

export function attemptKey(key: AttemptKey): string {
  return key.kind === "login" ? `login:${key.login}` : `ip:${key.address}`;
}

export function limitOf(key: AttemptKey): number {
  return key.kind === "login" ? LOGIN_FAILURE_LIMIT : IP_FAILURE_LIMIT;
}

export function isLocked(state: FailureState | null, now: number): boolean {
  return state?.lockedUntil != null && state.lockedUntil > now;
}

/** True when neither the login nor the client's address is locked: the credentials may be checked. */
export function mayAttempt(login: FailureState | null, ip: FailureState | null, now: number): boolean {
  return !isLocked(login, now) && !isLocked(ip, now);
}

/**
 * The state after one more failure: failures older than the window are forgotten; reaching
 * `limit` locks the key for LOCK_MS and starts counting afresh once the lock ends. A failure
 * while locked changes nothing: a lock is never lengthened nor lifted by more tries.
 */
export function recordFailure(state: FailureState | null, now: number, limit: number): FailureState {
  if (state && isLocked(state, now)) return state;
  const recent = (state?.failures ?? []).filter((at) => now - at < FAILURE_WINDOW_MS);
  const failures = [...recent, now];
  if (failures.length >= limit) return { failures: [], lockedUntil: now + LOCK_MS };
  return { failures, lockedUntil: null };
}

/** A stored sign-in code as the rules see it. */
export interface CodeState {
  expiresAt: number;
  tries: number;
}

export type CodeStatus = "usable" | "expired" | "exhausted";

export function codeExpiry(now: number): number {
  return now + CODE_TTL_MS;
}

/** Whether a code may still be compared: not expired and fewer than CODE_MAX_TRIES wrong tries. */
export function codeStatus(code: CodeState, now: number): CodeStatus {
  if (code.expiresAt <= now) return "expired";
  if (code.tries >= CODE_MAX_TRIES) return "exhausted";
  return "usable";
}

/** True when a new code may be sent: none was sent to this login in the last CODE_RESEND_MS. */
export function mayResendCode(lastSentAt: number | null, now: number): boolean {
  return lastSentAt === null || now - lastSentAt >= CODE_RESEND_MS;
}
