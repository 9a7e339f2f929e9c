/**
 * The live socket's decisions: how long to wait before reconnecting, when to ask whether the
 * session still exists, and what to fetch again after a gap.
 */

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 30_000;
/** After this many failed attempts in a row, the session is checked before trying again. */
export const VERIFY_AFTER_FAILURES = 3;
/** A gap this long may have changed more than the lists: the account and connection too. */
export const LONG_GAP_MS = 5 * 60_000;

/**
 * Exponential backoff with jitter: attempt 0 waits 250–500 ms, doubling up to 15–30 s.
 * `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, random: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Close codes the server uses when a session is missing or revoked. */
const UNAUTHORIZED_CODES = new Set([1008, 4401, 4403]);

export type CloseDecision =
  | { action: "stop" }
  | { action: "retry"; delayMs: number }
  | { action: "verify-session"; delayMs: number };

/**
 * What to do when the socket closes. `failures` counts consecutive attempts that ended without
 * receiving anything; a server that refuses the session gets the session checked (a 401 there
 * sends the person back to Entrar) instead of being hammered.
 */
export function onSocketClosed(input: { code: number; closedByUs: boolean; failures: number; random: number }): CloseDecision {
  if (input.closedByUs) return { action: "stop" };
  const delayMs = backoffDelay(input.failures, input.random);
  if (UNAUTHORIZED_CODES.has(input.code)) return { action: "verify-session", delayMs: 0 };
  if (input.failures > 0 && input.failures % VERIFY_AFTER_FAILURES === 0) return { action: "verify-session", delayMs };
  return { action: "retry", delayMs };
}

export interface ResyncContext {
  /** The socket was open before and this is a reconnection. */
  reconnect: boolean;
  /** How long no socket was open (0 on the first connection). */
  gapMs: number;
  /** The conversation open on screen, if any. */
  openContact: string | null;
  /** The screens mounted right now. */
  watching: { conversations: boolean; whatsapp: boolean; sandbox: boolean };
}

export interface ResyncPlan {
  conversations: boolean;
  transcript: string | null;
  whatsapp: boolean;
  sandbox: boolean;
  me: boolean;
}

/**
 * What to fetch when the socket opens. Events are not replayed, so anything shown may have
 * changed while no socket was open; even the first opening follows the screen's own load by a
 * moment, in which an event could have been missed.
 */
export function resyncPlan(ctx: ResyncContext): ResyncPlan {
  return {
    conversations: ctx.watching.conversations,
    transcript: ctx.openContact,
    whatsapp: ctx.watching.whatsapp,
    sandbox: ctx.watching.sandbox,
    me: ctx.reconnect && ctx.gapMs >= LONG_GAP_MS,
  };
}
