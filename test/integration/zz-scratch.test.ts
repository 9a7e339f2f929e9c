import { env, SELF, createExecutionContext } from "cloudflare:test";
import { it, vi } from "vitest";

async function time(label: string, n: number, f: () => Promise<Response>) {
  const t0 = Date.now();
  for (let i = 0; i < n; i++) await (await f()).text();
  console.info(label, (Date.now() - t0) / n);
}
for (const n of [1, 2, 3])
it("timing" + n, async () => {
  for (let k = 0; k < 2; k++) await time("SELF health", 100, () => SELF.fetch("http://x/health"));
}, 120000);
it("quiet", async () => {
  for (const l of ["log", "info", "warn", "error"] as const) vi.spyOn(console, l).mockImplementation(() => {});
  const t0 = Date.now();
  for (let i = 0; i < 200; i++) await (await SELF.fetch("http://x/health")).text();
  const t1 = Date.now();
  for (let i = 0; i < 200; i++) await (await SELF.fetch("http://x/health")).text();
  vi.restoreAllMocks();
  console.info("quiet", (t1 - t0) / 200, (Date.now() - t1) / 200);
}, 120000);
