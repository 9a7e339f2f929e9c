import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { loadConfig } from "../../src/config/env";
import type { InboundEvent } from "../../src/domain/inbound-event";
import { openDatabase } from "../../src/repositories/db";
import { sign } from "hono/jwt";
import { createLogger } from "../../src/platform/log";
import { ingestWebhook } from "../../src/services/evolution/ingress";
import { admin, createTenant, INSTANCE_TOKEN, postWebhook } from "../helpers/app";
import { conversation } from "../helpers/conversation";
import { textUpsert } from "../helpers/payloads";

const fixtures = import.meta.glob<{ default: Record<string, any> }>("../fixtures/evolution/webhook/*.json", { eager: true });
const fixture = (prefix: string) => {
  const entry = Object.entries(fixtures).find(([path]) => path.includes(`/${prefix}-`));
  if (!entry) throw new Error(`no fixture ${prefix}`);
  return structuredClone(entry[1].default);
};
const withInstance = (body: Record<string, any>, instance: string): Record<string, any> => ({ ...body, instance });

async function pendingOf(tenantId: string, contact: string): Promise<InboundEvent[]> {
  let events: InboundEvent[] = [];
  for (let i = 0; i < 100 && events.length === 0; i++) {
    events = (await conversation(tenantId, contact).inspect()).pending;
    if (events.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  return events;
}

describe("every Evolution v2.3.7 fixture", () => {
  const queued: [string, string, (e: InboundEvent) => void][] = [
    ["01", "5511999990001@s.whatsapp.net", (e) => {
      expect(e).toMatchObject({ kind: "text", text: "Oi! Vocês abrem amanhã de manhã?", replyJid: "5511999990001@s.whatsapp.net", fromMe: false, isGroup: false, pushName: "Ana Souza", timestamp: 1765358142, media: null });
    }],
    ["02", "5511999990002@s.whatsapp.net", (e) => {
      expect(e.kind).toBe("text");
      expect(e.replyJid).toBe("5511999990002@s.whatsapp.net");
      expect(e.quotedId).not.toBeNull();
    }],
    ["03", "987654321098765@lid", (e) => {
      expect(e).toMatchObject({ replyJid: "987654321098765@lid", contact: "987654321098765@lid", text: "Qual o valor da entrega?" });
    }],
    ["04", "5511999990001@s.whatsapp.net", (e) => {
      expect(e.kind).toBe("audio");
      expect(e.media).toMatchObject({ ptt: true, mimetype: "audio/ogg; codecs=opus" });
      const serialized = JSON.stringify(e);
      expect(serialized).not.toContain('"base64"');
      expect(serialized).not.toContain("waveform");
      expect(typeof e.media!.fileLength).toBe("number");
    }],
    ["05", "5511999990001@s.whatsapp.net", (e) => {
      expect(e.kind).toBe("image");
      expect(e.text).toBeTruthy();
      expect(JSON.stringify(e)).not.toContain("jpegThumbnail");
    }],
    ["07", "5511999990001@s.whatsapp.net", (e) => {
      expect(e.fromMe).toBe(true);
      expect(e.pushName).toBeNull();
    }],
  ];

  for (const [prefix, contact, check] of queued) {
    it(`queues fixture ${prefix} with the right normalized event`, async () => {
      const t = await createTenant();
      const body = withInstance(fixture(prefix), t.instance);
      const res = await postWebhook(body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "queued" });
      const [event] = await pendingOf(t.id, contact);
      expect(event).toBeDefined();
      expect(event!).toMatchObject({ v: 1, type: "message", tenantId: t.id, instance: t.instance, contact, messageId: body.data.key.id });
      check(event!);
    });
  }

  const ignored: [string, string][] = [
    ["06", "group"],
    ["08", "broadcast"],
    ["09", "reaction"],
    ["10", ""],
    ["11", ""],
    ["12", ""],
    ["13", ""],
    ["14", "own_echo"],
    ["15", ""],
    ["16", ""],
  ];
  for (const [prefix, reason] of ignored) {
    it(`acknowledges fixture ${prefix} without queueing it`, async () => {
      const t = await createTenant();
      const res = await postWebhook(withInstance(fixture(prefix), t.instance));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; reason: string };
      expect(body.status).toBe("ignored");
      if (reason) expect(body.reason).toBe(reason);
    });
  }

  it("queues a group message when the tenant answers groups", async () => {
    const t = await createTenant({ bot: { ignoreGroups: false } });
    const body = withInstance(fixture("06"), t.instance);
    expect(await (await postWebhook(body)).json()).toEqual({ status: "queued" });
    const [event] = await pendingOf(t.id, body.data.key.remoteJid);
    expect(event).toMatchObject({ isGroup: true, replyJid: body.data.key.remoteJid });
  });

  it("keeps the connection state and QR code current (17–20)", async () => {
    const t = await createTenant();
    const state = async () => ((await (await admin("GET", `/admin/tenants/${t.instance}`)).json()) as any);
    expect((await state()).connectionState).toBe("unknown");
    expect((await postWebhook(withInstance(fixture("20"), t.instance))).status).toBe(200);
    expect((await state()).qrCodeUpdatedAt).not.toBeNull();
    await postWebhook(withInstance(fixture("17"), t.instance));
    expect((await state()).connectionState).toBe("open");
    await postWebhook(withInstance(fixture("18"), t.instance));
    expect((await state()).connectionState).toBe("close");
    await postWebhook(withInstance(fixture("19"), t.instance));
    expect((await state()).connectionState).toBe("connecting");
  });

  it("accepts the byEvents route /webhook/{event}", async () => {
    const t = await createTenant();
    const res = await postWebhook(withInstance(fixture("01"), t.instance), {}, "/webhook/messages-upsert");
    expect(await res.json()).toEqual({ status: "queued" });
  });

  it("serves /webhook/instance/{instance}[/{event}] and no other two-segment path", async () => {
    const t = await createTenant();
    const body = (id: string) => ({ ...withInstance(fixture("01"), t.instance), data: { ...fixture("01").data, key: { ...fixture("01").data.key, id } } });
    for (const [path, id] of [[`/webhook/instance/${t.instance}`, "ROUTE-1"], [`/webhook/instance/${t.instance}/messages-upsert`, "ROUTE-2"]] as const) {
      expect(await (await postWebhook(body(id), {}, path)).json(), path).toEqual({ status: "queued" });
    }
    for (const path of [`/webhook/instances/${t.instance}`, `/webhook/other/${t.instance}/messages-upsert`]) {
      const res = await postWebhook(body("ROUTE-3"), {}, path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: "not_found" });
    }
  });

  it("routes every path of the app through Hono's one-regex router", async () => {
    // A route shape the RegExpRouter cannot compile silently moves every route of the app to the
    // TrieRouter, a walk per request; the webhook's first match would show it.
    const app = createApp();
    await app.request("/webhook", { method: "POST" }, env);
    expect((app.router as { name: string }).name).toBe("SmartRouter + RegExpRouter");
  });
});

describe("authentication", () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  const upsertFor = (instance: string) => textUpsert({ instance, apikey: null });

  it("accepts a JWT signed the way Evolution signs it", async () => {
    const t = await createTenant();
    const jwt = await sign({ iat: nowSeconds(), exp: nowSeconds() + 600, app: "evolution", action: "webhook" }, t.webhookSecret);
    const res = await postWebhook(upsertFor(t.instance), { authorization: `Bearer ${jwt}` });
    expect(await res.json()).toEqual({ status: "queued" });
  });

  it("accepts x-webhook-token and the body apikey", async () => {
    const t = await createTenant();
    expect((await postWebhook(upsertFor(t.instance), { "x-webhook-token": t.webhookSecret })).status).toBe(200);
    expect((await postWebhook(textUpsert({ instance: t.instance, apikey: INSTANCE_TOKEN }))).status).toBe(200);
  });

  it("answers the same 401 to a wrong secret, a wrong apikey, an expired JWT and an unknown instance", async () => {
    const t = await createTenant();
    const expired = await sign({ iat: nowSeconds() - 4000, exp: nowSeconds() - 3000 }, t.webhookSecret);
    const foreign = await sign({ iat: nowSeconds(), exp: nowSeconds() + 600 }, "some-other-secret-0123456789");
    const attempts = [
      postWebhook(upsertFor(t.instance), { "x-webhook-token": "wrong-secret-0123456789abcdef" }),
      postWebhook(textUpsert({ instance: t.instance, apikey: "WRONG-TOKEN" })),
      postWebhook(upsertFor(t.instance), { authorization: `Bearer ${expired}` }),
      postWebhook(upsertFor(t.instance), { authorization: `Bearer ${foreign}` }),
      postWebhook(upsertFor(t.instance), { authorization: "Bearer not.a.jwt" }),
      postWebhook(upsertFor(t.instance)),
      postWebhook(textUpsert({ instance: "no-such-instance" })),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: "unauthorized" });
      expect(text).not.toContain(t.webhookSecret);
      expect(text).not.toContain(INSTANCE_TOKEN);
    }
  });

  it("does not let a webhook signed for tenant A pass as tenant B", async () => {
    const a = await createTenant();
    const b = await createTenant({ apiKey: "TENANT-B-TOKEN-000000000000" });
    const jwt = await sign({ iat: nowSeconds(), exp: nowSeconds() + 600 }, a.webhookSecret);
    expect((await postWebhook(upsertFor(b.instance), { authorization: `Bearer ${jwt}` })).status).toBe(401);
    expect((await postWebhook(upsertFor(b.instance), { "x-webhook-token": a.webhookSecret })).status).toBe(401);
    expect((await postWebhook(textUpsert({ instance: b.instance, apikey: INSTANCE_TOKEN }))).status).toBe(401);
  });

  it("acknowledges but ignores a disabled tenant's webhooks", async () => {
    const t = await createTenant({ enabled: false });
    expect(await (await postWebhook(textUpsert({ instance: t.instance }))).json()).toEqual({ status: "ignored", reason: "tenant_disabled" });
  });
});

describe("bad input", () => {
  it("answers 400 invalid_payload to malformed JSON, non-envelopes and wrong types", async () => {
    const t = await createTenant();
    const bodies = [
      "{not json",
      "",
      "[]",
      JSON.stringify({ hello: "world" }),
      JSON.stringify({ event: "messages.upsert", instance: 42, data: {} }),
      JSON.stringify({ event: "messages.upsert", instance: "", data: {} }),
      JSON.stringify({ event: ["x"], instance: t.instance, data: {} }),
    ];
    for (const body of bodies) {
      const res = await postWebhook(body);
      expect(res.status, body).toBe(400);
      const json = (await res.json()) as { error: string; details: unknown[] };
      expect(json.error).toBe("invalid_payload");
      expect(Array.isArray(json.details)).toBe(true);
    }
  });

  it("answers 400 to an authenticated upsert without a usable key", async () => {
    const t = await createTenant();
    const body = textUpsert({ instance: t.instance });
    delete (body.data.key as Record<string, unknown>).id;
    const res = await postWebhook(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_payload");
  });

  it("answers 413 to a body over 32 MiB", async () => {
    const res = await postWebhook("x".repeat(32 * 1024 * 1024 + 10));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "payload_too_large" });
  });
});

describe("queueing", () => {
  it("reports unavailable (503 at the route) when the queue refuses the event", async () => {
    const t = await createTenant();
    const failingQueue = { send: async () => { throw new Error("queue down"); } } as unknown as Queue<InboundEvent>;
    const result = await ingestWebhook(
      { db: openDatabase(env.DB), inbox: failingQueue, config: loadConfig(env), log: createLogger(), hubs: env.HUB },
      textUpsert({ instance: t.instance }) as any,
      { authorization: null, webhookToken: null, apikey: null },
      Date.now(),
    );
    expect(result).toEqual({ status: "unavailable" });
  });

  it("answers a repeat of a message this isolate just queued without queueing it again", async () => {
    const t = await createTenant();
    const sent: InboundEvent[] = [];
    const inbox = { send: async (e: InboundEvent) => void sent.push(e) } as unknown as Queue<InboundEvent>;
    const deps = { db: openDatabase(env.DB), inbox, config: loadConfig(env), log: createLogger(), hubs: env.HUB };
    const creds = { authorization: null, webhookToken: null, apikey: null };
    const body = textUpsert({ instance: t.instance, id: "3EB0REPEAT000001" }) as any;
    expect(await ingestWebhook(deps, body, creds, Date.now())).toEqual({ status: "queued" });
    expect(await ingestWebhook(deps, body, creds, Date.now())).toEqual({ status: "queued" });
    expect(sent.map((e) => e.messageId)).toEqual(["3EB0REPEAT000001"]);
    // Another message, and the same id from another chat (the ledger decides that one), are queued.
    await ingestWebhook(deps, textUpsert({ instance: t.instance, id: "3EB0REPEAT000002" }) as any, creds, Date.now());
    await ingestWebhook(deps, textUpsert({ instance: t.instance, id: "3EB0REPEAT000001", from: "5511988880000@s.whatsapp.net" }) as any, creds, Date.now());
    expect(sent).toHaveLength(3);
  });
});

