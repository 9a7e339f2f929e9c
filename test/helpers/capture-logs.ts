import { vi } from "vitest";

/**
 * Collects every console line into `lines`. The Worker, the queue consumer and the Durable
 * Objects all run in the test's isolate under vitest-pool-workers, so this sees all of them.
 * Undo with `vi.restoreAllMocks()`.
 */
export function captureLogs(lines: string[]): void {
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  }
}
