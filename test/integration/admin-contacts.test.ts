import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dayIn } from "../../src/domain/usage";
import { recordUsage, saveTurn, setContactPause, type StoredMessage } from "../../src/repositories/conversations";
import { openDatabase } from "../../src/repositories/db";
import { admin, createTenant } from "../helpers/app";
import { conversation, deliver, fireAlarm } from "../helpers/conversation";
import { installFakeProviders, type FakeProviders } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";

const ANA = "5511999990001@s.whatsapp.net";
const BRUNO = "5511999990002@s.whatsapp.net";
const db = openDatabase(env.DB);
const contactPath = (instance: string, jid: string, rest = "") =>
  `/admin/tenants/${instance}/contacts/${encodeURIComponent(jid)}${rest}`;

let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => fake.restore());

/** Stores a contact and its messages the way a finished turn does. */
async function seedContact(tenantId: string, jid: string, o: { lastMessageAt: number | null; pausedUntil?: number | null; messages?: StoredMessage[] }) {
  await saveTurn(db, {
    tenantId,
    contact: jid,
    contactName: "Cliente",
    messages: o.messages ?? [],
    lastMessageAt: o.lastMessageAt,
    pausedUntil: o.pausedUntil ?? null,
    now: Date.now(),
    day: "2025-01-01",
    usage: {},
  });
}

const inbound = (tenantId: string, jid: string, n: number, at = Date.now()): StoredMessage[] =>
  Array.from({ length: n }, (_, i) => ({ tenantId, waId: `${jid}-${i}`, contactJid: jid, direction: "in", kind: "text", text: `m${i}`, at: at + i }));

async function json<T = any>(res: Response | Promise<Response>): Promise<T> {
  return (await res).json() as Promise<T>;
}

describe("GET /admin/tenants/{instance}/contacts", () => {
  it("pages newest first, with ties broken by jid, stable while new contacts arrive", async () => {
    const t = await createTenant();
    const jid = (n: number) => `55119999900${String(n).padStart(2, "0")}@s.whatsapp.net`;
    const times = [5000, 4000, 4000, 4000, 3000, 2000];
    for (const [i, at] of times.entries()) await seedContact(t.id, jid(i), { lastMessageAt: at });
    // A contact paused by an operator before writing: no message time, listed last.
    await setContactPause(db, t.id, jid(6), null, Date.now());

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { jid: string }[]; nextCursor: string | null } = await json(
        admin("GET", `/admin/tenants/${t.instance}/contacts?limit=2${cursor ? `&cursor=${cursor}` : ""}`),
      );
      seen.push(...page.items.map((c) => c.jid));
      cursor = page.nextCursor;
      expect(cursor ?? "").toMatch(/^[A-Za-z0-9_-]*$/);
      // A new conversation starting mid-listing goes to the top; the pages after it are unaffected.
      if (++pages === 1) await seedContact(t.id, jid(7), { lastMessageAt: 9000 });
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map(jid));
    expect(pages).toBe(4);
  });

  it("shows a running pause and hides one that has ended", async () => {
    const t = await createTenant();
    const until = Date.now() + 3_600_000;
    await seedContact(t.id, ANA, { lastMessageAt: 2000, pausedUntil: until });
    await seedContact(t.id, BRUNO, { lastMessageAt: 1000, pausedUntil: Date.now() - 1000 });
    const page = await json(admin("GET", `/admin/tenants/${t.instance}/contacts`));
    expect(page).toEqual({
      items: [
        { jid: ANA, name: "Cliente", lastMessageAt: new Date(2000).toISOString(), pausedUntil: new Date(until).toISOString() },
        { jid: BRUNO, name: "Cliente", lastMessageAt: new Date(1000).toISOString(), pausedUntil: null },
      ],
      nextCursor: null,
    });
  });

  it("rejects a forged cursor and an unknown tenant", async () => {
    const t = await createTenant();
    const forged = await admin("GET", `/admin/tenants/${t.instance}/contacts?cursor=bm90LWEtY3Vyc29y`);
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: "invalid_request", details: [{ path: "cursor" }] });
    const unknown = await admin("GET", "/admin/tenants/no-such-tenant/contacts");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: "not_found" });
  });
});

describe("GET .../contacts/{contact}/messages", () => {
  it("returns the transcript oldest first: customer, bot and human attendant", async () => {
    const t = await createTenant();
    const now = Math.floor(Date.now() / 1000);
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "Vocês abrem amanhã?", ts: now - 60 }));
    await fireAlarm(t.id, ANA);
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, fromMe: true, text: "Oi, aqui é a Júlia", ts: now + 5 }));
    await fireAlarm(t.id, ANA);

    const all = await json(admin("GET", contactPath(t.instance, ANA, "/messages")));
    expect(all.items.map((m: any) => [m.direction, m.text])).toEqual([
      ["in", "Vocês abrem amanhã?"],
      ["out", "Olá! Abrimos às *7h*."],
      ["human", "Oi, aqui é a Júlia"],
    ]);
    expect(all.items[0]).toMatchObject({ kind: "text", at: new Date((now - 60) * 1000).toISOString() });
    expect(typeof all.items[0].id).toBe("string");

    const lastTwo = await json(admin("GET", contactPath(t.instance, ANA, "/messages?limit=2")));
    expect(lastTwo.items.map((m: any) => m.direction)).toEqual(["out", "human"]);
    expect((await admin("GET", contactPath(t.instance, ANA, "/messages?limit=501"))).status).toBe(400);
    expect((await admin("GET", `/admin/tenants/${t.instance}/contacts/not-a-jid/messages`)).status).toBe(400);
  });
});

describe("pause and resume", () => {
  it("pause and resume go through the contact's object and show in the listing", async () => {
    const t = await createTenant();
    await seedContact(t.id, ANA, { lastMessageAt: 1000 });
    const before = Date.now();
    const paused = await admin("POST", contactPath(t.instance, ANA, "/pause"), { minutes: 120 });
    expect(paused.status).toBe(200);
    const { pausedUntil } = (await paused.json()) as { pausedUntil: string };
    expect(Date.parse(pausedUntil)).toBeGreaterThanOrEqual(before + 120 * 60_000);
    expect(Date.parse(pausedUntil)).toBeLessThanOrEqual(Date.now() + 120 * 60_000);
    expect((await conversation(t.id, ANA).inspect()).state.pausedUntil).toBe(Date.parse(pausedUntil));
    expect((await json(admin("GET", `/admin/tenants/${t.instance}/contacts`))).items[0].pausedUntil).toBe(pausedUntil);

    const resumed = await admin("POST", contactPath(t.instance, ANA, "/resume"));
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toEqual({ pausedUntil: null });
    expect((await conversation(t.id, ANA).inspect()).state.pausedUntil).toBeNull();
    expect((await json(admin("GET", `/admin/tenants/${t.instance}/contacts`))).items[0].pausedUntil).toBeNull();
  });

  it("validates minutes", async () => {
    const t = await createTenant();
    await seedContact(t.id, ANA, { lastMessageAt: 1000 });
    for (const body of [{ minutes: 0 }, { minutes: 43_201 }, { minutes: 1.5 }, {}]) {
      const res = await admin("POST", contactPath(t.instance, ANA, "/pause"), body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_request" });
    }
  });
});

describe("tenant isolation", () => {
  it("answers 404 on every contact route for another tenant's contact, and changes nothing", async () => {
    const a = await createTenant();
    const b = await createTenant();
    await seedContact(a.id, ANA, { lastMessageAt: 1000, messages: inbound(a.id, ANA, 3) });
    const routes: [string, string, unknown?][] = [
      ["GET", contactPath(b.instance, ANA, "/messages")],
      ["POST", contactPath(b.instance, ANA, "/pause"), { minutes: 10 }],
      ["POST", contactPath(b.instance, ANA, "/resume")],
      ["DELETE", contactPath(b.instance, ANA)],
      ["GET", contactPath("no-such-tenant", ANA, "/messages")],
      ["DELETE", contactPath("no-such-tenant", ANA)],
    ];
    for (const [method, path, body] of routes) {
      const res = await admin(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toEqual({ error: "not_found" });
    }
    expect((await json(admin("GET", `/admin/tenants/${b.instance}/contacts`))).items).toEqual([]);
    expect((await json(admin("GET", contactPath(a.instance, ANA, "/messages")))).items).toHaveLength(3);
    expect((await conversation(b.id, ANA).inspect()).state.pausedUntil).toBeNull();
  });
});

describe("DELETE .../contacts/{contact}", () => {
  it("erases the contact's messages, contact row and object state, and nothing else", async () => {
    const t = await createTenant();
    // Over two erase batches of stored messages, plus a burst still pending in the object.
    await seedContact(t.id, ANA, { lastMessageAt: 1000, messages: inbound(t.id, ANA, 1_100, 1000) });
    await seedContact(t.id, BRUNO, { lastMessageAt: 1000, messages: inbound(t.id, BRUNO, 2) });
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "apaguem meus dados" }));
    const stub = conversation(t.id, ANA);
    expect((await stub.inspect()).pending).toHaveLength(1);

    const res = await admin("DELETE", contactPath(t.instance, ANA));
    expect(res.status).toBe(204);

    const left = await env.DB.prepare(
      "SELECT (SELECT count(*) FROM messages WHERE tenant_id = ?1 AND contact_jid = ?2) AS messages, (SELECT count(*) FROM contacts WHERE tenant_id = ?1 AND jid = ?2) AS contacts",
    )
      .bind(t.id, ANA)
      .first();
    expect(left).toEqual({ messages: 0, contacts: 0 });
    const view = await stub.inspect();
    expect(view).toMatchObject({ pending: [], seen: 0, alarm: null });
    expect(view.state).toMatchObject({ tenantId: null, contact: null, pausedUntil: null, outbox: null });
    // Nothing is answered later: the pending burst went with the object's state.
    expect(await fireAlarm(t.id, ANA)).toBe(false);
    expect(fake.sent).toHaveLength(0);

    expect((await admin("GET", contactPath(t.instance, ANA, "/messages"))).status).toBe(404);
    expect((await admin("DELETE", contactPath(t.instance, ANA))).status).toBe(404);
    expect((await json(admin("GET", contactPath(t.instance, BRUNO, "/messages")))).items).toHaveLength(2);
  });
});

describe("GET /admin/tenants/{instance}/usage", () => {
  it("returns the days in range and their totals, for that tenant only", async () => {
    const t = await createTenant();
    const other = await createTenant();
    await recordUsage(db, t.id, "2025-02-28", { messagesIn: 3, repliesSent: 2, aiCalls: 2, promptTokens: 200, outputTokens: 40 });
    await recordUsage(db, t.id, "2025-03-01", { messagesIn: 5, repliesSent: 4, aiCalls: 3, promptTokens: 300, outputTokens: 60, handoffs: 1 });
    await recordUsage(db, t.id, "2025-03-01", { failures: 2 });
    await recordUsage(db, t.id, "2025-03-02", { messagesIn: 1 });
    await recordUsage(db, t.id, "2025-03-03", { messagesIn: 100 });
    await recordUsage(db, other.id, "2025-03-01", { messagesIn: 1000 });

    const res = await json(admin("GET", `/admin/tenants/${t.instance}/usage?from=2025-02-28&to=2025-03-02`));
    expect(res.items).toEqual([
      { day: "2025-02-28", messagesIn: 3, repliesSent: 2, aiCalls: 2, promptTokens: 200, cachedTokens: 0, outputTokens: 40, handoffs: 0, failures: 0, estimatedCostUsd: 0.000184 },
      { day: "2025-03-01", messagesIn: 5, repliesSent: 4, aiCalls: 3, promptTokens: 300, cachedTokens: 0, outputTokens: 60, handoffs: 1, failures: 2, estimatedCostUsd: 0.00028 },
      { day: "2025-03-02", messagesIn: 1, repliesSent: 0, aiCalls: 0, promptTokens: 0, cachedTokens: 0, outputTokens: 0, handoffs: 0, failures: 0, estimatedCostUsd: 0.000008 },
    ]);
    expect(res.totals).toEqual({ messagesIn: 9, repliesSent: 6, aiCalls: 5, promptTokens: 500, cachedTokens: 0, outputTokens: 100, handoffs: 1, failures: 2, estimatedCostUsd: 0.000472 });
  });

  it("defaults to the current month in the tenant's timezone", async () => {
    const t = await createTenant();
    const today = dayIn("America/Sao_Paulo", Date.now());
    await recordUsage(db, t.id, today, { messagesIn: 7 });
    await recordUsage(db, t.id, "2001-01-01", { messagesIn: 1 });
    const res = await json(admin("GET", `/admin/tenants/${t.instance}/usage`));
    expect(res.items.map((d: any) => d.day)).toEqual([today]);
    expect(res.totals.messagesIn).toBe(7);
  });

  it("validates the range", async () => {
    const t = await createTenant();
    for (const q of ["from=2025-03-02&to=2025-03-01", "from=2024-01-01&to=2025-01-01", "from=2025-02-30", "to=2025-3-1", "from=2001-01-01"]) {
      const res = await admin("GET", `/admin/tenants/${t.instance}/usage?${q}`);
      expect(res.status, q).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_request" });
    }
    expect((await admin("GET", `/admin/tenants/${t.instance}/usage?from=2024-01-01&to=2024-12-31`)).status).toBe(200);
    expect((await admin("GET", "/admin/tenants/no-such-tenant/usage")).status).toBe(404);
  });
});
