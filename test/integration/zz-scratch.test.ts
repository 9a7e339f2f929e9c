import { env, SELF, createExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { it, vi } from "vitest";
import worker from "../../src/index";

async function time(label: string, n: number, f: () => Promise<Response>) {
  const t0 = Date.now();
  for (let i = 0; i < n; i++) await (await f()).text();
  console.info(label, (Date.now() - t0) / n);
}
it("timing", async () => {
  for (let k = 0; k < 4; k++) await time("exports health", 100, async () => (exports as any).default.fetch(new Request("http://x/health")));
  for (let k = 0; k < 2; k++) await time("SELF health", 100, () => SELF.fetch("http://x/health"));
}, 120000);
