import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import closeLoggedOut from "../../fixtures/evolution/webhook/18-connection.update-close-loggedout.json";
import qrcodeUpdated from "../../fixtures/evolution/webhook/20-qrcode.updated.json";
import { createTenant, INSTANCE_TOKEN, postWebhook } from "../../helpers/app";
import { api, PANEL_ORIGIN, sessionCookie, signedInUser } from "../../helpers/panel";

/** Opens `/api/live` as the panel does; resolves with the client end of the socket. */
async function openLive(opts: { session?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = { upgrade: "websocket" };
  const origin = opts.origin === undefined ? PANEL_ORIGIN : opts.origin;
  if (origin !== null) headers.origin = origin;
  if (opts.session) headers.cookie = `atenbot_session=${opts.session}`;
  const res = await SELF.fetch(`${PANEL_ORIGIN}/api/live`, { headers });
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const messages: unknown[] = [];
  const closed = new Promise<{ code: number }>((resolve) => ws.addEventListener("close", (e) => resolve({ code: e.code })));
  ws.addEventListener("message", (e) => {
    messages.push(JSON.parse(String(e.data)));
  });
  ws.accept();
  return { ws, messages, closed };
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check(), what).toBe(true);
}

describe("GET /api/live", () => {
  it("closes with 4401 when there is no session", async () => {
    const { closed } = await openLive();
    expect((await closed).code).toBe(4401);
  });

  it("closes with 4403 when the upgrade comes from another site, even with a valid session", async () => {
    const tenant = await createTenant();
    const { session } = await signedInUser(tenant.instance);
    const { closed } = await openLive({ session, origin: "https://evil.example" });
    expect((await closed).code).toBe(4403);
  });

  it("answers 426 to a plain GET", async () => {
    const res = await SELF.fetch(`${PANEL_ORIGIN}/api/live`);
    expect(res.status).toBe(426);
  });

  it("delivers the tenant's events to its owner and agent, and nothing of another tenant", async () => {
    const tenant = await createTenant();
    const other = await createTenant();
    const owner = await openLive({ session: (await signedInUser(tenant.instance, "owner")).session });
    const agent = await openLive({ session: (await signedInUser(tenant.instance, "agent")).session });
    const stranger = await openLive({ session: (await signedInUser(other.instance, "owner")).session });

    const reached = await env.HUB.getByName(tenant.id).publish({ type: "connection", state: "open" });
    expect(reached).toBe(2);
    await until(() => owner.messages.length === 1 && agent.messages.length === 1, "both panels got the event");
    expect(owner.messages[0]).toEqual({ type: "connection", state: "open" });
    expect(stranger.messages).toEqual([]);
  });

  it("sends an event for one user to that user's panels only", async () => {
    const tenant = await createTenant();
    const maria = await signedInUser(tenant.instance, "owner");
    const julia = await signedInUser(tenant.instance, "owner", "Júlia");
    const mine = await openLive({ session: maria.session });
    const theirs = await openLive({ session: julia.session });

    expect(await env.HUB.getByName(tenant.id).publish({ type: "qrcode" }, { user: maria.user.id })).toBe(1);
    await until(() => mine.messages.length === 1, "the user's panel got it");
    expect(theirs.messages).toEqual([]);
  });

  it("reaches nobody once the panel has closed its socket", async () => {
    const tenant = await createTenant();
    const panel = await openLive({ session: (await signedInUser(tenant.instance)).session });
    panel.ws.close(1000, "bye");
    await panel.closed;
    let reached = 1;
    for (let i = 0; i < 50 && reached > 0; i++) {
      reached = await env.HUB.getByName(tenant.id).publish({ type: "qrcode" });
      if (reached > 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(reached).toBe(0);
  });

  it("tells the open panel when Evolution reports a new connection state or QR code", async () => {
    const tenant = await createTenant();
    const panel = await openLive({ session: (await signedInUser(tenant.instance)).session });
    expect((await postWebhook({ ...closeLoggedOut, instance: tenant.instance, apikey: INSTANCE_TOKEN })).status).toBe(200);
    expect((await postWebhook({ ...qrcodeUpdated, instance: tenant.instance, apikey: INSTANCE_TOKEN })).status).toBe(200);
    await until(() => panel.messages.length === 2, "two events");
    expect(panel.messages).toEqual([{ type: "connection", state: "close" }, { type: "qrcode" }]);
  });

  it("closes a session's socket when it signs out, and all of a user's when they sign out everywhere", async () => {
    const tenant = await createTenant();
    const maria = await signedInUser(tenant.instance);
    const login = await api("POST", "/api/auth/login", { body: { login: maria.phone, password: maria.password } });
    const other = sessionCookie(login)!;
    const third = sessionCookie(await api("POST", "/api/auth/login", { body: { login: maria.phone, password: maria.password } }))!;
    const [a, b, c] = [await openLive({ session: maria.session }), await openLive({ session: other }), await openLive({ session: third })];

    expect((await api("POST", "/api/auth/logout", { session: maria.session })).status).toBe(204);
    expect((await a.closed).code).toBe(4401);
    expect(await env.HUB.getByName(tenant.id).publish({ type: "qrcode" })).toBe(2);

    expect((await api("POST", "/api/auth/logout?everywhere=1", { session: other })).status).toBe(204);
    expect([(await b.closed).code, (await c.closed).code]).toEqual([4401, 4401]);
  });

  it("closes the sockets of a person removed from the team", async () => {
    const tenant = await createTenant();
    const owner = await signedInUser(tenant.instance);
    const agent = await signedInUser(tenant.instance, "agent");
    const panel = await openLive({ session: agent.session });
    expect((await api("DELETE", `/api/users/${agent.user.id}`, { session: owner.session })).status).toBe(204);
    expect((await panel.closed).code).toBe(4401);
  });
});
