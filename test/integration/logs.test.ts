import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { admin, createTenant, INSTANCE_TOKEN, postWebhook } from "../helpers/app";
import { deliver, fireAlarm } from "../helpers/conversation";
import { installFakeProviders, type FakeProviders } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";
import { captureLogs } from "../helpers/capture-logs";

const ANA = "5511999990001@s.whatsapp.net";
const SECRET_TEXT = "meu cpf é 123";

let fake: FakeProviders;
let lines: string[];
beforeEach(() => {
  fake = installFakeProviders();
  lines = [];
  captureLogs(lines);
});
afterEach(() => {
  fake.restore();
  vi.restoreAllMocks();
});

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("logs during a whole conversation", () => {
  it("carry ids, never message text, secrets or whole phone numbers", async () => {
    const tenant = await createTenant();
    const inbound = textUpsert({ instance: tenant.instance, text: SECRET_TEXT, from: ANA });
    await deliver(tenant.id, ANA, inbound);
    // A copy of the message from another chat (same id) makes the queue consumer log its outcome
    // (a plain redelivery is answered at the webhook, without queueing it again).
    const copy = textUpsert({ instance: tenant.instance, text: SECRET_TEXT, from: "5511988887777@s.whatsapp.net", id: inbound.data.key.id });
    expect((await postWebhook(copy)).status).toBe(200);
    await vi.waitFor(() => expect(parsed().some((l) => l.component === "queue")).toBe(true), { timeout: 10_000, interval: 50 });
    expect(await fireAlarm(tenant.id, ANA)).toBe(true);
    expect(fake.textsTo(ANA)).toHaveLength(1);
    const transcript = await admin("GET", `/admin/tenants/${tenant.instance}/contacts/${encodeURIComponent(ANA)}/messages`);
    expect(JSON.stringify(await transcript.json())).toContain(SECRET_TEXT);
    expect((await admin("DELETE", `/admin/tenants/${tenant.instance}/contacts/${encodeURIComponent(ANA)}`)).status).toBe(204);

    // Every line is structured JSON, and every part of the pipeline wrote some.
    const logs = parsed();
    const requests = logs.filter((l) => l.msg === "request");
    // The admin calls; the webhooks acknowledged 200 are the platform's invocation log's.
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const r of requests) expect(r.requestId).toEqual(expect.any(String));
    expect(logs.filter((l) => l.component === "queue").every((l) => typeof l.batchId === "string")).toBe(true);
    expect(logs.some((l) => l.component === "conversation" && l.msg === "turn")).toBe(true);

    const all = lines.join("\n");
    for (const text of [SECRET_TEXT, "cpf", fake.sent[0]!.body.text as string]) expect(all).not.toContain(text);
    expect(all).not.toContain("5511999990001");
    expect(all).toContain("5511*****0001");
    const secrets = {
      ADMIN_TOKEN: env.ADMIN_TOKEN,
      instanceToken: INSTANCE_TOKEN,
      webhookSecret: tenant.webhookSecret,
      SECRETS_KEY: env.SECRETS_KEY,
      GEMINI_API_KEY: env.GEMINI_API_KEY,
    };
    for (const [name, value] of Object.entries(secrets)) {
      expect(value, name).toBeTruthy();
      expect(all, name).not.toContain(value);
    }
  });
});

describe("the request line", () => {
  it("is one line per request but an acknowledged webhook, and its id is the response's x-request-id", async () => {
    const tenant = await createTenant();
    lines.length = 0;
    const acknowledged = await postWebhook(textUpsert({ instance: tenant.instance, text: "oi", from: ANA }));
    const ignored = await postWebhook({ event: "presence.update", instance: tenant.instance, data: {}, apikey: INSTANCE_TOKEN });
    const answers = [
      await postWebhook({ event: "messages.upsert" }),
      await postWebhook({ ...textUpsert({ instance: tenant.instance, text: "oi", from: ANA }), apikey: "not-the-token" }),
      await admin("GET", "/admin/tenants/nobody-here"),
      await postWebhook("x".repeat(2 * 1024 * 1024)),
    ];
    expect([acknowledged.status, ignored.status]).toEqual([200, 200]);
    expect(await ignored.json()).toMatchObject({ status: "ignored" });
    expect(answers.map((r) => r.status)).toEqual([400, 401, 404, 413]);
    const requestLines = parsed().filter((l) => l.msg === "request");
    // The acknowledgements are the platform's invocation log's; everything else has its line.
    expect(requestLines.map((l) => l.status)).toEqual([400, 401, 404, 413]);
    expect(answers.map((r) => r.headers.get("x-request-id"))).toEqual(requestLines.map((l) => l.requestId));
    expect(acknowledged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set([acknowledged, ignored, ...answers].map((r) => r.headers.get("x-request-id"))).size).toBe(6);
  });
});
