import { env, SELF } from "cloudflare:test";
import { it } from "vitest";
import { createTenant, postWebhook } from "../helpers/app";
import { textUpsert } from "../helpers/payloads";

async function time(label: string, n: number, f: () => Promise<unknown>) {
  const t0 = Date.now();
  for (let i = 0; i < n; i++) await f();
  console.info(label, (Date.now() - t0) / n);
}
it("timing", async () => {
  const t = await createTenant();
  await time("bad json", 50, () => postWebhook("{bad"));
  await time("unknown instance", 50, () => postWebhook(textUpsert({ instance: "nope", apikey: "nope" })));
  await time("wrong apikey", 50, () => postWebhook(textUpsert({ instance: t.instance, apikey: "nope" })));
  await time("wrong token", 50, () => postWebhook(textUpsert({ instance: t.instance, apikey: null }), { "x-webhook-token": "abc" }));
  await time("ignored event", 50, () => postWebhook({ event: "foo.bar", instance: t.instance, data: {}, apikey: "B6D711FC-DE4D-4FD5-9365-44120E713976" }));
  await time("health", 50, () => SELF.fetch("http://x/health"));
  await time("queued", 20, () => postWebhook(textUpsert({ instance: t.instance })));
});
