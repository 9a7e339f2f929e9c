import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { admin, createTenant } from "../../helpers/app";
import { installFakeProviders, type FakeProviders } from "../../helpers/fake-providers";
import { api, inviteToTenant, newPhone, PANEL_ORIGIN, sessionCookie } from "../../helpers/panel";

let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => fake.restore());

const json = async (res: Response) => (await res.json()) as any;

/** The code in the last sign-in message sent to the phone, once the 202's background send ran. */
async function codeSentTo(phone: string): Promise<string> {
  let code = "";
  await vi.waitFor(
    () => {
      const texts = fake.textsTo(`${phone}@s.whatsapp.net`);
      expect(texts.length).toBeGreaterThan(0);
      code = /\b(\d{6})\b/.exec(texts.at(-1)!)![1]!;
    },
    { timeout: 5000, interval: 20 },
  );
  return code;
}

describe("invite link → password", () => {
  it("signs the invited person in with the password they chose, and the password works afterwards", async () => {
    const t = await createTenant({ name: "Padaria Centro" });
    const phone = newPhone();
    const token = await inviteToTenant(t.instance, { role: "owner", name: "Dona Maria", phone });

    const accepted = await api("POST", "/api/auth/invite/accept", { body: { token, password: "pao-de-queijo-42" } });
    expect(accepted.status).toBe(200);
    const me = await json(accepted);
    expect(me).toEqual({
      user: { id: expect.any(String), name: "Dona Maria", role: "owner", login: phone },
      tenant: { instance: t.instance, name: "Padaria Centro", connectionState: "unknown" },
    });
    const cookie = accepted.headers.getSetCookie().find((h) => h.startsWith("atenbot_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);

    const session = sessionCookie(accepted)!;
    expect(await json(await api("GET", "/api/me", { session }))).toEqual(me);

    // Typed the way a person types a phone number.
    const typed = `(${phone.slice(2, 4)}) ${phone.slice(4, 9)}-${phone.slice(9)}`;
    const login = await api("POST", "/api/auth/login", { body: { login: typed, password: "pao-de-queijo-42" } });
    expect(login.status).toBe(200);
    expect(await json(login)).toEqual(me);
    expect(sessionCookie(login)).not.toBe(session);
  });

  it("refuses a reused invite and an expired one with 410, and keeps no user for them", async () => {
    const t = await createTenant();
    const token = await inviteToTenant(t.instance, { role: "agent", name: "Júlia", phone: newPhone() });
    expect((await api("POST", "/api/auth/invite/accept", { body: { token, password: "primeira-senha" } })).status).toBe(200);
    const reused = await api("POST", "/api/auth/invite/accept", { body: { token, password: "segunda-senha" } });
    expect(reused.status).toBe(410);
    expect(await json(reused)).toEqual({ error: "invite_expired" });
    expect(sessionCookie(reused)).toBeNull();

    const expiring = await inviteToTenant(t.instance, { role: "agent", name: "Beto", email: "beto@padaria.test" });
    await env.DB.prepare("UPDATE invites SET expires_at = ? WHERE login = ?").bind(Date.now() - 1, "beto@padaria.test").run();
    const expired = await api("POST", "/api/auth/invite/accept", { body: { token: expiring, password: "senha-do-beto" } });
    expect(expired.status).toBe(410);
    expect(await json(expired)).toEqual({ error: "invite_expired" });
    const users = await json(await admin("GET", `/admin/tenants/${t.instance}/users`));
    expect(users.items.map((u: { name: string }) => u.name)).toEqual(["Júlia"]);
  });

  it("refuses a password shorter than 8 characters and an invite for a login already taken", async () => {
    const t = await createTenant();
    const phone = newPhone();
    const token = await inviteToTenant(t.instance, { role: "owner", name: "Dona Maria", phone });
    const short = await api("POST", "/api/auth/invite/accept", { body: { token, password: "curta" } });
    expect(short.status).toBe(400);
    expect((await json(short)).details[0].path).toBe("password");
    expect((await api("POST", "/api/auth/invite/accept", { body: { token, password: "agora-sim-longa" } })).status).toBe(200);
    const again = await admin("POST", `/admin/tenants/${t.instance}/invites`, { role: "agent", name: "Outra", phone });
    expect(again.status).toBe(409);
  });
});

describe("login + password", () => {
  it("answers the same 401 body for an unknown login and a wrong password, and sets no cookie", async () => {
    const t = await createTenant();
    const phone = newPhone();
    const token = await inviteToTenant(t.instance, { role: "owner", name: "Dona Maria", phone });
    await api("POST", "/api/auth/invite/accept", { body: { token, password: "senha-certa-123" } });

    const wrong = await api("POST", "/api/auth/login", { body: { login: phone, password: "senha-errada-1" }, ip: "203.0.113.7" });
    const unknown = await api("POST", "/api/auth/login", { body: { login: "5511912345678", password: "senha-errada-1" }, ip: "203.0.113.7" });
    const notALogin = await api("POST", "/api/auth/login", { body: { login: "ninguem", password: "x" }, ip: "203.0.113.7" });
    for (const res of [wrong, unknown, notALogin]) {
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('{"error":"invalid_credentials"}');
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it("locks a login for 15 minutes after 5 wrong passwords: the 6th try is 429 even with the right one", async () => {
    const t = await createTenant();
    const phone = newPhone();
    const token = await inviteToTenant(t.instance, { role: "owner", name: "Dona Maria", phone });
    await api("POST", "/api/auth/invite/accept", { body: { token, password: "senha-certa-123" } });

    for (let i = 1; i <= 5; i++) {
      const res = await api("POST", "/api/auth/login", { body: { login: phone, password: `errada-${i}` }, ip: `203.0.113.${10 + i}` });
      expect(res.status, `try ${i}`).toBe(401);
    }
    const locked = await api("POST", "/api/auth/login", { body: { login: phone, password: "senha-certa-123" }, ip: "203.0.113.99" });
    expect(locked.status).toBe(429);
    expect(await json(locked)).toEqual({ error: "too_many_attempts" });
    expect(sessionCookie(locked)).toBeNull();

    // An unknown login locks the same way: a 429 tells nothing about who exists.
    for (let i = 1; i <= 5; i++) await api("POST", "/api/auth/login", { body: { login: "5511912340000", password: "x" }, ip: `203.0.113.${30 + i}` });
    expect((await api("POST", "/api/auth/login", { body: { login: "5511912340000", password: "x" }, ip: "203.0.113.98" })).status).toBe(429);

    // Once the lock is over (moved back in time here), the right password works again.
    await env.DB.prepare("UPDATE auth_failures SET locked_until = ? WHERE key = ?").bind(Date.now() - 1, `login:${phone}`).run();
    expect((await api("POST", "/api/auth/login", { body: { login: phone, password: "senha-certa-123" }, ip: "203.0.113.97" })).status).toBe(200);
  });

  it("locks a client address after 20 failures, whichever logins they tried", async () => {
    for (let i = 0; i < 20; i++) {
      const res = await api("POST", "/api/auth/login", { body: { login: `55119123${String(i).padStart(5, "0")}`, password: "x" }, ip: "192.0.2.50" });
      expect(res.status).toBe(401);
    }
    const res = await api("POST", "/api/auth/login", { body: { login: "5511912399999", password: "x" }, ip: "192.0.2.50" });
    expect(res.status).toBe(429);
  });
});

describe("code over WhatsApp", () => {
  it("sends a 6-digit code through the user's tenant's instance and signs in with it once", async () => {
    const t = await createTenant({ name: "Padaria Centro" });
    const phone = newPhone();
    const token = await inviteToTenant(t.instance, { role: "agent", name: "Júlia", phone });
    await api("POST", "/api/auth/invite/accept", { body: { token, password: "senha-da-julia" } });

    const asked = await api("POST", "/api/auth/code", { body: { phone: `+${phone}` } });
    expect(asked.status).toBe(202);
    const code = await codeSentTo(phone);
    expect(code).toMatch(/^\d{6}$/);
    const send = fake.sent.find((s) => s.body.number === `${phone}@s.whatsapp.net`)!;
    expect(send.url).toBe(`https://evo.test/message/sendText/${t.instance}`);
    expect(send.body.text).toContain("código");

    const wrong = await api("POST", "/api/auth/code/verify", { body: { phone, code: code === "000000" ? "111111" : "000000" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toBe('{"error":"invalid_credentials"}');

    const verified = await api("POST", "/api/auth/code/verify", { body: { phone, code } });
    expect(verified.status).toBe(200);
    expect((await json(verified)).user).toMatchObject({ name: "Júlia", role: "agent", login: phone });
    const session = sessionCookie(verified)!;
    expect((await api("GET", "/api/me", { session })).status).toBe(200);
    // Single use.
    expect((await api("POST", "/api/auth/code/verify", { body: { phone, code } })).status).toBe(401);
  });

  it("answers 202 for a number nobody has and sends nothing", async () => {
    const res = await api("POST", "/api/auth/code", { body: { phone: "5511912345670" } });
    expect(res.status).toBe(202);
    const known = await createTenant();
    const phone = newPhone();
    const token = await inviteToTenant(known.instance, { role: "agent", name: "Júlia", phone });
    await api("POST", "/api/auth/invite/accept", { body: { token, password: "senha-da-julia" } });
    const knownRes = await api("POST", "/api/auth/code", { body: { phone } });
    expect(knownRes.status).toBe(202);
    expect(await knownRes.text()).toBe(await (await api("POST", "/api/auth/code", { body: { phone: "5511912345671" } })).text());
    await codeSentTo(phone);
    expect(fake.sent.map((s) => s.body.number)).toEqual([`${phone}@s.whatsapp.net`]);
  });

  it("refuses a code after 10 minutes, and after 5 wrong tries even the right one", async () => {
    const t = await createTenant();
    const phone = newPhone();
    const token = await inviteToTenant(t.instance, { role: "owner", name: "Dona Maria", phone });
    await api("POST", "/api/auth/invite/accept", { body: { token, password: "senha-certa-123" } });
    await api("POST", "/api/auth/code", { body: { phone } });
    const code = await codeSentTo(phone);
    await env.DB.prepare("UPDATE login_codes SET expires_at = ? WHERE login = ?").bind(Date.now() - 1, phone).run();
    expect((await api("POST", "/api/auth/code/verify", { body: { phone, code } })).status).toBe(401);

    // The expired try counted against the login: start the window afresh for the tries below.
    await env.DB.prepare("DELETE FROM auth_failures WHERE key = ?").bind(`login:${phone}`).run();
    await env.DB.prepare("UPDATE login_codes SET expires_at = ? WHERE login = ?").bind(Date.now() + 600_000, phone).run();
    const wrongCode = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      const res = await api("POST", "/api/auth/code/verify", { body: { phone, code: wrongCode }, ip: `203.0.113.${50 + i}` });
      expect(res.status).toBe(401);
    }
    // Five failures lock the login...
    expect((await api("POST", "/api/auth/code/verify", { body: { phone, code }, ip: "203.0.113.80" })).status).toBe(429);
    // ...and once the lock is over, the code itself is used up.
    await env.DB.prepare("DELETE FROM auth_failures WHERE key = ?").bind(`login:${phone}`).run();
    expect((await api("POST", "/api/auth/code/verify", { body: { phone, code }, ip: "203.0.113.81" })).status).toBe(401);
  });
});

describe("sessions", () => {
  it("logout revokes this session only; ?everywhere=1 revokes all of the user's", async () => {
    const t = await createTenant();
    const phone = newPhone();
    const token = await inviteToTenant(t.instance, { role: "owner", name: "Dona Maria", phone });
    const first = sessionCookie(await api("POST", "/api/auth/invite/accept", { body: { token, password: "senha-certa-123" } }))!;
    const signIn = async () => sessionCookie(await api("POST", "/api/auth/login", { body: { login: phone, password: "senha-certa-123" } }))!;
    const second = await signIn();
    const third = await signIn();

    const out = await api("POST", "/api/auth/logout", { session: first });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/atenbot_session=;.*Max-Age=0/);
    expect((await api("GET", "/api/me", { session: first })).status).toBe(401);
    expect((await api("GET", "/api/me", { session: second })).status).toBe(200);

    expect((await api("POST", "/api/auth/logout?everywhere=1", { session: second })).status).toBe(204);
    for (const s of [second, third]) {
      const res = await api("GET", "/api/me", { session: s });
      expect(res.status).toBe(401);
      expect(await json(res)).toEqual({ error: "unauthorized" });
    }
  });

  it("an expired session is refused; one in use slides its expiry at most hourly", async () => {
    const t = await createTenant();
    const phone = newPhone();
    const token = await inviteToTenant(t.instance, { role: "owner", name: "Dona Maria", phone });
    const accepted = await api("POST", "/api/auth/invite/accept", { body: { token, password: "senha-certa-123" } });
    const session = sessionCookie(accepted)!;
    const userId = (await json(accepted)).user.id as string;
    const row = () => env.DB.prepare("SELECT expires_at, last_used_at FROM sessions WHERE user_id = ?").bind(userId).first<{ expires_at: number; last_used_at: number }>();
    const setTimes = (lastUsedAt: number, expiresAt: number) =>
      env.DB.prepare("UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE user_id = ?").bind(lastUsedAt, expiresAt, userId).run();
    const created = (await row())!;
    expect(created.expires_at - created.last_used_at).toBe(30 * 86_400_000);
    await api("GET", "/api/me", { session });
    expect(await row()).toEqual(created);

    const twoHoursAgo = Date.now() - 2 * 3_600_000;
    await setTimes(twoHoursAgo, twoHoursAgo + 30 * 86_400_000);
    expect((await api("GET", "/api/me", { session })).status).toBe(200);
    const slid = (await row())!;
    expect(slid.last_used_at).toBeGreaterThan(twoHoursAgo);
    expect(slid.expires_at).toBeGreaterThanOrEqual(created.expires_at);

    await setTimes(Date.now() - 3_600_000, Date.now() - 1);
    expect((await api("GET", "/api/me", { session })).status).toBe(401);
  });

  it("the operator makes the first platform user through the admin API, who then uses /admin with their session", async () => {
    const res = await admin("POST", "/admin/platform/invites", { name: "Operadora", email: "ops@atenbot.test" });
    expect(res.status).toBe(201);
    const { inviteUrl } = await json(res);
    expect(inviteUrl).toMatch(new RegExp(`^${PANEL_ORIGIN}/convite/[A-Za-z0-9_-]{43}$`));
    const accepted = await api("POST", "/api/auth/invite/accept", { body: { token: inviteUrl.split("/").pop(), password: "operadora-123" } });
    expect(await json(accepted)).toMatchObject({ user: { role: "platform", login: "ops@atenbot.test" }, tenant: null });
    const session = sessionCookie(accepted)!;

    const t = await createTenant();
    const list = await api("GET", "/admin/tenants", { session });
    expect(list.status).toBe(200);
    expect((await json(list)).items.map((x: { instance: string }) => x.instance)).toContain(t.instance);
    // A write through the session needs the panel's Origin, like every panel request.
    expect((await api("PATCH", `/admin/tenants/${t.instance}`, { session, origin: "https://evil.test", body: { name: "x" } })).status).toBe(403);
    expect((await api("PATCH", `/admin/tenants/${t.instance}`, { session, body: { name: "Renomeada" } })).status).toBe(200);

    // An owner's session is no way into /admin.
    const ownerToken = await inviteToTenant(t.instance, { role: "owner", name: "Dona Maria", phone: newPhone() });
    const owner = sessionCookie(await api("POST", "/api/auth/invite/accept", { body: { token: ownerToken, password: "senha-certa-123" } }))!;
    const refused = await api("GET", "/admin/tenants", { session: owner });
    expect(refused.status).toBe(401);
    expect(await json(refused)).toEqual({ error: "unauthorized" });

    // The operator picks a tenant to view its panel read-only.
    expect((await api("GET", "/api/settings", { session })).status).toBe(403);
    const viewing = await api("PUT", "/api/me/tenant", { session, body: { instance: t.instance } });
    expect((await json(viewing)).tenant.instance).toBe(t.instance);
    expect((await api("GET", "/api/settings", { session })).status).toBe(200);
    expect((await api("PATCH", "/api/settings", { session, body: { systemPrompt: "x" } })).status).toBe(403);
  });
});
