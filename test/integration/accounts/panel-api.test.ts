import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import created from "../../fixtures/evolution/http/instance-create.response-201.json";
import { admin, createTenant } from "../../helpers/app";
import { deliver, drain } from "../../helpers/conversation";
import { EVOLUTION_URL, geminiText, installFakeProviders, type FakeProviders } from "../../helpers/fake-providers";
import { api, inviteToTenant, newPhone, sessionCookie, signedInUser } from "../../helpers/panel";
import { textUpsert } from "../../helpers/payloads";

const ANA = "5511999990001@s.whatsapp.net";
const BRUNO = "5511999990002@s.whatsapp.net";

let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => {
  fake.restore();
  vi.restoreAllMocks();
});

const json = async (res: Response) => (await res.json()) as any;
const get = async (path: string, session: string) => {
  const res = await api("GET", path, { session });
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
  return json(res);
};

describe("conversations", () => {
  it("lists conversations newest first with the last message, unread count and status; read clears unread", async () => {
    const t = await createTenant();
    const { session } = await signedInUser(t.instance);
    const ts = Math.floor(Date.now() / 1000);
    fake.onGemini(geminiText("Abrimos às 7h."));
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, from: ANA, pushName: "Ana", text: "Que horas abre?", ts: ts - 60 }), textUpsert({ instance: t.instance, from: ANA, pushName: "Ana", text: "E domingo?", ts: ts - 59 }));
    await drain(t.id, ANA);
    fake.onGemini(geminiText("Temos, sim!"));
    await deliver(t.id, BRUNO, textUpsert({ instance: t.instance, from: BRUNO, pushName: "Bruno", text: "Tem bolo de cenoura?", ts }));
    await drain(t.id, BRUNO);

    // Bruno's conversation moved last, so it comes first.
    const list = await get("/api/conversations", session);
    expect(list.nextCursor).toBeNull();
    expect(list.items.map((c: any) => c.contact)).toEqual([BRUNO, ANA]);
    expect(list.items[1]).toEqual({
      contact: ANA,
      name: "Ana",
      lastMessage: { direction: "out", kind: "text", text: "Abrimos às 7h.", at: expect.any(String) },
      unread: 2,
      status: "bot",
      pausedUntil: null,
      assignedTo: null,
    });
    expect(list.items[0]).toMatchObject({ name: "Bruno", unread: 1, lastMessage: { direction: "out", text: "Temos, sim!" } });

    const read = await api("POST", `/api/conversations/${encodeURIComponent(ANA)}/read`, { session });
    expect(read.status).toBe(204);
    expect((await get("/api/conversations", session)).items.map((c: any) => c.unread)).toEqual([1, 0]);
    expect((await api("POST", `/api/conversations/${encodeURIComponent("5511900000000@s.whatsapp.net")}/read`, { session })).status).toBe(404);

    // Search by name or number, filter by status, and page with the cursor.
    expect((await get("/api/conversations?q=brun", session)).items.map((c: any) => c.contact)).toEqual([BRUNO]);
    expect((await get("/api/conversations?q=99990001", session)).items.map((c: any) => c.contact)).toEqual([ANA]);
    expect((await get("/api/conversations?q=%25", session)).items).toEqual([]);
    expect((await get("/api/conversations?status=human", session)).items).toEqual([]);
    expect((await get("/api/conversations?status=bot", session)).items).toHaveLength(2);
    const first = await get("/api/conversations?limit=1", session);
    expect(first.items.map((c: any) => c.contact)).toEqual([BRUNO]);
    const second = await get(`/api/conversations?limit=1&cursor=${first.nextCursor}`, session);
    expect(second.items.map((c: any) => c.contact)).toEqual([ANA]);
    expect(second.nextCursor).toBeNull();
    const bad = await api("GET", "/api/conversations?cursor=bm9wZQ", { session });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toBe("invalid_request");
  });

  it("pages a transcript oldest first, each message with its direction and author", async () => {
    const t = await createTenant();
    const { session } = await signedInUser(t.instance);
    const at = Date.now() - 60_000;
    // Rows as the turns and the panel store them: the customer, the bot, an attendant.
    const rows: [string, string, string, string | null][] = [
      ["w1", "in", "pergunta 0", null],
      ["bot:1:0", "out", "resposta 0", null],
      ["w2", "in", "pergunta 1", null],
      ["3EB0AAA", "human", "aqui é a Júlia", "Júlia"],
      ["w3", "in", "pergunta 2", null],
      ["bot:2:0", "out", "resposta 2", null],
    ];
    await env.DB.batch([
      env.DB.prepare("INSERT INTO contacts (tenant_id, jid, created_at) VALUES (?, ?, ?)").bind(t.id, ANA, at),
      ...rows.map(([id, direction, text, author], i) =>
        env.DB.prepare("INSERT INTO messages (tenant_id, wa_id, contact_jid, direction, kind, text, at, author_name) VALUES (?, ?, ?, ?, 'text', ?, ?, ?)").bind(t.id, id, ANA, direction, text, at + i * 1000, author),
      ),
    ]);
    const path = `/api/conversations/${encodeURIComponent(ANA)}/messages`;
    const all = await get(path, session);
    expect(all.items.map((m: any) => `${m.direction}:${m.text}:${m.author}`)).toEqual([
      "in:pergunta 0:null",
      "out:resposta 0:null",
      "in:pergunta 1:null",
      "human:aqui é a Júlia:Júlia",
      "in:pergunta 2:null",
      "out:resposta 2:null",
    ]);
    expect(all.items[3]).toEqual({ id: "3EB0AAA", direction: "human", kind: "text", text: "aqui é a Júlia", at: new Date(at + 3000).toISOString(), author: "Júlia" });
    expect(all.nextBefore).toBeNull();

    const newest = await get(`${path}?limit=4`, session);
    expect(newest.items.map((m: any) => m.text)).toEqual(["pergunta 1", "aqui é a Júlia", "pergunta 2", "resposta 2"]);
    const older = await get(`${path}?limit=4&before=${newest.nextBefore}`, session);
    expect(older.items.map((m: any) => m.text)).toEqual(["pergunta 0", "resposta 0"]);
    expect(older.nextBefore).toBeNull();
    expect((await api("GET", `/api/conversations/${encodeURIComponent("5511900000000@s.whatsapp.net")}/messages`, { session })).status).toBe(404);
    expect((await api("GET", `/api/conversations/nao-e-um-jid/messages`, { session })).status).toBe(400);
    expect((await api("GET", `${path}?before=xyz`, { session })).status).toBe(400);
  });
});

describe("settings", () => {
  it("an owner's patch is merged key by key as in the admin API and audited; operator-only keys are refused by name", async () => {
    const t = await createTenant({ bot: { handoff: { keywords: ["atendente"], pauseMinutes: 60 }, monthlyAiReplies: 500 } });
    const { session } = await signedInUser(t.instance, "owner", "Dona Maria");
    const before = await get("/api/settings", session);
    expect(before.handoff).toMatchObject({ keywords: ["atendente"], pauseMinutes: 60 });

    const patched = await api("PATCH", "/api/settings", { session, body: { systemPrompt: "Você é a Luzia.", handoff: { message: "Já chamo alguém!" } } });
    expect(patched.status).toBe(200);
    const after = await json(patched);
    expect(after.systemPrompt).toBe("Você é a Luzia.");
    expect(after.handoff).toMatchObject({ keywords: ["atendente"], pauseMinutes: 60, message: "Já chamo alguém!" });
    expect((await json(await admin("GET", `/admin/tenants/${t.instance}`))).bot).toEqual(after);

    for (const key of ["model", "monthlyAiReplies", "dailyAiCalls", "contactAiCallsPerHour", "aiTimeoutMs", "debounceMs"]) {
      const res = await api("PATCH", "/api/settings", { session, body: { [key]: 1 } });
      expect(res.status, key).toBe(400);
      expect((await json(res)).details).toEqual([{ path: key, message: expect.stringContaining("operator") }]);
    }
    const invalid = await api("PATCH", "/api/settings", { session, body: { handoff: { pauseMinutes: 0 } } });
    expect(invalid.status).toBe(400);
    expect((await json(invalid)).details[0].path).toContain("pauseMinutes");
    expect((await json(await admin("GET", `/admin/tenants/${t.instance}`))).bot).toEqual(after);

    const trail = await get("/api/audit", session);
    expect(trail.items.map((e: any) => e.action)).toEqual(["settings.update", "auth.login", "user.join", "user.invite"]);
    expect(trail.items[0]).toMatchObject({ actor: { name: "Dona Maria", role: "owner" }, details: { keys: ["systemPrompt", "handoff"] } });

    // The operator's changes through the admin API are in the same trail, by the admin token.
    expect((await admin("PATCH", `/admin/tenants/${t.instance}`, { bot: { fallbackText: "Um instante!" } })).status).toBe(200);
    expect((await get("/api/audit", session)).items[0]).toMatchObject({ action: "settings.update", actor: null, details: { keys: ["fallbackText"] } });
  });
});

describe("users", () => {
  it("the owner invites an agent, sees them, removes them (their sessions end), and cannot remove the last owner", async () => {
    const t = await createTenant();
    const owner = await signedInUser(t.instance, "owner", "Dona Maria");
    const phone = newPhone();
    const invited = await api("POST", "/api/users", { session: owner.session, body: { role: "agent", name: "Júlia", phone } });
    expect(invited.status).toBe(201);
    const { inviteUrl, expiresAt } = await json(invited);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const accepted = await api("POST", "/api/auth/invite/accept", { body: { token: inviteUrl.split("/").pop(), password: "senha-da-julia" } });
    const agent = sessionCookie(accepted)!;
    const agentId = (await json(accepted)).user.id;

    const users = await get("/api/users", owner.session);
    expect(users.items.map((u: any) => [u.name, u.role, u.login])).toEqual([["Dona Maria", "owner", owner.phone], ["Júlia", "agent", phone]]);
    expect(JSON.stringify(users)).not.toContain("password");
    expect((await json(await admin("GET", `/admin/tenants/${t.instance}/users`))).items).toEqual(users.items);

    expect((await api("POST", "/api/users", { session: owner.session, body: { role: "agent", name: "De novo", phone } })).status).toBe(409);
    expect((await api("POST", "/api/users", { session: owner.session, body: { role: "agent", name: "Sem contato" } })).status).toBe(400);
    expect((await api("POST", "/api/users", { session: owner.session, body: { role: "agent", name: "X", phone: "123" } })).status).toBe(400);

    expect((await api("GET", "/api/me", { session: agent })).status).toBe(200);
    expect((await api("DELETE", `/api/users/${agentId}`, { session: owner.session })).status).toBe(204);
    expect((await api("GET", "/api/me", { session: agent })).status).toBe(401);
    expect((await api("POST", "/api/auth/login", { body: { login: phone, password: "senha-da-julia" } })).status).toBe(401);
    expect((await api("DELETE", `/api/users/${agentId}`, { session: owner.session })).status).toBe(404);

    const last = await api("DELETE", `/api/users/${owner.user.id}`, { session: owner.session });
    expect(last.status).toBe(409);
    expect(await json(last)).toEqual({ error: "last_owner" });

    const trail = await json(await admin("GET", `/admin/tenants/${t.instance}/audit`));
    expect(trail.items.map((e: any) => e.action)).toEqual(["user.remove", "auth.login", "user.join", "user.invite", "auth.login", "user.join", "user.invite"]);
    expect(trail.items[0]).toMatchObject({ actor: { name: "Dona Maria" }, target: agentId, details: { role: "agent", name: "Júlia" } });
    expect(trail.items.at(-1)).toMatchObject({ actor: null, details: { role: "owner" } });
    const page = await json(await admin("GET", `/admin/tenants/${t.instance}/audit?limit=3`));
    const rest = await json(await admin("GET", `/admin/tenants/${t.instance}/audit?limit=10&cursor=${page.nextCursor}`));
    expect([...page.items, ...rest.items]).toEqual(trail.items);
  });
});

describe("usage and WhatsApp", () => {
  it("usage shows the admin API's daily counters and the month against the quota", async () => {
    const t = await createTenant({ bot: { monthlyAiReplies: 1000 } });
    const { session } = await signedInUser(t.instance);
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, from: ANA, text: "oi" }));
    await drain(t.id, ANA);
    const usage = await get("/api/usage", session);
    const adminUsage = await json(await admin("GET", `/admin/tenants/${t.instance}/usage`));
    expect(usage.items).toEqual(adminUsage.items);
    expect(usage.totals).toEqual(adminUsage.totals);
    expect(usage.totals).toMatchObject({ messagesIn: 1, repliesSent: 1, aiCalls: 1 });
    expect(usage.month).toEqual({ month: usage.items[0].day.slice(0, 7), aiCalls: 1, quota: 1000 });
    expect((await api("GET", "/api/usage?from=2026-02-30", { session })).status).toBe(400);
  });

  it("connect provisions an instance for a tenant without one and shows its QR code", async () => {
    const t = await createTenant({ evolution: { url: EVOLUTION_URL } });
    const { session } = await signedInUser(t.instance);
    expect(await get("/api/whatsapp", session)).toEqual({ state: "unknown", qrcode: null });
    const base = vi.mocked(globalThis.fetch).getMockImplementation()!;
    vi.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
      const url = new Request(input as RequestInfo, init as RequestInit).url;
      if (url === `${EVOLUTION_URL}/instance/create`) return Response.json({ ...created, hash: "PROVISIONED-TOKEN-0000000000" }, { status: 201 });
      if (url.startsWith(`${EVOLUTION_URL}/instance/connect/`)) return Response.json({ pairingCode: null, code: "2@fresh", base64: "data:image/png;base64,iVBORw0KGgo=", count: 1 });
      return base(input, init);
    });
    const connected = await api("POST", "/api/whatsapp/connect", { session });
    expect(connected.status).toBe(200);
    expect(await json(connected)).toEqual({ state: "unknown", qrcode: { code: created.qrcode.code, base64: created.qrcode.base64 } });
    expect((await json(await admin("GET", `/admin/tenants/${t.instance}`))).evolution.hasApiKey).toBe(true);
    expect(await get("/api/whatsapp", session)).toEqual({ state: "unknown", qrcode: { code: "2@fresh", base64: "data:image/png;base64,iVBORw0KGgo=" } });
    const trail = await get("/api/audit", session);
    expect(trail.items[0]).toMatchObject({ action: "whatsapp.connect", details: { provisioned: true } });
    // The invite link's token was only ever in the response that created it.
    expect(JSON.stringify(trail)).not.toMatch(/[A-Za-z0-9_-]{43}/);
  });
});

describe("sessions in D1", () => {
  it("keep only hashes: no session id, invite token, code or password is stored in the clear", async () => {
    const t = await createTenant();
    const phone = newPhone();
    const token = await inviteToTenant(t.instance, { role: "owner", name: "Dona Maria", phone });
    const accepted = await api("POST", "/api/auth/invite/accept", { body: { token, password: "senha-secreta-9" } });
    const session = sessionCookie(accepted)!;
    await api("POST", "/api/auth/code", { body: { phone } });
    await vi.waitFor(() => expect(fake.textsTo(`${phone}@s.whatsapp.net`)).toHaveLength(1), { timeout: 5000, interval: 20 });
    const code = /\b(\d{6})\b/.exec(fake.textsTo(`${phone}@s.whatsapp.net`)[0]!)![1]!;
    const dump = JSON.stringify(await env.DB.batch(["users", "sessions", "invites", "login_codes", "audit_events"].map((x) => env.DB.prepare(`SELECT * FROM ${x}`))));
    for (const secret of [session, token, "senha-secreta-9"]) expect(dump).not.toContain(secret);
    expect(dump).not.toMatch(new RegExp(`"${code}"`));
  });
});
