/**
 * Runs `work` with a signal that aborts after `ms` (as a `TimeoutError`), and clears the timer as
 * soon as the work settles. `AbortSignal.timeout()` cannot be cleared: each call would keep a
 * live timer, and with it the Durable Object, awake for the whole timeout after the reply.
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("deadline exceeded", "TimeoutError")), ms);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
