import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { ADMIN, admin, createTenant, postWebhook } from "../helpers/app";
import { EVOLUTION_URL } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";
import unauthorized from "../fixtures/evolution/http/error-401-unauthorized.json";
import instanceNotFound from "../fixtures/evolution/http/error-404-instance-not-found.json";
import unhandled from "../fixtures/evolution/http/error-500-unhandled.json";
import created from "../fixtures/evolution/http/instance-create.response-201.json";

const GLOBAL_KEY = "test-evolution-global-key"; // vitest.config.ts
const QR = { code: created.qrcode.code, base64: created.qrcode.base64 };
let tokens = 0;
const newToken = () => `B6D711FC-DE4D-4FD5-9365-${String(++tokens).padStart(12, "0")}`;

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: any;
  redirect: string | undefined;
}

/** Fake Evolution server: records every outbound request and answers with `reply`. */
function fakeEvolution(reply: (call: Call) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    const text = await request.text();
    const call = {
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body: text ? JSON.parse(text) : null,
      redirect: init?.redirect,
    };
    calls.push(call);
    return reply(call);
  });
  return calls;
}
afterEach(() => {
  vi.restoreAllMocks();
});

const createdWith = (token: string) => () => Response.json({ ...created, hash: token }, { status: 201 });
const evolutionError = (status: number, body: unknown) => () => Response.json(body, { status });
/** What fetch throws when `AbortSignal.timeout` fires. */
const timeoutReply = (): never => {
  throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
};

/** A tenant pointing at the fake Evolution, without an instance token yet. */
const newTenant = (overrides: Record<string, any> = {}) => createTenant({ evolution: { url: EVOLUTION_URL }, ...overrides });

/** Calls the app with some configuration changed (SELF always runs with vitest.config.ts's). */
function withConfig(overrides: Record<string, string>, method: string, path: string): Promise<Response> {
  return Promise.resolve(createApp().request(path, { method, headers: ADMIN }, { ...env, ...overrides }));
}

/** A webhook JWT as Evolution 2.3.7 signs it for `headers.jwt_key` (jsonwebtoken, HS256). */
async function evolutionJwt(secret: string): Promise<string> {
  const b64url = (bytes: Uint8Array) =>
    btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  const part = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));
  const iat = Math.floor(Date.now() / 1000);
  const data = `${part({ alg: "HS256", typ: "JWT" })}.${part({ iat, exp: iat + 600, app: "evolution", action: "webhook" })}`;
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(data)));
  return `${data}.${b64url(signature)}`;
}

describe("POST /admin/tenants/{instance}/provision", () => {
  it("creates the instance with the documented body, stores its token encrypted and returns the QR", async () => {
    const tenant = await newTenant({ bot: { ignoreGroups: false } });
    const token = newToken();
    const calls = fakeEvolution(createdWith(token));

    const res = await admin("POST", `/admin/tenants/${tenant.instance}/provision`);
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body.qrcode).toEqual(QR);
    expect(body.tenant).toMatchObject({
      instance: tenant.instance,
      evolution: { url: EVOLUTION_URL, hasApiKey: true },
      connectionState: "unknown",
    });

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: `${EVOLUTION_URL}/instance/create`,
      method: "POST",
      headers: { apikey: GLOBAL_KEY, "content-type": "application/json" },
      redirect: "manual",
    });
    expect(calls[0]!.body).toEqual({
      instanceName: tenant.instance,
      integration: "WHATSAPP-BAILEYS",
      qrcode: true,
      groupsIgnore: false,
      webhook: {
        enabled: true,
        url: `https://atenbot.test/webhook/instance/${tenant.instance}`,
        headers: { jwt_key: tenant.webhookSecret },
        byEvents: false,
        base64: false,
        events: ["MESSAGES_UPSERT", "CONNECTION_UPDATE", "QRCODE_UPDATED"],
      },
    });

    const row = await env.DB.prepare("SELECT evolution_token_enc AS enc, evolution_token_hash AS hash FROM tenants WHERE instance = ?")
      .bind(tenant.instance)
      .first<{ enc: string; hash: string }>();
    expect(row!.enc).toMatch(/^v1:/);
    expect(row!.enc).not.toContain(token);
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);

    // The stored token is the one a webhook's `apikey` is checked against.
    const byApikey = await postWebhook(textUpsert({ instance: tenant.instance, apikey: token }));
    expect(await byApikey.json()).toEqual({ status: "queued" });
    const wrongApikey = await postWebhook(textUpsert({ instance: tenant.instance, apikey: newToken() }));
    expect(wrongApikey.status).toBe(401);
  });

  it("configures a webhook that authenticates as Evolution signs it (jwt_key → Bearer JWT, apikey null)", async () => {
    const tenant = await newTenant();
    const calls = fakeEvolution(createdWith(newToken()));
    expect((await admin("POST", `/admin/tenants/${tenant.instance}/provision`)).status).toBe(201);
    const jwtKey: string = calls[0]!.body.webhook.headers.jwt_key;
    // Where Evolution posts: the configured URL, plus `/<event>` in byEvents mode.
    const path = new URL(calls[0]!.body.webhook.url).pathname;

    for (const route of [path, `${path}/messages-upsert`]) {
      const signed = await postWebhook(textUpsert({ instance: tenant.instance, apikey: null }), {
        authorization: `Bearer ${await evolutionJwt(jwtKey)}`,
      }, route);
      expect(signed.status).toBe(200);
      expect(await signed.json()).toEqual({ status: "queued" });

      const forged = await postWebhook(textUpsert({ instance: tenant.instance, apikey: null }), {
        authorization: `Bearer ${await evolutionJwt("some-other-secret-0123456789")}`,
      }, route);
      expect(forged.status).toBe(401);
    }
  });

  it("uses EVOLUTION_URL for a tenant without its own URL, and stores it", async () => {
    const tenant = await createTenant({ evolution: {} });
    const calls = fakeEvolution(createdWith(newToken()));
    const res = await withConfig({ EVOLUTION_URL: "https://evo-default.test/" }, "POST", `/admin/tenants/${tenant.instance}/provision`);
    expect(res.status).toBe(201);
    expect(calls[0]!.url).toBe("https://evo-default.test/instance/create");
    expect(((await res.json()) as any).tenant.evolution).toEqual({ url: "https://evo-default.test/", hasApiKey: true });
  });

  it("answers 201 with qrcode null when Evolution had no QR ready yet", async () => {
    const tenant = await newTenant();
    fakeEvolution(() => Response.json({ ...created, hash: newToken(), qrcode: { count: 0 } }, { status: 201 }));
    const res = await admin("POST", `/admin/tenants/${tenant.instance}/provision`);
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).qrcode).toBeNull();
  });

  it.each([
    ["a network error", () => Promise.reject(new TypeError("fetch failed")), "evolution_unreachable", "unreachable (network error)"],
    ["a timeout", timeoutReply, "evolution_unreachable", "timeout after 30 s"],
    ["401", evolutionError(401, unauthorized), "evolution_rejected", "unauthorized (401): check the API key"],
    ["403 name in use", evolutionError(403, { status: 403, error: "Forbidden", response: { message: ['This name "x" is already in use.'] } }), "evolution_rejected", "name in use (403)"],
    ["404", evolutionError(404, { status: 404, error: "Not Found", response: { message: ["Cannot POST /instance/create"] } }), "evolution_rejected", "not found (404): check the Evolution URL"],
    ["500", evolutionError(500, unhandled), "evolution_rejected", "server error (500)"],
    ["503 from the proxy", () => new Response("<html>Bad Gateway</html>", { status: 503 }), "evolution_unreachable", "proxy error (503): Evolution is not answering"],
    ["a redirect", () => new Response(null, { status: 301, headers: { location: "https://elsewhere.test/" } }), "evolution_rejected", "redirect (301): use the final https URL"],
    ["a 201 without a token", () => Response.json({ instance: {} }, { status: 201 }), "evolution_rejected", "unexpected response (no instance token)"],
  ])("maps %s to a 502 naming the cause, and stores nothing", async (_, reply, error, detail) => {
    const tenant = await newTenant();
    fakeEvolution(reply);
    const res = await admin("POST", `/admin/tenants/${tenant.instance}/provision`);
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error, detail });
    expect(text).not.toContain(GLOBAL_KEY);
    expect(text).not.toContain("already in use");
    const view = (await (await admin("GET", `/admin/tenants/${tenant.instance}`)).json()) as any;
    expect(view.evolution.hasApiKey).toBe(false);
  });

  it("refuses with 409 not_configured, naming the missing setting, before calling Evolution", async () => {
    const tenant = await newTenant();
    const calls = fakeEvolution(createdWith(newToken()));
    const path = `/admin/tenants/${tenant.instance}/provision`;
    const cases: [Record<string, string>, string][] = [
      [{ EVOLUTION_API_KEY: "" }, "EVOLUTION_API_KEY is not set"],
      [{ PUBLIC_URL: "" }, "PUBLIC_URL is not set"],
    ];
    for (const [overrides, detail] of cases) {
      const res = await withConfig(overrides, "POST", path);
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ error: "not_configured", detail });
    }
    const noUrl = await createTenant({ evolution: {} });
    const res = await admin("POST", `/admin/tenants/${noUrl.instance}/provision`);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "not_configured", detail: "no Evolution URL: set the tenant's evolution.url or EVOLUTION_URL" });
    expect(calls).toHaveLength(0);
  });

  it("is described in the admin OpenAPI document, with the QR route", async () => {
    const doc = (await (await admin("GET", "/admin/openapi.json")).json()) as any;
    expect(Object.keys(doc.paths["/admin/tenants/{instance}/provision"].post.responses).sort()).toEqual(["201", "400", "401", "404", "409", "502"]);
    expect(Object.keys(doc.paths["/admin/tenants/{instance}/qr"].get.responses).sort()).toEqual(["200", "400", "401", "404", "409", "502"]);
  });

  it("answers 404 for an unknown tenant and 401 without the admin token", async () => {
    expect((await admin("POST", "/admin/tenants/nobody-here/provision")).status).toBe(404);
    const res = await createApp().request("/admin/tenants/nobody-here/provision", { method: "POST" }, env);
    expect(res.status).toBe(401);
  });
});

describe("GET /admin/tenants/{instance}/qr", () => {
  const qrReply = () => Response.json({ pairingCode: null, ...QR, count: 2 });

  it("asks /instance/connect with the tenant's own token and returns the QR", async () => {
    const token = newToken();
    const tenant = await newTenant({ evolution: { url: EVOLUTION_URL, apiKey: token } });
    const calls = fakeEvolution(qrReply);
    const res = await admin("GET", `/admin/tenants/${tenant.instance}/qr`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(QR);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: `${EVOLUTION_URL}/instance/connect/${tenant.instance}`, method: "GET", headers: { apikey: token } });
  });

  it("falls back to the global key for a tenant without a token", async () => {
    const tenant = await newTenant();
    const calls = fakeEvolution(() => Response.json({ instance: { instanceName: tenant.instance, status: "refused" }, qrcode: QR }));
    const res = await admin("GET", `/admin/tenants/${tenant.instance}/qr`);
    expect(await res.json()).toEqual(QR);
    expect(calls[0]!.headers.apikey).toBe(GLOBAL_KEY);
  });

  it("answers 409 already_connected when Evolution reports the connection open", async () => {
    const tenant = await newTenant();
    fakeEvolution(() => Response.json({ instance: { instanceName: tenant.instance, state: "open" } }));
    const res = await admin("GET", `/admin/tenants/${tenant.instance}/qr`);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "already_connected" });
  });

  it.each([
    ["404", evolutionError(404, instanceNotFound), "evolution_rejected", "instance not found (404)"],
    ["401", evolutionError(401, unauthorized), "evolution_rejected", "unauthorized (401): check the API key"],
    ["a timeout", timeoutReply, "evolution_unreachable", "timeout after 20 s"],
    ["an error caught by Evolution", () => Response.json({ error: true, message: "Connection Closed" }), "evolution_rejected", "Evolution could not start the connection"],
    ["no QR yet", () => Response.json({ pairingCode: null, code: null, base64: null, count: 0 }), "evolution_rejected", "no QR code yet: retry in a few seconds"],
  ])("maps %s to a 502 naming the cause", async (_, reply, error, detail) => {
    const tenant = await newTenant();
    fakeEvolution(reply);
    const res = await admin("GET", `/admin/tenants/${tenant.instance}/qr`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ error, detail });
  });

  it("answers 409 not_configured when there is neither an instance token nor a global key", async () => {
    const tenant = await newTenant();
    const calls = fakeEvolution(qrReply);
    const res = await withConfig({ EVOLUTION_API_KEY: "" }, "GET", `/admin/tenants/${tenant.instance}/qr`);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: "not_configured",
      detail: "the tenant has no instance token and EVOLUTION_API_KEY is not set",
    });
    expect(calls).toHaveLength(0);
  });
});
