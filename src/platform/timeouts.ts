/**
 * Whether an error is a deadline or an abort: `withDeadline` aborts with a `TimeoutError`, and a
 * fetch or body read it cut short rejects with an `AbortError`. DOMException is not guaranteed to
 * inherit from Error, so the name is read structurally.
 */
export function isTimeoutError(err: unknown): boolean {
  const name = typeof err === "object" && err !== null ? (err as { name?: unknown }).name : undefined;
  return name === "TimeoutError" || name === "AbortError";
}
