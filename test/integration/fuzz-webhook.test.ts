import { createExecutionContext, env, listDurableObjectIds, SELF } from "cloudflare:test";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { conversationName, type InboundEvent } from "../../src/domain/inbound-event";
import worker from "../../src/index";
import { evolutionEnvelopeSchema } from "../../src/services/evolution/webhook-schema";
import { normalizeEventName, normalizeWebhook } from "../../src/services/evolution/normalize";
import { sign } from "hono/jwt";
import { createTenant } from "../helpers/app";
import { conversation } from "../helpers/conversation";
import { textUpsert } from "../helpers/payloads";
import { setPath } from "../helpers/mutate";
import { nestsDeeperThan } from "../../src/platform/json-depth";

/**
 * Property-based fuzzing of `POST /webhook` and `POST /webhook/{event}`: whatever arrives, the
 * answer is one of the documented statuses, rejected requests leave no trace (D1 rows, the tenant
 * row, Durable Objects), accepted messages all reach their Conversation, and the isolate keeps
 * serving afterwards.
 *
 * Requests go through the Worker's real default export (`worker.fetch(request, env, ctx)`: the
 * Hono app with the real D1, Queue and Durable Object bindings). SELF is used only for the
 * "still works" checks: under vitest-pool-workers every SELF.fetch gets slower as the isolate's
 * request count grows (cloudflare/workers-sdk#15446), which thousands of inputs would hit.
 */

/** Generated inputs per property (fast-check `numRuns`); the README table quotes these. */
export const WEBHOOK_FUZZ_RUNS = {
  truncatedFixtures: 400,
  wrongTypes: 300,
  hugeStrings: 24,
  /** Plus the 30 fixed (where, depth, shape) cases, each posted once first. */
  deepNesting: 16,
  unknownEvents: 250,
  mutatedEnvelopes: 1000,
  validMessages: 300,
  randomBytes: 300,
} as const;
export const WEBHOOK_FUZZ_TOTAL = Object.values(WEBHOOK_FUZZ_RUNS).reduce((a, b) => a + b, 0);

const RAW_FIXTURES = import.meta.glob<string>("../fixtures/evolution/webhook/*.json", { eager: true, query: "?raw", import: "default" });
const FIXTURES = Object.entries(RAW_FIXTURES)
  .map(([path, text]) => ({ name: path.split("/").pop()!.replace(/\.json$/, ""), text }))
  .sort((a, b) => a.name.localeCompare(b.name));

const ROUTES = ["/webhook", "/webhook/messages-upsert"] as const;

/**
 * Product bugs this file found, now fixed; the tests at the end guard them, and the generators
 * below still keep the random properties away from these two exact shapes so that each failure
 * would point at one test.
 * 1. An event whose normalized name is an Object.prototype member ("constructor", "__proto__") is
 *    answered `{"status":"ignored"}` without a reason, or with `"reason":{}`.
 * 2. An `instance` (or a `qrcode.updated` code) longer than D1's 2,000,000-byte limit for a bound
 *    string makes the D1 query throw: 500 `{"error":"internal"}`, which Evolution retries.
 */
const PROTOTYPE_EVENT_NAMES = new Set(["constructor", "__proto__"]);
const hitsPrototypeBug = (event: unknown) => typeof event === "string" && PROTOTYPE_EVENT_NAMES.has(normalizeEventName(event));
/** Largest string (UTF-8 bytes) the generators put where D1 binds it (see bug 2). */
const D1_SAFE_BYTES = 1_900_000;
/** What a webhook that has not proven its tenant may send, and how deep it may nest. */
const UNPROVEN_MAX_BYTES = 1024 * 1024;
const PROVEN_MAX_BYTES = 32 * 1024 * 1024;
const MAX_DEPTH = 64;
const SANITY_CONTACT = "5511999990999@s.whatsapp.net";
const MAX_ERROR_BODY = 8 * 1024;

interface FuzzTenant {
  key: "T" | "T2" | "TD";
  id: string;
  instance: string;
  token: string;
  secret: string;
  enabled: boolean;
  ignoreGroups: boolean;
  jwt: { good: string; expired: string; none: string; hs512: string; noExp: string; future: string; longLived: string };
}
const tenants = {} as Record<FuzzTenant["key"], FuzzTenant>;
const byInstance = new Map<string, FuzzTenant>();

let tried = 0;
/** Answers seen, by status (and reason for 200s): printed at the end to show what the runs covered. */
const outcomes: Record<string, number> = {};
/**
 * Every message id accepted (200 queued), per tenant: the conversations it was addressed to.
 * The tenant's message ledger lets exactly one of them own it (a copy naming another chat is
 * dropped), and which one depends on queue order when ids collide, so the check accepts any one.
 */
const accepted = new Map<string, Map<string, Set<string>>>();
let idCounter = 0;

async function makeTenant(key: FuzzTenant["key"], enabled: boolean, ignoreGroups: boolean): Promise<FuzzTenant> {
  const token = `FUZZ-${key}-TOKEN-${crypto.randomUUID()}`;
  const t = await createTenant({ apiKey: token, enabled, bot: { ignoreGroups, debounceMs: 60_000, maxWaitMs: 120_000 } });
  const now = Math.floor(Date.now() / 1000);
  const b64 = (v: unknown) => btoa(JSON.stringify(v)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  const good = await sign({ iat: now, exp: now + 600, app: "evolution", action: "webhook" }, t.webhookSecret);
  const [, payload, signature] = good.split(".");
  return {
    key,
    id: t.id,
    instance: t.instance,
    token,
    secret: t.webhookSecret,
    enabled,
    ignoreGroups,
    jwt: {
      good,
      expired: await sign({ iat: now - 7200, exp: now - 3600 }, t.webhookSecret),
      // alg "none" with the good token's payload and no signature: must never pass.
      none: `${b64({ alg: "none", typ: "JWT" })}.${payload}.`,
      // Header says HS512, signature is a valid HS256 one: algorithm confusion.
      hs512: `${b64({ alg: "HS512", typ: "JWT" })}.${payload}.${signature}`,
      noExp: await sign({ iat: now }, t.webhookSecret),
      future: await sign({ iat: now, exp: now + 600, nbf: now + 3600 }, t.webhookSecret),
      // Signed correctly, valid now, but for a thousand years: replayable forever.
      longLived: await sign({ iat: now, exp: Date.UTC(3000, 0, 1) / 1000 }, t.webhookSecret),
    },
  };
}

/** Every tenant this file created: a ledger may exist for these only. */
const allTenantIds = new Set<string>();

/**
 * Fresh tenants for each property: its own message ledgers and conversations, so a message id
 * claimed in one property cannot route a copy in the next one to an object already erased.
 */
async function makeTenants() {
  tenants.T = await makeTenant("T", true, true);
  tenants.T2 = await makeTenant("T2", true, false);
  tenants.TD = await makeTenant("TD", false, true);
  byInstance.clear();
  for (const t of Object.values(tenants)) {
    byInstance.set(t.instance, t);
    allTenantIds.add(t.id);
  }
}

beforeAll(makeTenants);

afterAll(() => {
  console.info(JSON.stringify({ fuzz: "webhook", planned: WEBHOOK_FUZZ_TOTAL, tried, runs: WEBHOOK_FUZZ_RUNS, outcomes }));
});

// ---------------------------------------------------------------------------------------------
// Sending and checking

async function send(path: string, body: BodyInit, headers: Record<string, string>): Promise<{ status: number; json: any; text: string }> {
  tried++;
  const request = new Request(`http://atenbot.test${path}`, { method: "POST", headers, body });
  const res = await worker.fetch(request, env, createExecutionContext());
  const text = await res.text();
  const outcome = res.status === 200 ? `200 ${text.includes("queued") ? "queued" : (/"reason":"([a-z_]+)"/.exec(text)?.[1] ?? "?")}` : String(res.status);
  outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  expect(res.status, `5xx for ${path}: ${text.slice(0, 300)}`).toBeLessThan(500);
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${res.status} answered with a non-JSON body: ${text.slice(0, 200)}`);
  }
  switch (res.status) {
    case 200:
      if (json.status === "queued") expect(json).toEqual({ status: "queued" });
      else {
        expect(json.status).toBe("ignored");
        expect(Object.keys(json).sort()).toEqual(["reason", "status"]);
        expect(json.reason).toMatch(/^[a-z_]+$/);
      }
      break;
    case 400:
      expect(json.error).toBe("invalid_payload");
      expect(Array.isArray(json.details)).toBe(true);
      expect(json.details.length).toBeGreaterThan(0);
      for (const d of json.details) expect(typeof d).toBe("string");
      // Nothing of the input is reflected back at length.
      expect(text.length).toBeLessThan(MAX_ERROR_BODY);
      break;
    case 401:
      expect(json).toEqual({ error: "unauthorized" });
      break;
    case 413:
      expect(json).toEqual({ error: "payload_too_large" });
      break;
    default:
      throw new Error(`undocumented status ${res.status}: ${text.slice(0, 200)}`);
  }
  return { status: res.status, json, text };
}

/** Every row count, the usage counters and every tenant row: what a rejected request must not change. */
async function snapshot(): Promise<string> {
  const [counts, rows] = await env.DB.batch([
    env.DB.prepare(
      `SELECT (SELECT count(*) FROM tenants) AS tenants, (SELECT count(*) FROM messages) AS messages,
              (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM usage) AS usage,
              (SELECT coalesce(sum(messages_in + replies_sent + ai_calls + failures + handoffs), 0) FROM usage) AS counters`,
    ),
    env.DB.prepare("SELECT * FROM tenants ORDER BY id"),
  ]);
  return JSON.stringify([counts!.results, rows!.results]);
}

async function objectIds(): Promise<Set<string>> {
  return new Set((await listDurableObjectIds(env.CONVERSATIONS)).map((id) => id.toString()));
}
const objectIdOf = (name: string) => env.CONVERSATIONS.idFromName(name).toString();

interface Credentials {
  authorization?: string;
  token?: string;
}

type Expected =
  | { status: 413 }
  | { status: 400; details?: string[] }
  | { status: 401 }
  | { status: 200; body: { status: "queued" } | { status: "ignored"; reason: string }; event?: InboundEvent; changesTenant?: boolean };

/**
 * What the contract says this request must get, derived from the envelope schema, the tenants
 * this file created and their credentials, and the pure normalizer. Its job here is not to test
 * normalization but to make every fuzzed answer checkable exactly.
 */
function expected(bodyText: string, bodyBytes: number, creds: Credentials, path: string): Expected {
  const bearer = creds.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  // `/webhook/instance/{instance}` with that tenant's header credentials proves it before the
  // body is read; every other request is unproven until the body is parsed.
  const urlTenant = byInstance.get(/^\/webhook\/instance\/([^/]+)/.exec(path)?.[1] ?? "");
  const proven = urlTenant && (bearer === urlTenant.jwt.good || creds.token === urlTenant.secret) ? urlTenant : null;
  if (bodyBytes > (proven ? PROVEN_MAX_BYTES : UNPROVEN_MAX_BYTES)) return { status: 413 };
  if (nestsDeeperThan(bodyText, MAX_DEPTH)) return { status: 400, details: [`body nests deeper than ${MAX_DEPTH} levels`] };
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return { status: 400, details: ["body is not valid JSON"] };
  }
  const parsed = evolutionEnvelopeSchema.safeParse(json);
  if (!parsed.success) return { status: 400 };
  const tenant = proven ?? byInstance.get(parsed.data.instance);
  if (!tenant || tenant.instance !== parsed.data.instance) return { status: 401 };
  const authentic = bearer === tenant.jwt.good || creds.token === tenant.secret || parsed.data.apikey === tenant.token;
  if (!authentic) return { status: 401 };
  if (!tenant.enabled) return { status: 200, body: { status: "ignored", reason: "tenant_disabled" } };
  const n = normalizeWebhook(parsed.data, { tenantId: tenant.id, instance: tenant.instance, ignoreGroups: tenant.ignoreGroups, receivedAt: Date.now() });
  switch (n.type) {
    case "message":
      return { status: 200, body: { status: "queued" }, event: n.event };
    case "connection":
      return { status: 200, body: { status: "ignored", reason: "connection_recorded" }, changesTenant: true };
    case "qrcode":
      return { status: 200, body: { status: "ignored", reason: "qrcode_recorded" }, changesTenant: true };
    case "ignored":
      return { status: 200, body: { status: "ignored", reason: n.reason } };
    case "invalid":
      return { status: 400 };
  }
}

let lastSnapshot = "";

/** Posts one input, checks the answer against the contract and that nothing it should not touch changed. */
async function check(path: string, body: string | Uint8Array, creds: Credentials = {}, contentType: string | null = "application/json") {
  const headers: Record<string, string> = {};
  if (contentType) headers["content-type"] = contentType;
  if (creds.authorization !== undefined) headers.authorization = creds.authorization;
  if (creds.token !== undefined) headers["x-webhook-token"] = creds.token;
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  const want = expected(text, typeof body === "string" ? new TextEncoder().encode(body).length : body.length, creds, path);
  const got = await send(path, body as unknown as BodyInit, headers);
  expect(got.status, `expected ${want.status}, got ${got.status} ${got.text.slice(0, 300)}`).toBe(want.status);
  if (want.status === 200) expect(got.json).toEqual(want.body);
  if (want.status === 400 && want.details) expect(got.json.details).toEqual(want.details);

  const after = await snapshot();
  if (want.status === 200 && want.changesTenant) lastSnapshot = after;
  else expect(after, "a request that stores nothing changed D1").toBe(lastSnapshot);

  if (want.status === 200 && want.event) {
    const ids = accepted.get(want.event.tenantId) ?? new Map<string, Set<string>>();
    accepted.set(want.event.tenantId, ids);
    const owners = ids.get(want.event.messageId) ?? new Set<string>();
    ids.set(want.event.messageId, owners.add(conversationName(want.event)));
  }
  return got;
}

/**
 * Waits until every accepted message sits in exactly one of the Conversations it named, and checks
 * that those objects hold nothing else and that no other object exists: nothing accepted was
 * lost or doubled, nothing rejected was let in. Then erases those objects so their debounce
 * alarms cannot fire later in this file.
 */
async function settle(objectsBefore: Set<string>) {
  const names = new Set<string>();
  for (const ids of accepted.values()) for (const owners of ids.values()) for (const name of owners) names.add(name);
  const allowed = new Set([...objectsBefore, ...[...names].map(objectIdOf)]);
  const created = [...(await objectIds())].filter((id) => !allowed.has(id));
  expect(created, "a Durable Object was created for a conversation no accepted webhook named").toEqual([]);
  const ledgers = (await listDurableObjectIds(env.LEDGER)).map((id) => id.toString());
  const tenantLedgers = [...allTenantIds].map((id) => env.LEDGER.idFromName(id).toString());
  expect(ledgers.filter((id) => !tenantLedgers.includes(id)), "a ledger exists for a tenant nobody authenticated as").toEqual([]);

  await vi.waitFor(
    async () => {
      const held = new Map<string, string[]>();
      for (const name of names) {
        const [tenantId, ...rest] = name.split(":");
        const snap = await conversation(tenantId!, rest.join(":")).inspect();
        expect(snap.seen, name).toBe(snap.pending.length);
        for (const e of snap.pending) {
          const owners = accepted.get(e.tenantId)?.get(e.messageId);
          expect(owners?.has(name), `${name} holds ${e.messageId}, which no accepted webhook addressed to it`).toBe(true);
          held.set(`${e.tenantId} ${e.messageId}`, [...(held.get(`${e.tenantId} ${e.messageId}`) ?? []), name]);
          expect(e.text === null || e.text.length <= 4096).toBe(true);
          expect(JSON.stringify(e).length).toBeLessThan(128 * 1024);
        }
      }
      for (const [tenantId, ids] of accepted) {
        for (const id of ids.keys()) expect(held.get(`${tenantId} ${id}`)?.length ?? 0, `message ${id} of ${tenantId}`).toBe(1);
      }
    },
    { timeout: 20_000, interval: 100 },
  );
  expect([...(await objectIds())].filter((id) => !allowed.has(id))).toEqual([]);
  for (const name of names) await env.CONVERSATIONS.getByName(name).erase();
  accepted.clear();
}

/** After a property: a normal webhook still goes through the real HTTP binding and the queue. */
async function stillWorks() {
  const t = tenants.T;
  const c = conversation(t.id, SANITY_CONTACT);
  const before = (await c.inspect()).seen;
  const res = await SELF.fetch("http://atenbot.test/webhook", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(textUpsert({ instance: t.instance, from: SANITY_CONTACT, text: "ainda funciona?", apikey: t.token })),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: "queued" });
  await vi.waitFor(async () => expect((await c.inspect()).seen).toBe(before + 1), { timeout: 10_000, interval: 50 });
  await c.stub.erase();
}

/** Runs one property with the before/after bookkeeping shared by all of them. */
async function runProperty<T>(arb: fc.Arbitrary<T>, numRuns: number, body: (input: T) => Promise<void>, prelude?: () => Promise<void>) {
  await makeTenants();
  lastSnapshot = await snapshot();
  const objectsBefore = await objectIds();
  objectsBefore.add(objectIdOf(conversationName({ tenantId: tenants.T.id, contact: SANITY_CONTACT })));
  await prelude?.();
  await fc.assert(fc.asyncProperty(arb, body), { numRuns });
  await settle(objectsBefore);
  await stillWorks();
}

// ---------------------------------------------------------------------------------------------
// Generators

const jidLike = fc.constantFrom(
  "5511999990001@s.whatsapp.net",
  "5511999990001:12@s.whatsapp.net",
  "987654321098765@lid",
  "120363025246125486@g.us",
  "status@broadcast",
  "120363000000000000@newsletter",
  "5511999990001@c.us",
  "a@b",
  "@",
  "x@",
  "@s.whatsapp.net",
  " 5511999990001@s.whatsapp.net",
  "5511999990001@s.whatsapp.net\n",
  "",
);
const longLike = fc.constantFrom<unknown>(
  0,
  -1,
  1,
  1765358142,
  1765358142000,
  2 ** 53,
  1.5,
  "1765358142",
  "99999999999999999999",
  "-5",
  { low: 1765358142, high: 0, unsigned: false },
  { low: -1, high: -1 },
  { low: 1, high: 2 ** 31 },
  { low: "a", high: 0 },
);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: jidLike },
  { weight: 2, arbitrary: longLike },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, "", " ", "\u0000", "__proto__", JSON.parse('{"__proto__":{"conversation":"x"},"constructor":{"prototype":{"polluted":1}}}')) },
);

/** Paths inside `data` that the normalizer reads, or that sit next to what it reads. */
const DATA_PATHS = [
  "key",
  "key.id",
  "key.remoteJid",
  "key.remoteJidAlt",
  "key.fromMe",
  "key.participant",
  "key.participantAlt",
  "key.senderPn",
  "key.addressingMode",
  "pushName",
  "message",
  "message.conversation",
  "message.extendedTextMessage",
  "message.extendedTextMessage.text",
  "message.extendedTextMessage.contextInfo",
  "message.imageMessage",
  "message.imageMessage.caption",
  "message.imageMessage.fileLength",
  "message.audioMessage",
  "message.audioMessage.mediaKey",
  "message.videoMessage",
  "message.documentMessage",
  "message.locationMessage",
  "message.contactMessage",
  "message.reactionMessage",
  "message.protocolMessage",
  "message.editedMessage",
  "message.ephemeralMessage",
  "message.viewOnceMessageV2",
  "message.messageContextInfo",
  "message.base64",
  "messageType",
  "messageTimestamp",
  "messageStubType",
  "contextInfo",
  "status",
  "source",
  "state",
  "statusReason",
  "qrcode",
  "qrcode.code",
  "qrcode.base64",
] as const;


const EVENT_SPELLINGS = [
  "messages.upsert",
  "MESSAGES_UPSERT",
  "messages-upsert",
  " Messages.Upsert ",
  "connection.update",
  "CONNECTION_UPDATE",
  "qrcode.updated",
  "send.message",
  "messages.update",
  "messages.delete",
  "messages.edited",
  "messages.set",
  "chats.upsert",
  "call",
  "presence.update",
];

type AuthMode = "none" | "apikey" | "apikey-wrong" | "token" | "token-wrong" | "jwt" | "jwt-lowercase" | "jwt-expired" | "jwt-none" | "jwt-hs512" | "jwt-no-exp" | "jwt-nbf" | "jwt-long-lived" | "jwt-garbage" | "basic";
const AUTH_MODES: AuthMode[] = ["none", "apikey", "apikey-wrong", "token", "token-wrong", "jwt", "jwt-lowercase", "jwt-expired", "jwt-none", "jwt-hs512", "jwt-no-exp", "jwt-nbf", "jwt-long-lived", "jwt-garbage", "basic"];
const printable = fc.string({ unit: fc.constantFrom(..."abcXYZ019-_.~+/= !\"#$%&'()*,:;<>?@[]^`{|}".split("")), maxLength: 60 });

/** Applies an authentication mode with `owner`'s credentials: the body's apikey and the headers. */
function authFor(mode: AuthMode, owner: FuzzTenant, garbage: string, body: Record<string, any>): Credentials {
  body.apikey = mode === "apikey" ? owner.token : mode === "apikey-wrong" ? `${owner.token}${garbage}x` : null;
  switch (mode) {
    case "token":
      return { token: owner.secret };
    case "token-wrong":
      // Header values are trimmed on the way in; the oracle must see what the server sees.
      return { token: `${garbage}${owner.secret.slice(1)}`.trim() };
    case "jwt":
      return { authorization: `Bearer ${owner.jwt.good}` };
    case "jwt-lowercase":
      return { authorization: `bearer ${owner.jwt.good}` };
    case "jwt-expired":
      return { authorization: `Bearer ${owner.jwt.expired}` };
    case "jwt-none":
      return { authorization: `Bearer ${owner.jwt.none}` };
    case "jwt-hs512":
      return { authorization: `Bearer ${owner.jwt.hs512}` };
    case "jwt-no-exp":
      return { authorization: `Bearer ${owner.jwt.noExp}` };
    case "jwt-nbf":
      return { authorization: `Bearer ${owner.jwt.future}` };
    case "jwt-long-lived":
      return { authorization: `Bearer ${owner.jwt.longLived}` };
    case "jwt-garbage":
      return { authorization: `Bearer ${garbage.replace(/\s/g, "") || "x"}.${owner.jwt.good.split(".")[1]}.${garbage.replace(/\s/g, "")}` };
    case "basic":
      return { authorization: `Basic ${btoa(`${owner.instance}:${owner.secret}`)}` };
    default:
      return {};
  }
}

const BASES = [...FIXTURES.map((f) => f.name), "text"];
function baseBody(name: string, instance: string): Record<string, any> {
  const body: Record<string, any> =
    name === "text" ? textUpsert({ instance, text: "Oi, tudo bem?" }) : JSON.parse(FIXTURES.find((f) => f.name === name)!.text);
  body.instance = instance;
  // A fresh id per input, so a mutated copy is never a duplicate of an earlier one by accident.
  if (body.data && typeof body.data === "object" && body.data.key && typeof body.data.key === "object") body.data.key.id = `FUZZ${String(++idCounter).padStart(10, "0")}`;
  return body;
}

const tenantKey = fc.constantFrom<FuzzTenant["key"]>("T", "T", "T", "T2", "TD");

// ---------------------------------------------------------------------------------------------
// Properties

describe("POST /webhook under fuzzed input", () => {
  it("truncated fixture bodies (cut at any character or byte) are 400, or processed when the cut left the whole document", async () => {
    const arb = fc.record({
      fixture: fc.constantFrom(...FIXTURES.map((f) => f.name)),
      authenticated: fc.boolean(),
      cut: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      bytes: fc.boolean(),
      route: fc.constantFrom(...ROUTES),
    });
    await runProperty(arb, WEBHOOK_FUZZ_RUNS.truncatedFixtures, async ({ fixture, authenticated, cut, bytes, route }) => {
      const raw = FIXTURES.find((f) => f.name === fixture)!.text;
      // Either the file as recorded (its instance is nobody here) or the same body for a real tenant.
      const body = baseBody(fixture, tenants.T.instance);
      body.apikey = tenants.T.token;
      const text = authenticated ? JSON.stringify(body, null, 2) : raw;
      if (bytes) {
        const all = new TextEncoder().encode(text);
        await check(route, all.slice(0, Math.floor(cut * all.length)));
      } else {
        await check(route, text.slice(0, Math.floor(cut * text.length)));
      }
    });
  }, 60_000);

  it("wrong types anywhere in the envelope are 400 or 401, never more", async () => {
    const envelope = fc.record(
      {
        event: fc.oneof(anyValue, fc.constantFrom(...EVENT_SPELLINGS)),
        instance: fc.oneof(anyValue, tenantKey.map((k) => tenants[k].instance)),
        data: anyValue,
        apikey: fc.oneof(anyValue, tenantKey.map((k) => tenants[k].token)),
        destination: anyValue,
        date_time: anyValue,
        sender: anyValue,
        server_url: anyValue,
      },
      { requiredKeys: [] },
    );
    const arb = fc.record({
      body: fc.oneof({ weight: 1, arbitrary: anyValue }, { weight: 4, arbitrary: envelope.filter((b) => !hitsPrototypeBug(b.event)) }),
      route: fc.constantFrom(...ROUTES),
    });
    await runProperty(arb, WEBHOOK_FUZZ_RUNS.wrongTypes, async ({ body, route }) => {
      await check(route, JSON.stringify(body) ?? "undefined");
    });
  }, 60_000);

  it("huge strings in any field are answered without a 5xx, and what is queued stays small", async () => {
    const arb = fc.record({
      path: fc.constantFrom("event", "instance", "apikey", "extra", "data.key.id", "data.key.remoteJid", "data.pushName", "data.message.conversation", "data.message.base64", "data.message.imageMessage.caption", "data.messageType", "data.unknownField", "data.qrcode.code", "data.qrcode.base64"),
      size: fc.integer({ min: 10_000, max: 3_000_000 }),
      char: fc.constantFrom("a", "é", "😀", '"', "\\", "\u0000", " "),
      route: fc.constantFrom(...ROUTES),
    });
    await runProperty(arb, WEBHOOK_FUZZ_RUNS.hugeStrings, async ({ path, size, char, route }) => {
      const qr = path.startsWith("data.qrcode");
      const body = qr ? JSON.parse(FIXTURES.find((f) => f.name.startsWith("20-"))!.text) : baseBody("text", tenants.T.instance);
      body.instance = tenants.T.instance;
      body.apikey = tenants.T.token;
      let count = Math.ceil(size / char.length);
      // Where D1 binds the string, stay under its limit (bug 2 above has its own test).
      if (path === "instance" || path === "data.qrcode.code") count = Math.min(count, Math.floor(D1_SAFE_BYTES / new TextEncoder().encode(char).length));
      setPath(body, path, char.repeat(count), false);
      await check(route, JSON.stringify(body));
    });
    // Just past the documented limit, on both routes, for an authenticated tenant: 413.
    const big = baseBody("text", tenants.T.instance);
    big.apikey = tenants.T.token;
    big.data.message.conversation = "x".repeat(32 * 1024 * 1024);
    for (const route of ROUTES) {
      const got = await send(route, JSON.stringify(big), { "content-type": "application/json" });
      expect(got.status).toBe(413);
    }
    expect(await snapshot()).toBe(lastSnapshot);
  }, 60_000);

  it("deep nesting (5,000 to 1,000,000 levels) anywhere is never a 5xx", async () => {
    const nest = (depth: number, kind: "array" | "object", leaf = "1") =>
      kind === "array" ? `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}${leaf}${"}".repeat(depth)}`;
    const cases: { where: string; depth: number; kind: "array" | "object" }[] = [];
    for (const depth of [5_000, 100_000]) {
      for (const kind of ["array", "object"] as const) {
        for (const where of ["body", "data", "message-extra", "key-extra", "event", "contextInfo", "conversation"]) cases.push({ where, depth, kind });
      }
    }
    cases.push({ where: "body", depth: 1_000_000, kind: "array" }, { where: "message-extra", depth: 1_000_000, kind: "object" });
    const arb = fc.record({ n: fc.nat({ max: cases.length - 1 }), route: fc.constantFrom(...ROUTES) });
    const run = async ({ where, depth, kind }: (typeof cases)[number], route: string) => {
      const deep = nest(depth, kind);
      const body = baseBody("text", tenants.T.instance);
      body.apikey = tenants.T.token;
      const marker = '"__DEEP__"';
      switch (where) {
        case "body":
          return check(route, deep);
        case "data":
          body.data = "__DEEP__";
          break;
        case "message-extra":
          body.data.message.extra = "__DEEP__";
          break;
        case "key-extra":
          body.data.key.extra = "__DEEP__";
          break;
        case "event":
          body.event = "__DEEP__";
          break;
        case "contextInfo":
          body.data.contextInfo = "__DEEP__";
          break;
        case "conversation":
          body.data.message.conversation = "__DEEP__";
          break;
      }
      return check(route, JSON.stringify(body).replace(marker, deep));
    };
    // Every case once, then fast-check picks more (case, route) pairs up to the planned runs.
    await runProperty(
      arb,
      WEBHOOK_FUZZ_RUNS.deepNesting,
      async ({ n, route }) => void (await run(cases[n]!, route)),
      async () => {
        for (const c of cases) await run(c, "/webhook");
      },
    );
  }, 60_000);

  it("unknown and oddly spelled events are acknowledged and ignored, or rejected as 400 when they name a handled event with bad data", async () => {
    const arb = fc.record({
      event: fc
        .oneof(fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }), fc.string({ unit: "binary", minLength: 1, maxLength: 30 }), fc.constantFrom(...EVENT_SPELLINGS))
        .filter((e) => !hitsPrototypeBug(e)),
      data: fc.oneof(anyValue, fc.constant({ state: "open" }), fc.constant({ qrcode: { code: "2@x", base64: "data:image/png;base64,AA" } })),
      route: fc.constantFrom(...ROUTES),
    });
    await runProperty(arb, WEBHOOK_FUZZ_RUNS.unknownEvents, async ({ event, data, route }) => {
      const t = tenants.T;
      await check(route, JSON.stringify({ event, instance: t.instance, data, apikey: t.token }));
    });
  }, 60_000);

  it("valid envelopes with every field mutated, under every authentication method and on the instance URL, get exactly the contract's answer", async () => {
    const messageBases = BASES.filter((b) => b === "text" || /^0[1-57]-/.test(b));
    const arb = fc.record({
      // Mostly envelopes that would be queued before mutation, so the pipeline sees many.
      base: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...messageBases) }, { weight: 1, arbitrary: fc.constantFrom(...BASES) }),
      target: fc.constantFrom<FuzzTenant["key"] | "unknown">("T", "T", "T", "T2", "TD", "unknown"),
      // Usually the target's own credentials (null), sometimes another tenant's.
      owner: fc.option(tenantKey, { freq: 3 }),
      auth: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom<AuthMode>("apikey", "token", "jwt", "jwt-lowercase") },
        { weight: 2, arbitrary: fc.constantFrom(...AUTH_MODES) },
      ),
      garbage: printable,
      mutations: fc.array(fc.record({ path: fc.constantFrom(...DATA_PATHS), remove: fc.boolean(), value: anyValue }), { maxLength: 3 }),
      event: fc.option(fc.oneof(fc.constantFrom(...EVENT_SPELLINGS), anyValue), { freq: 8 }).filter((e) => !hitsPrototypeBug(e)),
      // The shared routes, or the URL provisioning sets, naming a tenant (maybe not the body's).
      route: fc.oneof(
        { weight: 2, arbitrary: fc.constantFrom(...ROUTES) },
        { weight: 1, arbitrary: fc.record({ named: fc.constantFrom<FuzzTenant["key"] | "unknown">("T", "T2", "TD", "unknown"), suffix: fc.constantFrom("", "/messages-upsert") }) },
      ),
    });
    await runProperty(arb, WEBHOOK_FUZZ_RUNS.mutatedEnvelopes, async (c) => {
      const route =
        typeof c.route === "string" ? c.route : `/webhook/instance/${c.route.named === "unknown" ? "nobody-here" : tenants[c.route.named].instance}${c.route.suffix}`;
      const instance = c.target === "unknown" ? `nobody-${c.garbage.replace(/[^a-z0-9]/gi, "")}` : tenants[c.target].instance;
      const body = baseBody(c.base, instance);
      for (const m of c.mutations) {
        if (typeof body.data !== "object" || body.data === null || Array.isArray(body.data)) body.data = {};
        setPath(body.data, m.path, m.value, m.remove);
      }
      if (c.event !== null) body.event = c.event;
      const owner = c.owner ?? (c.target === "unknown" ? "T" : c.target);
      const creds = authFor(c.auth, tenants[owner], c.garbage, body);
      await check(route, JSON.stringify(body), creds);
    });
  }, 60_000);

  it("valid messages with colliding ids, mixed JID styles, operator messages and every timestamp encoding: each id lands in exactly one conversation", async () => {
    const ids = fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 25 }).map((n) => `SHARED${n}`) });
    const chat = fc.constantFrom(
      { remoteJid: "5511999990101@s.whatsapp.net" },
      { remoteJid: "5511999990102:7@s.whatsapp.net" },
      { remoteJid: "111111111111111@lid" },
      { remoteJid: "111111111111111@lid", remoteJidAlt: "5511999990101@s.whatsapp.net" },
      { remoteJid: "222222222222222@lid", remoteJidAlt: "5511999990103@s.whatsapp.net" },
      { remoteJid: "5511999990104@s.whatsapp.net", remoteJidAlt: "333333333333333@lid" },
    );
    const now = Math.floor(Date.now() / 1000);
    const timestamp = fc.oneof(
      fc.integer({ min: now - 86_400, max: now }),
      fc.integer({ min: now - 86_400, max: now }).map((t) => t * 1000),
      fc.integer({ min: now - 86_400, max: now }).map(String),
      fc.integer({ min: now - 86_400, max: now }).map((t) => ({ low: t, high: 0, unsigned: true })),
      fc.constant(undefined),
    );
    const arb = fc.record({
      id: ids,
      chat,
      text: fc.string({ unit: "grapheme", minLength: 0, maxLength: 120 }),
      fromMe: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
      ts: timestamp,
      target: fc.constantFrom<FuzzTenant["key"]>("T", "T", "T2"),
      auth: fc.constantFrom<AuthMode>("apikey", "token", "jwt", "jwt-lowercase"),
      route: fc.constantFrom(...ROUTES),
    });
    await runProperty(arb, WEBHOOK_FUZZ_RUNS.validMessages, async (c) => {
      const t = tenants[c.target];
      const body = baseBody("text", t.instance);
      if (c.id !== null) body.data.key.id = c.id;
      Object.assign(body.data.key, c.chat, { fromMe: c.fromMe });
      if (!("remoteJidAlt" in c.chat)) delete body.data.key.remoteJidAlt;
      body.data.message = { conversation: c.text };
      if (c.ts === undefined) delete body.data.messageTimestamp;
      else body.data.messageTimestamp = c.ts;
      await check(c.route, JSON.stringify(body), authFor(c.auth, t, "", body));
    });
  }, 60_000);

  it("random bytes with any content type are 400", async () => {
    const arb = fc.record({
      bytes: fc.oneof(fc.uint8Array({ maxLength: 4096 }), fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => new Uint8Array([0x7b, ...b]))),
      // Non-text types are rare (workerd prints a notice for each .text() on them).
      contentType: fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom<string | null>("application/json", "application/json; charset=utf-8", "text/plain", null) },
        { weight: 1, arbitrary: fc.constantFrom<string | null>("application/octet-stream", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded") },
      ),
      route: fc.constantFrom(...ROUTES),
    });
    await runProperty(arb, WEBHOOK_FUZZ_RUNS.randomBytes, async ({ bytes, contentType, route }) => {
      await check(route, bytes, {}, contentType);
    });
  }, 60_000);
});

describe("product bugs found by fuzzing, fixed", () => {
  it("bug 1: an event named like an Object.prototype member is ignored with reason unhandled_event", async () => {
    const t = tenants.T;
    for (const event of ["constructor", "__proto__", " Constructor "]) {
      const got = await send("/webhook", JSON.stringify({ event, instance: t.instance, data: {}, apikey: t.token }), { "content-type": "application/json" });
      // Today: {"status":"ignored"} (constructor) and {"status":"ignored","reason":{}} (__proto__).
      expect(got.json, event).toEqual({ status: "ignored", reason: "unhandled_event" });
    }
  });

  it("bug 2a: an instance name over 2,000,000 bytes is 401 (or 400), not 500", async () => {
    const body = JSON.stringify({ event: "messages.upsert", instance: "é".repeat(1_100_001), data: {} });
    const res = await worker.fetch(new Request("http://atenbot.test/webhook", { method: "POST", headers: { "content-type": "application/json" }, body }), env, createExecutionContext());
    // Today: 500 {"error":"internal"} (D1: "Failed query" on the tenant lookup).
    expect(res.status).toBeLessThan(500);
  });

  it("bug 2b: an authenticated qrcode.updated whose code is 3,000,000 bytes is not a 500", async () => {
    const t = tenants.T;
    const body = JSON.parse(FIXTURES.find((f) => f.name.startsWith("20-"))!.text);
    body.instance = t.instance;
    body.apikey = t.token;
    body.data.qrcode.code = "2@".padEnd(3_000_000, "A");
    // Over 1 MiB: only the instance's own URL with header credentials may send that much.
    const headers = { "content-type": "application/json", "x-webhook-token": t.secret };
    const res = await worker.fetch(new Request(`http://atenbot.test/webhook/instance/${t.instance}`, { method: "POST", headers, body: JSON.stringify(body) }), env, createExecutionContext());
    // Today: 500 {"error":"internal"} (D1 rejects the UPDATE of tenants.qr_code).
    expect(res.status).toBeLessThan(500);
  });
});
