/** Exponential backoff with ±20% jitter: `baseMs`, 2×, 4×, 8× … capped at one minute. */
export function backoffMs(attempt: number, baseMs = 1000): number {
  const raw = Math.min(60_000, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}
