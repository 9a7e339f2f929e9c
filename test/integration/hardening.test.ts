import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { Hono } from "hono";
import { sign } from "hono/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { InboundEvent } from "../../src/domain/inbound-event";
import type { AppEnv } from "../../src/controllers/middleware/context";
import { handleError } from "../../src/controllers/middleware/errors";
import worker from "../../src/index";
import { encryptSecret, randomSecret, sha256Hex } from "../../src/platform/crypto";
import { openDatabase } from "../../src/repositories/db";
import * as tenantRows from "../../src/repositories/tenants";
import { lookupTenant } from "../../src/services/tenants/tenant-cache";
import { ADMIN, admin, createTenant, INSTANCE_TOKEN, postWebhook } from "../helpers/app";
import { conversation } from "../helpers/conversation";
import { textUpsert } from "../helpers/payloads";

/**
 * Hostile and oversized input at the edge: what a request may make the worker read and parse
 * before it has proven its tenant, how credentials changed elsewhere are honoured, and what
 * unknown instances may cost.
 */

const MiB = 1024 * 1024;
const CONTACT = "5511999990001@s.whatsapp.net";
afterEach(() => vi.restoreAllMocks());

/** The real Worker with a queue that records what was sent (and still forwards it). */
async function throughWorker(path: string, init: RequestInit) {
  const sent: InboundEvent[] = [];
  const inbox = {
    send: async (event: InboundEvent, opts?: QueueSendOptions) => {
      sent.push(event);
      return env.INBOX.send(event, opts);
    },
    sendBatch: env.INBOX.sendBatch.bind(env.INBOX),
  };
  const response = await worker.fetch(
    new Request(`http://atenbot.test${path}`, { method: "POST", ...init }),
    { ...env, INBOX: inbox as unknown as Queue<InboundEvent> },
    createExecutionContext(),
  );
  return { response, sent };
}

/** JSON.parse calls on strings of at least `bytes` characters, made while `run` runs. */
async function bigParses(bytes: number, run: () => Promise<unknown>): Promise<number> {
  const parse = vi.spyOn(JSON, "parse");
  await run();
  const calls = parse.mock.calls.filter(([text]) => typeof text === "string" && text.length >= bytes).length;
  parse.mockRestore();
  return calls;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const evolutionJwt = (secret: string) => sign({ iat: nowSeconds(), exp: nowSeconds() + 600, app: "evolution", action: "webhook" }, secret);

describe("item 1: an unproven webhook is read up to 1 MiB and 64 levels, a proven one up to 32 MiB", () => {
  it("item 1: a 2 MiB message with a valid body apikey but no header credentials is 413, nothing parsed or queued", async () => {
    const t = await createTenant();
    const body = JSON.stringify(textUpsert({ instance: t.instance, text: "x".repeat(2 * MiB) }));
    let got!: Awaited<ReturnType<typeof throughWorker>>;
    const parses = await bigParses(MiB, async () => {
      got = await throughWorker("/webhook", { headers: { "content-type": "application/json" }, body });
    });
    expect(got.response.status).toBe(413);
    expect(await got.response.json()).toEqual({ error: "payload_too_large" });
    expect(parses).toBe(0);
    expect(got.sent).toEqual([]);
  });

  it("item 1: nesting deeper than 64 levels is 400 before JSON.parse runs; 64 levels still parse", async () => {
    const t = await createTenant();
    const nested = (depth: number) =>
      JSON.stringify(textUpsert({ instance: t.instance })).replace('"source":"ios"', `"source":${"[".repeat(depth)}1${"]".repeat(depth)}`);
    // The envelope object and `data` are two levels: 62 more make 64.
    let deep!: Awaited<ReturnType<typeof throughWorker>>;
    const parses = await bigParses(1, async () => {
      deep = await throughWorker("/webhook", { headers: { "content-type": "application/json" }, body: nested(63) });
    });
    expect(deep.response.status).toBe(400);
    expect(await deep.response.json()).toEqual({ error: "invalid_payload", details: ["body nests deeper than 64 levels"] });
    expect(parses).toBe(0);
    expect(deep.sent).toEqual([]);

    const fits = await postWebhook(nested(62));
    expect(await fits.json()).toEqual({ status: "queued" });
  });

  it("item 1: the instance's own URL with a JWT or x-webhook-token carries a 5 MiB inline medium; /webhook refuses it", async () => {
    const t = await createTenant();
    const withMedia = (id: string) => {
      const body = textUpsert({ instance: t.instance, id, apikey: null, text: "segue a foto" });
      (body.data.message as Record<string, unknown>).base64 = "A".repeat(5 * MiB);
      return JSON.stringify(body);
    };
    const route = `/webhook/instance/${t.instance}`;
    const jwt = await postWebhook(withMedia("3AJWT0000000000000001"), { authorization: `Bearer ${await evolutionJwt(t.webhookSecret)}` }, route);
    expect(await jwt.json()).toEqual({ status: "queued" });
    const token = await postWebhook(withMedia("3ATOKEN00000000000001"), { "x-webhook-token": t.webhookSecret }, `${route}/messages-upsert`);
    expect(await token.json()).toEqual({ status: "queued" });

    // Without header credentials the same URL is unproven: the body apikey cannot lift the cap.
    expect((await postWebhook(withMedia("3AAPIKEY0000000000001").replace('"apikey":null', `"apikey":"${INSTANCE_TOKEN}"`), {}, route)).status).toBe(413);
    expect((await postWebhook(withMedia("3AWEBHOOK000000000001"), { "x-webhook-token": t.webhookSecret })).status).toBe(413);
    // Header credentials of this instance do not cover an envelope naming another one.
    const other = await createTenant();
    const foreign = await postWebhook(textUpsert({ instance: other.instance, apikey: INSTANCE_TOKEN }), { "x-webhook-token": t.webhookSecret }, route);
    expect(foreign.status).toBe(401);

    await vi.waitFor(async () => expect((await conversation(t.id, CONTACT).inspect()).pending.map((e) => e.messageId).sort()).toEqual(["3AJWT0000000000000001", "3ATOKEN00000000000001"]), { timeout: 10_000, interval: 50 });
  });

  it("also: a 30 MB unauthenticated body of nested arrays is 413, its reading stopped at the 1 MiB cap, nothing parsed or queued", async () => {
    const CHUNK = 64 * 1024;
    const TOTAL = 30 * 1000 * 1000;
    let pulled = 0;
    const chunk = new TextEncoder().encode("[".repeat(CHUNK));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= TOTAL) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk.slice());
      },
    });
    let got!: Awaited<ReturnType<typeof throughWorker>>;
    const parses = await bigParses(1, async () => {
      got = await throughWorker("/webhook", { headers: { "content-type": "application/json" }, body: stream });
    });
    expect(got.response.status).toBe(413);
    expect(await got.response.json()).toEqual({ error: "payload_too_large" });
    expect(parses).toBe(0);
    expect(got.sent).toEqual([]);
    // The reader stopped at the cap: what was pulled is the cap plus what the stream buffered.
    expect(pulled).toBeLessThan(2 * MiB);

    // Declared up front, the same size is refused on the header alone, through the HTTP binding.
    const declared = await SELF.fetch("http://atenbot.test/webhook", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[".repeat(TOTAL),
    });
    expect(declared.status).toBe(413);
  });
});

describe("item 3: credentials changed in another isolate are honoured at once", () => {
  /** Writes to D1 as another isolate would: this isolate's cache is not told. */
  const elsewhere = (id: string, changes: tenantRows.TenantChanges) => tenantRows.updateTenant(openDatabase(env.DB), id, changes, Date.now());

  it("item 3: a rotated webhook secret, a new instance token and a re-enabled tenant pass on the first webhook", async () => {
    const t = await createTenant();
    const upsert = (apikey: string | null) => textUpsert({ instance: t.instance, apikey });
    // Cached in this isolate by a first webhook.
    expect(await (await postWebhook(upsert(null), { "x-webhook-token": t.webhookSecret })).json()).toEqual({ status: "queued" });

    const rotated = randomSecret();
    await elsewhere(t.id, { webhookSecretEnc: await encryptSecret(env.SECRETS_KEY, rotated) });
    expect(await (await postWebhook(upsert(null), { "x-webhook-token": rotated })).json()).toEqual({ status: "queued" });
    expect(await (await postWebhook(upsert(null), { authorization: `Bearer ${await evolutionJwt(rotated)}` })).json()).toEqual({ status: "queued" });

    const token = "NEW-INSTANCE-TOKEN-0000000000000001";
    await elsewhere(t.id, { evolutionTokenEnc: await encryptSecret(env.SECRETS_KEY, token), evolutionTokenHash: await sha256Hex(token) });
    expect(await (await postWebhook(upsert(token))).json()).toEqual({ status: "queued" });
  });

  it("item 3: a tenant cached as disabled is re-read, so re-enabling it elsewhere answers its next webhook", async () => {
    const t = await createTenant({ enabled: false });
    expect(await (await postWebhook(textUpsert({ instance: t.instance }))).json()).toEqual({ status: "ignored", reason: "tenant_disabled" });
    await elsewhere(t.id, { enabled: true });
    expect(await (await postWebhook(textUpsert({ instance: t.instance }))).json()).toEqual({ status: "queued" });
  });

  it("item 3: a wrong credential is still 401 after the one re-read", async () => {
    const t = await createTenant();
    expect((await postWebhook(textUpsert({ instance: t.instance }))).status).toBe(200);
    expect((await postWebhook(textUpsert({ instance: t.instance, apikey: null }), { "x-webhook-token": randomSecret() })).status).toBe(401);
  });
});

describe("item 4: instance names are checked before any lookup and unknown ones are remembered apart", () => {
  /** A D1 handle that counts the statements it prepares. */
  function countingDb() {
    let statements = 0;
    const d1 = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "prepare") {
          return (sql: string) => {
            statements++;
            return target.prepare(sql);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { db: openDatabase(d1, { metered: false }), reads: () => statements };
  }

  it("item 4: a name breaking the instance rule costs no D1 read; an unknown one costs one per minute", async () => {
    const { db, reads } = countingDb();
    const now = Date.now();
    for (const name of ["../admin", "padaria centro", "x".repeat(101), "-starts-with-dash", "é"]) {
      expect((await lookupTenant(db, name, now)).tenant).toBeNull();
    }
    expect(reads()).toBe(0);

    const unknown = `unknown-${crypto.randomUUID()}`;
    for (let i = 0; i < 5; i++) expect((await lookupTenant(db, unknown, now + i * 1000)).tenant).toBeNull();
    expect(reads()).toBe(1);
    await lookupTenant(db, unknown, now + 61_000);
    expect(reads()).toBe(2);

    // Through the Worker: the answer is the same 401 as for any unknown instance.
    const res = await postWebhook(textUpsert({ instance: "../admin" }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized" });
  });

  it("a cached tenant is read again by one lookup in its last seconds, never by all at once", async () => {
    const t = await createTenant();
    const { db, reads } = countingDb();
    const now = Date.now();
    await lookupTenant(db, t.instance, now);
    const first = reads();
    // Mid-life: no reads. In the last 5 s of the 30 s: one read for a burst of lookups.
    await Promise.all(Array.from({ length: 10 }, () => lookupTenant(db, t.instance, now + 10_000)));
    expect(reads()).toBe(first);
    const burst = await Promise.all(Array.from({ length: 10 }, () => lookupTenant(db, t.instance, now + 26_000)));
    expect(burst.every((l) => l.tenant?.id === t.id)).toBe(true);
    expect(reads() - first).toBe(1);
    // Renewed: the old expiry passes without a miss.
    await lookupTenant(db, t.instance, now + 31_000);
    expect(reads() - first).toBe(1);
  });

  it("item 4: 5,001 unknown instances do not push a known tenant out of the cache", { timeout: 120_000 }, async () => {
    const t = await createTenant();
    const { db, reads } = countingDb();
    const now = Date.now();
    expect((await lookupTenant(db, t.instance, now)).tenant?.id).toBe(t.id);
    const flood = Array.from({ length: 5_001 }, (_, i) => `flood-${i}-${crypto.randomUUID().slice(0, 8)}`);
    for (const name of flood) await lookupTenant(db, name, now);
    const before = reads();
    expect((await lookupTenant(db, t.instance, now + 1)).tenant?.id).toBe(t.id);
    expect(reads()).toBe(before);
  });
});

describe("item 12: webhook JWTs live ten minutes at most", () => {
  it("item 12: a correctly signed JWT with exp in the year 3000 is 401 on the webhook", async () => {
    const t = await createTenant();
    const forever = await sign({ iat: nowSeconds(), exp: Date.UTC(3000, 0, 1) / 1000, app: "evolution", action: "webhook" }, t.webhookSecret);
    const upsert = textUpsert({ instance: t.instance, apikey: null });
    expect((await postWebhook(upsert, { authorization: `Bearer ${forever}` })).status).toBe(401);
    expect((await postWebhook(upsert, { authorization: `Bearer ${forever}` }, `/webhook/instance/${t.instance}`)).status).toBe(401);
    expect((await postWebhook(upsert, { authorization: `Bearer ${await evolutionJwt(t.webhookSecret)}` })).status).toBe(200);
  });
});

describe("item 8: admin bodies are bounded and never end in a 500", () => {
  const quickReplies = (count: number, replyChars: number, keywords = 1) =>
    Array.from({ length: count }, (_, i) => ({ keywords: Array.from({ length: keywords }, (_, k) => `palavra ${i} ${k} `.padEnd(200, "k")), reply: `${i} `.padEnd(replyChars, "r") }));
  const newTenant = (bot: Record<string, unknown>, evolution: Record<string, unknown> = { url: "https://evo.test" }) =>
    SELF.fetch("http://atenbot.test/admin/tenants", {
      method: "POST",
      headers: { ...ADMIN, "content-type": "application/json" },
      body: JSON.stringify({ instance: `big-${crypto.randomUUID().slice(0, 8)}`, name: "Grande", evolution, bot }),
    });

  it("item 8: a bot of ~2.9 M characters (every field at its schema maximum) is 413 payload_too_large, not 500", async () => {
    const res = await newTenant({ quickReplies: quickReplies(200, 4000, 50) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "payload_too_large" });
  });

  it("item 8: a bot over 128 KB stored, in a body under 256 KiB, is 400 naming `bot`, on create and on a growing PATCH", async () => {
    const created = await newTenant({ quickReplies: quickReplies(40, 4000) });
    expect(created.status).toBe(400);
    const body = (await created.json()) as { error: string; details: { path: string; message: string }[] };
    expect(body.error).toBe("invalid_request");
    expect(body.details).toEqual([{ path: "bot", message: expect.stringMatching(/at most 128 KB/) }]);

    const t = await createTenant({ bot: { quickReplies: quickReplies(20, 4000) } });
    const grow = await admin("PATCH", `/admin/tenants/${t.instance}`, { bot: { systemPrompt: "é".repeat(20_000), businessProfile: "ã".repeat(20_000) } });
    expect(grow.status).toBe(400);
    expect(((await grow.json()) as typeof body).details).toEqual([{ path: "bot", message: expect.stringMatching(/at most 128 KB/) }]);
    // The refused PATCH stored nothing.
    const read = (await (await admin("GET", `/admin/tenants/${t.instance}`)).json()) as { bot: { systemPrompt: string } };
    expect(read.bot.systemPrompt).toBe("Você é a atendente da Padaria Teste.");
  });

  it("item 8: an evolution.url over 2,048 characters is 400 naming evolution.url", async () => {
    const res = await newTenant({}, { url: `https://evo.test/${"a".repeat(3000)}` });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { details: { path: string }[] };
    expect(body.details.map((d) => d.path)).toEqual(["evolution.url"]);
  });

  it("item 8: D1's SQLITE_TOOBIG, wrapped by drizzle, is answered 413, never 500", async () => {
    const app = new Hono<AppEnv>();
    app.get("/store", () => {
      throw new Error("Failed query: update tenants", { cause: new Error("D1_ERROR: string or blob too big: SQLITE_TOOBIG") });
    });
    app.onError(handleError);
    const res = await app.request("/store");
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "payload_too_large" });
  });

  it("item 8: knowledge uploads keep their own, larger limits under /admin", async () => {
    const t = await createTenant();
    const csv = `nome,preco\n${Array.from({ length: 6000 }, (_, i) => `produto ${i} ${"x".repeat(40)},${i}`).join("\n")}`;
    expect(csv.length).toBeGreaterThan(256 * 1024);
    const res = await SELF.fetch(`http://atenbot.test/admin/tenants/${t.instance}/knowledge/import`, {
      method: "POST",
      headers: { ...ADMIN, "content-type": "text/csv" },
      body: csv,
    });
    expect(res.status, await res.clone().text()).toBe(200);
  });
});

describe("items 6 and 9: what a media message may put on the queue", () => {
  it("item 9: a document whose caption, fileName, mimetype, url and directPath are 4,096 characters is queued, its event under 100 KB", async () => {
    const t = await createTenant();
    // Each one is six bytes in the queue's JSON (\u0000): the costliest character there is.
    const wide = "\u0000".repeat(4096);
    const body = textUpsert({
      instance: t.instance,
      messageType: "documentMessage",
      message: {
        documentMessage: { caption: wide, fileName: wide, mimetype: wide, url: `https://mmg.whatsapp.net/${wide}`, directPath: `/${wide}`, fileLength: 1000 },
      },
    });
    const res = await postWebhook(body);
    expect(await res.json()).toEqual({ status: "queued" });
    const [event] = await vi.waitFor(async () => {
      const pending = (await conversation(t.id, CONTACT).inspect()).pending;
      expect(pending).toHaveLength(1);
      return pending;
    }, { timeout: 10_000, interval: 50 });
    expect(event!.text).toBe(wide);
    expect(new TextEncoder().encode(JSON.stringify(event)).length).toBeLessThan(100 * 1024);
  });

  it("item 6: a media url pointing off WhatsApp never reaches the queued event (so never Evolution's downloader)", async () => {
    const t = await createTenant();
    const body = textUpsert({
      instance: t.instance,
      messageType: "audioMessage",
      message: { audioMessage: { url: "https://169.254.169.254/latest/meta-data/", directPath: "//internal.test/secret", mimetype: "audio/ogg; codecs=opus", ptt: true, mediaKey: "bWVkaWFLZXk=" } },
    });
    expect(await (await postWebhook(body)).json()).toEqual({ status: "queued" });
    const [event] = await vi.waitFor(async () => {
      const pending = (await conversation(t.id, CONTACT).inspect()).pending;
      expect(pending).toHaveLength(1);
      return pending;
    }, { timeout: 10_000, interval: 50 });
    expect(event!.media!.source.message).toEqual({ audioMessage: { mimetype: "audio/ogg; codecs=opus", ptt: true, mediaKey: "bWVkaWFLZXk=" } });
  });
});

describe("also: a tenant is deleted in bounded slices, out of reach at once", () => {
  const count = async (table: string, tenantId: string) =>
    (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(tenantId).first<{ n: number }>())!.n;

  it("also: deleting a tenant with 12,000 messages answers 204 at once, refuses it everywhere, and the cron finishes the job", async () => {
    const t = await createTenant();
    await env.DB.prepare(
      `INSERT INTO messages (tenant_id, wa_id, contact_jid, direction, kind, text, at)
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
       SELECT ?, 'seed-' || i, '5511999990001@s.whatsapp.net', 'in', 'text', 'oi', i FROM n`,
    ).bind(t.id).run();
    await env.DB.prepare("INSERT INTO usage (tenant_id, day, messages_in) VALUES (?, '2026-11-24', 12000)").bind(t.id).run();

    expect((await admin("DELETE", `/admin/tenants/${t.instance}`)).status).toBe(204);
    // One request deleted a bounded slice, not the whole tenant in one statement.
    const left = await count("messages", t.id);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(12_000);
    // Out of reach at once: not found, not listed, no webhook accepted, and its name is free again.
    expect((await admin("GET", `/admin/tenants/${t.instance}`)).status).toBe(404);
    const listed = (await (await admin("GET", "/admin/tenants?limit=200")).json()) as { items: { id: string }[] };
    expect(listed.items.map((i) => i.id)).not.toContain(t.id);
    expect((await postWebhook(textUpsert({ instance: t.instance }), { "x-webhook-token": t.webhookSecret })).status).toBe(401);
    const row = await env.DB.prepare("SELECT enabled, evolution_token_enc AS token FROM tenants WHERE id = ?").bind(t.id).first<{ enabled: number; token: string | null }>();
    expect(row).toEqual({ enabled: 0, token: null });

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/10 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    for (const table of ["messages", "usage", "contacts"]) expect(await count(table, t.id), table).toBe(0);
    expect(await env.DB.prepare("SELECT id FROM tenants WHERE id = ?").bind(t.id).first()).toBeNull();

    const again = await createTenant({ instance: t.instance });
    expect(again.id).not.toBe(t.id);
  });
});
