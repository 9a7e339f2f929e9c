import { env, SELF } from "cloudflare:test";
import { it, vi } from "vitest";
import { createTenant, postWebhook } from "../helpers/app";
import { textUpsert } from "../helpers/payloads";

async function time(label: string, n: number, f: () => Promise<unknown>) {
  const t0 = Date.now();
  for (let i = 0; i < n; i++) await f();
  console.info(label, (Date.now() - t0) / n);
}
it("timing", async () => {
  const info = console.info.bind(console);
  const t = await createTenant();
  await time("health", 50, () => SELF.fetch("http://x/health"));
  await time("health", 50, () => SELF.fetch("http://x/health"));
  vi.spyOn(console, "log").mockImplementation(() => {});
  await time("health quiet", 50, () => SELF.fetch("http://x/health"));
  await time("bad json quiet", 50, () => postWebhook("{bad"));
  await time("wrong apikey quiet", 50, () => postWebhook(textUpsert({ instance: t.instance, apikey: "nope" })));
  await time("ignored quiet", 50, () => postWebhook({ event: "foo.bar", instance: t.instance, data: {}, apikey: "B6D711FC-DE4D-4FD5-9365-44120E713976" }));
  await time("queued quiet", 50, () => postWebhook(textUpsert({ instance: t.instance })));
  await time("health quiet", 50, () => SELF.fetch("http://x/health"));
  vi.restoreAllMocks();
  await time("health loud", 50, () => SELF.fetch("http://x/health"));
});
