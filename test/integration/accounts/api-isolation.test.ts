import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mayUse, type Role } from "../../../src/domain/roles";
import { admin, createTenant, postWebhook } from "../../helpers/app";
import { API_ROUTES, type ApiRoute } from "../../helpers/api-routes";
import { conversation, drain } from "../../helpers/conversation";
import { installFakeProviders, type FakeProviders } from "../../helpers/fake-providers";
import { api, sessionCookie, signedInUser } from "../../helpers/panel";
import { textUpsert } from "../../helpers/payloads";

/**
 * The panel's API is scoped to the signed-in user's tenant: no route answers without a session,
 * none reaches another tenant's contacts, people or settings, none changes state from another
 * origin, and each refuses the roles that may not use it.
 */

const ONLY_B = "5511977770002@s.whatsapp.net";
const B_SECRET = "segredo do cliente de B";

let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => {
  fake.restore();
  vi.restoreAllMocks();
});

const methodOf = (r: ApiRoute) => r.route.split(" ")[0]!;
const pathOf = (r: ApiRoute, fill: { contact: string; id: string }) =>
  r.route.split(" ")[1]!.replace("{contact}", encodeURIComponent(fill.contact)).replace("{id}", encodeURIComponent(fill.id));

async function tenantWithCustomer(apiKey: string, customer: string, text: string, pushName: string) {
  const t = await createTenant({ apiKey });
  const res = await postWebhook(textUpsert({ instance: t.instance, from: customer, text, pushName, apikey: apiKey }));
  expect(res.status).toBe(200);
  await vi.waitFor(async () => expect((await conversation(t.id, customer).inspect()).seen).toBe(1), { timeout: 10_000, interval: 50 });
  await drain(t.id, customer);
  return t;
}

/** Everything D1 and B's conversation object hold of tenant B. */
async function everythingOf(b: { id: string }) {
  const tables = ["tenants WHERE id", "contacts WHERE tenant_id", "messages WHERE tenant_id", "usage WHERE tenant_id", "users WHERE tenant_id", "sessions WHERE tenant_id", "invites WHERE tenant_id", "audit_events WHERE tenant_id"];
  const rows = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM ${t} = ?`).bind(b.id)));
  // Some tables have no rowid: rows are compared as sorted JSON.
  const sorted = rows.map((r) => r.results.map((row) => JSON.stringify(row)).sort());
  return { rows: sorted, object: await conversation(b.id, ONLY_B).inspect() };
}

describe("the /api route table", () => {
  it("answers 401 unauthorized to every route past sign-in without a valid session", async () => {
    const a = await createTenant();
    const { user } = await signedInUser(a.instance, "owner");
    let probes = 0;
    for (const r of API_ROUTES) {
      if (r.capability === "public") continue;
      for (const session of [undefined, "not-a-session", "a".repeat(43)]) {
        const res = await api(methodOf(r), pathOf(r, { contact: ONLY_B, id: user.id }), { body: r.body, session });
        expect(res.status, `${r.route} with ${session ?? "no"} session`).toBe(401);
        expect(await res.json()).toEqual({ error: "unauthorized" });
        probes++;
      }
    }
    expect(probes).toBeGreaterThanOrEqual(60);
  });

  it("answers 403 forbidden to every state-changing request from another origin or none, sign-in included", async () => {
    const a = await createTenant();
    const owner = await signedInUser(a.instance, "owner");
    const before = await everythingOf(a);
    let probes = 0;
    for (const r of API_ROUTES) {
      if (["GET", "HEAD"].includes(methodOf(r))) continue;
      for (const origin of ["https://evil.test", "null", null, "http://atenbot.test", "https://atenbot.test.evil.test"]) {
        const res = await api(methodOf(r), pathOf(r, { contact: ONLY_B, id: owner.user.id }), { body: r.body, session: owner.session, origin });
        expect(res.status, `${r.route} from ${origin}`).toBe(403);
        expect(await res.json()).toEqual({ error: "forbidden" });
        expect(res.headers.getSetCookie()).toEqual([]);
        probes++;
      }
    }
    // Even the right password from another origin signs nobody in.
    const login = await api("POST", "/api/auth/login", { body: { login: owner.phone, password: owner.password }, origin: "https://evil.test" });
    expect(login.status).toBe(403);
    expect(probes).toBeGreaterThanOrEqual(70);
    expect(await everythingOf(a)).toEqual(before);
    expect((await api("GET", "/api/me", { session: owner.session })).status).toBe(200);
  });

  it("with another tenant's session, reaches none of B's contacts, people or data, and leaves B exactly as it was", async () => {
    const a = await tenantWithCustomer("TENANT-A-INSTANCE-TOKEN-000000", "5511999990001@s.whatsapp.net", "sou cliente de A", "Ana");
    const b = await tenantWithCustomer("TENANT-B-INSTANCE-TOKEN-000000", ONLY_B, B_SECRET, "Bia");
    const ownerA = await signedInUser(a.instance, "owner", "Dona Ana");
    const ownerB = await signedInUser(b.instance, "owner", "Dona Beatriz");
    const before = await everythingOf(b);
    const sentBefore = fake.sent.length;
    let probes = 0;

    for (const r of API_ROUTES) {
      if (r.capability === "public" || r.route === "POST /api/auth/logout" || r.capability === "admin") continue;
      const targets = r.route.includes("{contact}")
        ? [ONLY_B, ONLY_B.replace("@s.whatsapp.net", "@lid"), `${ONLY_B.split("@")[0]}@c.us`]
        : [ONLY_B];
      for (const contact of targets) {
        const path = pathOf(r, { contact, id: ownerB.user.id });
        const res = await api(methodOf(r), path, { body: r.body, session: ownerA.session });
        const text = await res.text();
        probes++;
        if (r.route.includes("{contact}") || r.route.includes("{id}")) {
          expect([400, 404], `${r.route} → ${res.status} ${text}`).toContain(res.status);
        } else if (res.status === 502) {
          // Connecting asks A's Evolution for a QR code; the fake has none to give.
          expect(r.route).toBe("POST /api/whatsapp/connect");
        } else {
          expect(res.status, `${r.route} → ${text}`).toBeLessThan(500);
        }
        for (const ofB of [b.id, b.instance, B_SECRET, "Bia", ONLY_B.split("@")[0]!, "Dona Beatriz", ownerB.phone]) {
          expect(text, `${r.route} shows ${ofB}`).not.toContain(ofB);
        }
      }
    }
    expect(probes).toBeGreaterThan(20);
    expect(fake.sent.length).toBe(sentBefore);
    expect(await everythingOf(b)).toEqual(before);
    expect((await api("GET", "/api/me", { session: ownerB.session })).status).toBe(200);
    expect(sessionCookie(await api("GET", "/api/me", { session: ownerB.session }))).toBeNull();
  });

  it("refuses each role the routes it may not use with 403, and lets it through to the ones it may", async () => {
    const a = await createTenant();
    const sessions: Record<Role, string> = {
      owner: (await signedInUser(a.instance, "owner")).session,
      agent: (await signedInUser(a.instance, "agent")).session,
      platform: await platformSession(),
    };
    const unknownContact = "5511900000099@s.whatsapp.net";
    for (const role of ["agent", "owner", "platform"] as const) {
      for (const r of API_ROUTES) {
        if (r.capability === "public" || r.capability === null) continue;
        // Nothing here may take effect: no contact, user or tenant named exists.
        if (r.route === "PATCH /api/settings" || r.route === "POST /api/users" || r.route === "POST /api/whatsapp/connect" || r.route === "PUT /api/me/tenant") {
          if (mayUse(role, r.capability) && role !== "platform") continue;
        }
        const res = await api(methodOf(r), pathOf(r, { contact: unknownContact, id: "nobody" }), { body: r.body, session: sessions[role] });
        // A platform user who has not picked a tenant has no tenant-scoped route.
        const allowed = mayUse(role, r.capability) && (role !== "platform" || r.capability === "admin");
        if (allowed) expect(res.status, `${role} ${r.route}`).not.toBe(403);
        else {
          expect(res.status, `${role} ${r.route}`).toBe(403);
          expect(await res.json()).toEqual({ error: "forbidden" });
        }
      }
    }
    // The agent, in particular: settings read-only, no people, no knowledge.
    for (const [method, path, body] of [
      ["PATCH", "/api/settings", { systemPrompt: "x" }],
      ["GET", "/api/users", undefined],
      ["POST", "/api/users", { role: "agent", name: "X", phone: "5511900000002" }],
      ["GET", "/api/knowledge", undefined],
      ["GET", "/api/knowledge/entries", undefined],
      ["POST", "/api/knowledge/entries", { title: "x" }],
    ] as const) {
      expect((await api(method, path, { body, session: sessions.agent })).status, `agent ${method} ${path}`).toBe(403);
    }
    expect((await api("GET", "/api/settings", { session: sessions.agent })).status).toBe(200);
  });
});

async function platformSession(): Promise<string> {
  const res = await admin("POST", "/admin/platform/invites", { name: "Operadora", email: `ops-${crypto.randomUUID().slice(0, 8)}@atenbot.test` });
  const { inviteUrl } = (await res.json()) as { inviteUrl: string };
  const accepted = await api("POST", "/api/auth/invite/accept", { body: { token: inviteUrl.split("/").pop(), password: "operadora-123" } });
  return sessionCookie(accepted)!;
}
