import { env, listDurableObjectIds, SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sign } from "hono/jwt";
import created from "../fixtures/evolution/http/instance-create.response-201.json";
import { admin, createTenant, postWebhook } from "../helpers/app";
import { conversation, drain } from "../helpers/conversation";
import { EVOLUTION_URL, installFakeProviders, type FakeProviders } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";
import { ADMIN_ROUTES } from "../helpers/admin-routes";
import { captureLogs } from "../helpers/capture-logs";

/**
 * Tenant isolation and secrecy: no admin route lets tenant A's instance reach tenant B's data, no
 * credential of A passes a webhook as B, and no secret ever appears in a response, a log line, a
 * D1 row, a Durable Object's state or an outbound request body.
 */

const ANA = "5511999990001@s.whatsapp.net"; // a customer of both tenants
const ONLY_B = "5511977770002@s.whatsapp.net"; // a customer of B only
const OWNER = "5511988887777";

const SAMPLE_BODIES: Record<string, unknown> = {
  "PATCH /admin/tenants/{instance}": { name: "Tomada", bot: { systemPrompt: "sequestrado" } },
  "POST /admin/tenants/{instance}/contacts/{contact}/pause": { minutes: 60 },
};

let fake: FakeProviders;
/** Every response body of the current test, with the request that got it. */
let bodies: { request: string; status: number; text: string }[];
/** Every console line of the current test: the Worker, the queue consumer and the objects log here. */
let lines: string[];

beforeEach(() => {
  fake = installFakeProviders();
  bodies = [];
  lines = [];
  captureLogs(lines);
});
afterEach(() => {
  fake.restore();
  vi.restoreAllMocks();
});

/** An admin call whose response body is kept for the secret scan. */
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await admin(method, path, body);
  const text = await res.text();
  bodies.push({ request: `${method} ${path}`, status: res.status, text });
  return { status: res.status, json: text ? JSON.parse(text) : null, text };
}

/** A webhook post whose response body is kept for the secret scan. */
async function hook(body: unknown, headers: Record<string, string> = {}, path = "/webhook") {
  const res = await postWebhook(body, headers, path);
  const text = await res.text();
  bodies.push({ request: `POST ${path}`, status: res.status, text });
  return { status: res.status, json: JSON.parse(text) };
}

async function waitSeen(tenantId: string, contact: string, n: number) {
  await vi.waitFor(async () => expect((await conversation(tenantId, contact).inspect()).seen).toBeGreaterThanOrEqual(n), { timeout: 10_000, interval: 50 });
}

const jwtFor = async (secret: string) => {
  const now = Math.floor(Date.now() / 1000);
  return sign({ iat: now, exp: now + 600, app: "evolution", action: "webhook" }, secret);
};

/** Admin routes as "METHOD template", from the app's OpenAPI document when it has one. */
async function adminRoutes(): Promise<string[]> {
  const res = await call("GET", "/admin/openapi.json");
  if (res.status !== 200 || !res.json?.paths) return [...ADMIN_ROUTES];
  return Object.entries(res.json.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
}

/** Two tenants that share a customer (ANA), B with a customer of its own, both with history. */
async function twoTenants() {
  const a = await createTenant({ apiKey: "TENANT-A-INSTANCE-TOKEN-000000", bot: { handoff: { notifyNumber: OWNER } } });
  const b = await createTenant({ apiKey: "TENANT-B-INSTANCE-TOKEN-000000" });
  const ts = Math.floor(Date.now() / 1000);
  await hook(textUpsert({ instance: a.instance, from: ANA, text: "sou a Ana na loja A", apikey: "TENANT-A-INSTANCE-TOKEN-000000", ts }));
  await hook(textUpsert({ instance: b.instance, from: ANA, text: "sou a Ana na loja B", apikey: "TENANT-B-INSTANCE-TOKEN-000000", ts }));
  await hook(textUpsert({ instance: b.instance, from: ONLY_B, text: "segredo do cliente de B", pushName: "Bia", apikey: "TENANT-B-INSTANCE-TOKEN-000000", ts }));
  await Promise.all([waitSeen(a.id, ANA, 1), waitSeen(b.id, ANA, 1), waitSeen(b.id, ONLY_B, 1)]);
  await drain(a.id, ANA);
  await drain(b.id, ANA);
  await drain(b.id, ONLY_B);
  // B's customer also has a message waiting for its debounce: pending state must survive too.
  await hook(textUpsert({ instance: b.instance, from: ONLY_B, text: "ainda pendente em B", apikey: "TENANT-B-INSTANCE-TOKEN-000000", ts: ts + 1 }));
  await waitSeen(b.id, ONLY_B, 2);
  return { a, b };
}

/** Everything the admin API and the objects show of B, plus B's raw D1 rows. */
async function everythingOf(b: { id: string; instance: string }) {
  const read = async (path: string) => (await admin("GET", path)).json();
  return {
    tenant: await read(`/admin/tenants/${b.instance}`),
    contacts: await read(`/admin/tenants/${b.instance}/contacts`),
    transcripts: await Promise.all([ANA, ONLY_B].map((c) => read(`/admin/tenants/${b.instance}/contacts/${encodeURIComponent(c)}/messages`))),
    usage: await read(`/admin/tenants/${b.instance}/usage`),
    objects: await Promise.all([ANA, ONLY_B].map(async (c) => JSON.stringify(await conversation(b.id, c).inspect()))),
    rows: await env.DB.batch([
      env.DB.prepare("SELECT * FROM tenants WHERE id = ?").bind(b.id),
      env.DB.prepare("SELECT * FROM contacts WHERE tenant_id = ? ORDER BY jid").bind(b.id),
      env.DB.prepare("SELECT * FROM messages WHERE tenant_id = ? ORDER BY wa_id").bind(b.id),
      env.DB.prepare("SELECT * FROM usage WHERE tenant_id = ? ORDER BY day").bind(b.id),
    ]).then((r) => r.map((x) => x.results)),
  };
}

const fill = (template: string, instance: string, contact: string) =>
  template.replace("{instance}", instance).replace("{contact}", contact);

describe("admin routes across tenants", () => {
  it("every route addressed with A's instance and B's identifiers answers 404 and leaves B exactly as it was", async () => {
    const { a, b } = await twoTenants();
    const before = await everythingOf(b);
    const routes = await adminRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(14);
    const sentBefore = fake.sent.length;
    let probes = 0;

    // Ways to name B that are not B's instance name: its id, other spellings, B's contact under A.
    const namesOfB = [b.id, b.instance.toUpperCase(), `${b.instance}.`, `${b.instance}%20`, `%20${b.instance}`, encodeURIComponent(`${b.instance}/`), `${b.instance}%00`, `${a.instance}%2F..%2F${b.instance}`];
    for (const route of routes) {
      const [method, template] = route.split(" ") as [string, string];
      if (!template.includes("{instance}")) continue;
      const body = SAMPLE_BODIES[route];
      const targets = template.includes("{contact}")
        ? [
            // A's instance with B's own customer, in every spelling of the JID.
            ...[ONLY_B, ONLY_B.replace("@s.whatsapp.net", ""), ONLY_B.replace("@s.whatsapp.net", "@lid")].map((c) => fill(template, a.instance, encodeURIComponent(c))),
            ...namesOfB.map((n) => fill(template, n, encodeURIComponent(ONLY_B))),
          ]
        : namesOfB.map((n) => fill(template, n, ""));
      for (const path of targets) {
        probes++;
        const res = await call(method, path, body);
        expect([400, 404], `${method} ${path} → ${res.status} ${res.text}`).toContain(res.status);
        if (res.status === 404) expect(res.json).toEqual({ error: "not_found" });
        else expect(res.json.error).toBe("invalid_request");
        for (const secretOfB of [b.id, "segredo do cliente de B", "Bia", ONLY_B]) {
          if (!path.includes(encodeURIComponent(secretOfB)) && !path.includes(secretOfB)) expect(res.text, `${method} ${path}`).not.toContain(secretOfB);
        }
      }
    }
    expect(probes).toBeGreaterThan(80);
    // Nothing was sent on B's behalf (provision, qr and rotation call Evolution only for a known tenant).
    expect(fake.sent.length).toBe(sentBefore);
    expect(await everythingOf(b)).toEqual(before);
    const objects = (await listDurableObjectIds(env.CONVERSATIONS)).map((id) => id.toString());
    expect(objects).not.toContain(env.CONVERSATIONS.idFromName(`${a.id}:${ONLY_B}`).toString());
  });

  it("A's reads show none of B's data, and A's writes on a customer both share leave B's copy alone", async () => {
    const { a, b } = await twoTenants();
    const before = await everythingOf(b);
    const enc = encodeURIComponent(ANA);

    const contacts = await call("GET", `/admin/tenants/${a.instance}/contacts`);
    expect(contacts.json.items.map((c: { jid: string }) => c.jid)).toEqual([ANA]);
    const transcript = await call("GET", `/admin/tenants/${a.instance}/contacts/${enc}/messages`);
    expect(transcript.text).toContain("loja A");
    expect(transcript.text).not.toContain("loja B");
    const list = await call("GET", "/admin/tenants");
    expect(JSON.stringify(list.json)).not.toContain("webhookSecret");
    for (const read of [contacts, transcript, await call("GET", `/admin/tenants/${a.instance}`), await call("GET", `/admin/tenants/${a.instance}/usage`)]) {
      for (const ofB of [b.id, "loja B", "segredo do cliente de B", ONLY_B]) expect(read.text).not.toContain(ofB);
    }

    expect((await call("POST", `/admin/tenants/${a.instance}/contacts/${enc}/pause`, { minutes: 30 })).status).toBe(200);
    expect((await conversation(b.id, ANA).inspect()).state.pausedUntil).toBeNull();
    expect((await call("POST", `/admin/tenants/${a.instance}/contacts/${enc}/resume`)).status).toBe(200);
    expect((await call("PATCH", `/admin/tenants/${a.instance}`, { name: "Loja A renomeada", bot: { systemPrompt: "só A" } })).status).toBe(200);
    expect((await call("POST", `/admin/tenants/${a.instance}/webhook-secret`)).status).toBe(200);
    expect((await call("DELETE", `/admin/tenants/${a.instance}/contacts/${enc}`)).status).toBe(204);
    expect((await call("GET", `/admin/tenants/${a.instance}/contacts/${enc}/messages`)).status).toBe(404);
    expect(await everythingOf(b)).toEqual(before);

    // Deleting A entirely leaves B whole, and B keeps answering its customers.
    expect((await call("DELETE", `/admin/tenants/${a.instance}`)).status).toBe(204);
    expect(await everythingOf(b)).toEqual(before);
    await drain(b.id, ONLY_B);
    expect(fake.textsTo(ONLY_B)).toHaveLength(2);
  });
});

describe("webhook credentials across tenants", () => {
  it("a webhook signed for A (JWT, x-webhook-token or apikey) is refused as B on /webhook and every byEvents route", async () => {
    const a = await createTenant({ apiKey: "REPLAY-A-INSTANCE-TOKEN-00000000" });
    const b = await createTenant({ apiKey: "REPLAY-B-INSTANCE-TOKEN-00000000" });
    const jwtA = await jwtFor(a.webhookSecret);
    // A token whose payload even names B: the signature is what counts, and it is A's.
    const now = Math.floor(Date.now() / 1000);
    const jwtAnamingB = await sign({ iat: now, exp: now + 600, instance: b.instance, app: "evolution" }, a.webhookSecret);
    const victim = "5511955550009@s.whatsapp.net";
    const stateBefore = (await call("GET", `/admin/tenants/${b.instance}`)).json;
    const credentialsOfA: [string, Record<string, string>, string | null][] = [
      ["jwt", { authorization: `Bearer ${jwtA}` }, null],
      ["jwt naming B", { authorization: `Bearer ${jwtAnamingB}` }, null],
      ["x-webhook-token", { "x-webhook-token": a.webhookSecret }, null],
      ["apikey", {}, "REPLAY-A-INSTANCE-TOKEN-00000000"],
      ["all three", { authorization: `Bearer ${jwtA}`, "x-webhook-token": a.webhookSecret }, "REPLAY-A-INSTANCE-TOKEN-00000000"],
    ];
    const paths = ["/webhook", "/webhook/messages-upsert", "/webhook/connection-update", "/webhook/qrcode-updated", "/webhook/send-message"];
    let attempts = 0;
    for (const [name, headers, apikey] of credentialsOfA) {
      for (const path of paths) {
        // The very body A's Evolution would have signed, replayed with B's instance.
        const asA = textUpsert({ instance: a.instance, from: victim, text: `replay via ${name}`, apikey });
        const asB = { ...asA, instance: b.instance };
        const res = await hook(asB, headers, path);
        expect(res.status, `${name} ${path}`).toBe(401);
        expect(res.json).toEqual({ error: "unauthorized" });
        // A connection change for B, signed by A, changes nothing either.
        const conn = await hook({ event: "connection.update", instance: b.instance, data: { state: "close", statusReason: 401 }, apikey }, headers, path);
        expect(conn.status).toBe(401);
        attempts += 2;
      }
    }
    // And the other way round: B's credentials do not pass as A.
    const jwtB = await jwtFor(b.webhookSecret);
    const credentialsOfB: Record<string, string>[] = [{ authorization: `Bearer ${jwtB}` }, { "x-webhook-token": b.webhookSecret }];
    for (const headers of credentialsOfB) {
      expect((await hook(textUpsert({ instance: a.instance, from: victim, apikey: null }), headers)).status).toBe(401);
      attempts++;
    }
    expect((await hook(textUpsert({ instance: a.instance, from: victim, apikey: "REPLAY-B-INSTANCE-TOKEN-00000000" }))).status).toBe(401);

    expect(attempts).toBe(credentialsOfA.length * paths.length * 2 + 2);
    // Nothing reached B: no conversation object, no state change.
    const objects = (await listDurableObjectIds(env.CONVERSATIONS)).map((id) => id.toString());
    expect(objects).not.toContain(env.CONVERSATIONS.idFromName(`${b.id}:${victim}`).toString());
    expect(objects).not.toContain(env.CONVERSATIONS.idFromName(`${a.id}:${victim}`).toString());
    expect((await call("GET", `/admin/tenants/${b.instance}`)).json).toEqual(stateBefore);

    // The same credentials do pass for A itself, on every route: the refusals above are about B.
    for (const [name, headers, apikey] of credentialsOfA) {
      const res = await hook(textUpsert({ instance: a.instance, from: victim, text: `legítimo via ${name}`, apikey }), headers, "/webhook/messages-upsert");
      expect(res.json, name).toEqual({ status: "queued" });
    }
  });
});

describe("secrets", () => {
  it("no secret appears in any response, log line, D1 row, object state or outbound request body of a whole scenario", async () => {
    // Evolution's admin endpoints for provisioning, on top of the fake Gemini and sendText.
    const spy = vi.mocked(globalThis.fetch);
    const base = spy.getMockImplementation()!;
    const provisionedToken = "C0FFEE00-PROV-ISIO-NED0-TOKEN0000001";
    const adminCalls: { url: string; body: string }[] = [];
    spy.mockImplementation(async (input, init) => {
      const request = new Request(input as RequestInfo, init as RequestInit);
      const url = request.url;
      if (url.startsWith(`${EVOLUTION_URL}/instance/`) || url.startsWith(`${EVOLUTION_URL}/webhook/set/`)) {
        const body = await request.text();
        adminCalls.push({ url, body });
        if (url.includes("/instance/create")) {
          const sent = JSON.parse(body);
          // Evolution echoes the token and the webhook headers (with jwt_key) back.
          return Response.json({ ...created, hash: provisionedToken, webhook: { ...created.webhook, webhookHeaders: sent.webhook?.headers ?? null } }, { status: 201 });
        }
        if (url.includes("/instance/connect/")) return Response.json({ pairingCode: null, code: "2@qr-code-data", base64: "data:image/png;base64,iVBORw0KGgo=", count: 1 });
        return Response.json({ webhook: { enabled: true } }, { status: 201 });
      }
      return base(request);
    });

    const tokenA = "SECRET-A-INSTANCE-TOKEN-1234567890";
    const tokenB = "SECRET-B-INSTANCE-TOKEN-1234567890";
    const a = await createTenant({ apiKey: tokenA, bot: { handoff: { notifyNumber: OWNER } } });
    const b = await createTenant({ apiKey: tokenB });
    const c = await createTenant({ evolution: { url: EVOLUTION_URL } });
    const secrets: Record<string, string> = {
      ADMIN_TOKEN: env.ADMIN_TOKEN,
      SECRETS_KEY: env.SECRETS_KEY,
      GEMINI_API_KEY: env.GEMINI_API_KEY!,
      EVOLUTION_API_KEY: env.EVOLUTION_API_KEY!,
      "A webhook secret": a.webhookSecret,
      "B webhook secret": b.webhookSecret,
      "C webhook secret": c.webhookSecret,
      "A instance token": tokenA,
      "B instance token": tokenB,
      "C instance token (from provisioning)": provisionedToken,
    };
    /** Responses allowed to carry one secret: the one that creates or rotates it. */
    const allowed = new Map<string, string>();

    // Webhooks with each authentication method, and refused ones.
    const enc = encodeURIComponent(ANA);
    const ts = Math.floor(Date.now() / 1000);
    expect((await hook(textUpsert({ instance: a.instance, from: ANA, text: "via jwt", apikey: null, ts }), { authorization: `Bearer ${await jwtFor(a.webhookSecret)}` })).json).toEqual({ status: "queued" });
    expect((await hook(textUpsert({ instance: a.instance, from: ANA, text: "via token", apikey: null, ts: ts + 1 }), { "x-webhook-token": a.webhookSecret }, "/webhook/messages-upsert")).json).toEqual({ status: "queued" });
    expect((await hook(textUpsert({ instance: a.instance, from: ANA, text: "via apikey", apikey: tokenA, ts: ts + 2 }))).json).toEqual({ status: "queued" });
    expect((await hook(textUpsert({ instance: a.instance, from: ANA, apikey: tokenB }))).status).toBe(401);
    expect((await hook(textUpsert({ instance: a.instance, from: ANA, apikey: null }), { "x-webhook-token": b.webhookSecret })).status).toBe(401);
    expect((await hook("{not json", { "x-webhook-token": a.webhookSecret })).status).toBe(400);
    await waitSeen(a.id, ANA, 3);
    await drain(a.id, ANA);
    expect(fake.textsTo(ANA)).toHaveLength(1);

    // A handoff with a notification to the owner, then the operator typing on the phone.
    await hook(textUpsert({ instance: a.instance, from: ANA, text: "quero falar com um atendente", apikey: tokenA }));
    await waitSeen(a.id, ANA, 4);
    await drain(a.id, ANA);
    expect(fake.textsTo(`${OWNER}@s.whatsapp.net`)).toHaveLength(1);
    await hook(textUpsert({ instance: a.instance, from: ANA, fromMe: true, text: "Oi Ana, aqui é a Júlia", apikey: tokenA }));
    await waitSeen(a.id, ANA, 5);
    await hook(textUpsert({ instance: b.instance, from: ANA, text: "oi loja B", apikey: tokenB }));
    await waitSeen(b.id, ANA, 1);
    await drain(b.id, ANA);

    // Admin reads and writes.
    for (const path of ["/admin/tenants", `/admin/tenants/${a.instance}`, `/admin/tenants/${b.instance}`, `/admin/tenants/${a.instance}/contacts`, `/admin/tenants/${a.instance}/contacts/${enc}/messages`, `/admin/tenants/${a.instance}/usage`, "/admin/openapi.json"]) {
      expect((await call("GET", path)).status, path).toBe(200);
    }
    expect((await call("POST", `/admin/tenants/${a.instance}/contacts/${enc}/pause`, { minutes: 10 })).status).toBe(200);
    expect((await call("POST", `/admin/tenants/${a.instance}/contacts/${enc}/resume`)).status).toBe(200);
    expect((await call("PATCH", `/admin/tenants/${b.instance}`, { evolution: { apiKey: tokenB } })).status).toBe(200);
    expect((await call("PATCH", `/admin/tenants/${b.instance}`, { bot: { debounceMs: "x" } })).status).toBe(400);
    expect((await call("POST", "/admin/tenants", { instance: a.instance, name: "dup", webhookSecret: a.webhookSecret })).status).toBe(409);
    const rotated = await call("POST", `/admin/tenants/${a.instance}/webhook-secret`);
    expect(rotated.status).toBe(200);
    secrets["A rotated webhook secret"] = rotated.json.webhookSecret;
    allowed.set(bodies.length - 1 + ":" + rotated.json.webhookSecret, "rotation");
    expect((await hook(textUpsert({ instance: a.instance, from: ANA, apikey: null }), { authorization: `Bearer ${await jwtFor(rotated.json.webhookSecret)}` })).status).toBe(200);
    const provisioned = await call("POST", `/admin/tenants/${c.instance}/provision`);
    expect(provisioned.status).toBe(201);
    expect((await call("GET", `/admin/tenants/${c.instance}/qr`)).status).toBe(200);
    const rotatedC = await call("POST", `/admin/tenants/${c.instance}/webhook-secret`);
    expect(rotatedC.json.evolutionWebhook).toBe("updated");
    secrets["C rotated webhook secret"] = rotatedC.json.webhookSecret;
    allowed.set(bodies.length - 1 + ":" + rotatedC.json.webhookSecret, "rotation");
    expect((await SELF.fetch("http://atenbot.test/admin/tenants", { headers: { authorization: "Bearer wrong-token-000000000000" } })).status).toBe(401);

    // The scan. Responses: none, except each secret in the one response that created or rotated it
    // (tenant creation happened in createTenant, outside `bodies`).
    for (const [i, r] of bodies.entries()) {
      for (const [name, value] of Object.entries(secrets)) {
        if (allowed.has(`${i}:${value}`)) continue;
        expect(r.text, `${name} in the response to ${r.request} (${r.status})`).not.toContain(value);
      }
    }
    expect(bodies.length).toBeGreaterThan(25);
    // Logs: none at all.
    const log = lines.join("\n");
    // Every part of the pipeline wrote some (acknowledged webhooks write none of their own).
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.some((l) => l.includes('"component":"conversation"'))).toBe(true);
    expect(lines.some((l) => l.includes('"msg":"request"'))).toBe(true);
    for (const [name, value] of Object.entries(secrets)) expect(log, `${name} in a log line`).not.toContain(value);
    // At rest: D1 holds ciphertexts and hashes only; the objects hold no credential.
    const tables = ["tenants", "contacts", "messages", "usage"];
    const dump = JSON.stringify(await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM ${t}`))));
    for (const [name, value] of Object.entries(secrets)) expect(dump, `${name} in D1`).not.toContain(value);
    for (const [tenant, contact] of [[a.id, ANA], [b.id, ANA]] as const) {
      const state = JSON.stringify(await conversation(tenant, contact).inspect());
      for (const [name, value] of Object.entries(secrets)) expect(state, `${name} in an object's state`).not.toContain(value);
    }
    // Outbound: Gemini sees no credential in its prompt; Evolution gets only its own token, in the header.
    for (const g of fake.gemini) {
      const body = JSON.stringify(g.body);
      for (const [name, value] of Object.entries(secrets)) expect(body, `${name} sent to Gemini`).not.toContain(value);
    }
    for (const s of fake.sent) {
      const body = JSON.stringify(s.body);
      for (const [name, value] of Object.entries(secrets)) expect(body, `${name} in a sendText body`).not.toContain(value);
      expect([tokenA, tokenB]).toContain(s.headers.apikey);
    }
    expect(adminCalls.length).toBeGreaterThanOrEqual(3);
  });
});
