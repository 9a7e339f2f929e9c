import { env, SELF } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { admin, createTenant, INSTANCE_TOKEN } from "../helpers/app";

describe("admin authentication", () => {
  it("answers 401 without the token or with a wrong one", async () => {
    for (const headers of [{} as Record<string, string>, { authorization: "Bearer wrong-token-0123456789abcdef" }, { authorization: "Basic abc" }]) {
      const res = await SELF.fetch("http://atenbot.test/admin/tenants", { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "unauthorized" });
    }
  });
});

describe("tenants", () => {
  it("creates a tenant with the documented defaults and shows the secret only once", async () => {
    const res = await admin("POST", "/admin/tenants", {
      instance: "padaria-centro",
      name: "Padaria Centro",
      evolution: { url: "https://evo.example.com", apiKey: INSTANCE_TOKEN },
      bot: { handoff: { pauseMinutes: 30 } },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as any;
    expect(created.webhookSecret.length).toBeGreaterThanOrEqual(32);
    expect(created).toMatchObject({
      instance: "padaria-centro",
      enabled: true,
      connectionState: "unknown",
      qrCodeUpdatedAt: null,
      evolution: { url: "https://evo.example.com", hasApiKey: true },
      bot: {
        debounceMs: 3000,
        maxWaitMs: 15000,
        historyTurns: 20,
        sessionTtlMinutes: 1440,
        ignoreGroups: true,
        maxParts: 3,
        typingMsPerChar: 25,
        monthlyAiReplies: null,
        retentionDays: 90,
        fallbackText: "Desculpe, tive um problema agora. Pode repetir em instantes?",
        handoff: { pauseMinutes: 30, keywords: ["atendente", "humano", "falar com uma pessoa"], notifyNumber: null },
      },
    });
    const view = await (await admin("GET", "/admin/tenants/padaria-centro")).text();
    expect(view).not.toContain(created.webhookSecret);
    expect(view).not.toContain(INSTANCE_TOKEN);
    expect(JSON.parse(view).webhookSecret).toBeUndefined();
  });

  it("stores credentials encrypted", async () => {
    const t = await createTenant({ webhookSecret: "my-own-webhook-secret-123456" });
    const row = await env.DB.prepare("SELECT * FROM tenants WHERE id = ?").bind(t.id).first<Record<string, string>>();
    const raw = JSON.stringify(row);
    expect(raw).not.toContain("my-own-webhook-secret-123456");
    expect(raw).not.toContain(INSTANCE_TOKEN);
    expect(row!.webhook_secret_enc).toMatch(/^v1:/);
    expect(row!.evolution_token_enc).toMatch(/^v1:/);
  });

  it("answers 409 to a second tenant with the same instance", async () => {
    const t = await createTenant();
    const res = await admin("POST", "/admin/tenants", { instance: t.instance, name: "Outra" });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "conflict" });
  });

  it("answers 400 naming the problem to bad bodies, and stores nothing", async () => {
    const bad = [
      {},
      { instance: "ok-name" },
      { instance: "has spaces", name: "x" },
      { instance: "ok-name", name: "x", bot: { debounceMs: -1 } },
      { instance: "ok-name", name: "x", bot: { quickReplies: [{ keywords: [], reply: "" }] } },
      { instance: "ok-name", name: "x", bot: { businessHours: { weekly: { mon: [["25:00", "26:00"]] } } } },
      { instance: "ok-name", name: "x", bot: { businessHours: { timezone: "Mars/Olympus" } } },
      { instance: "ok-name", name: "x", evolution: { url: "not a url" } },
      { instance: "ok-name", name: "x", unknownKey: true },
    ];
    for (const body of bad) {
      const res = await admin("POST", "/admin/tenants", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const json = (await res.json()) as { error: string; details: { path: string; message: string }[] };
      expect(json.error).toBe("invalid_request");
      expect(json.details.length).toBeGreaterThan(0);
    }
    const malformed = await SELF.fetch("http://atenbot.test/admin/tenants", {
      method: "POST",
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, "content-type": "application/json" },
      body: "{nope",
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toBe("invalid_request");
    expect((await admin("GET", "/admin/tenants/ok-name")).status).toBe(404);
  });

  it("lists tenants with a stable cursor", async () => {
    for (let i = 0; i < 5; i++) await createTenant({ instance: `list-${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin("GET", `/admin/tenants?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      const page = (await res.json()) as { items: { instance: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.instance));
      cursor = page.nextCursor;
    } while (cursor);
    const listed = seen.filter((s) => s.startsWith("list-"));
    expect(listed).toEqual(["list-0", "list-1", "list-2", "list-3", "list-4"]);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await admin("GET", "/admin/tenants?limit=0")).status).toBe(400);
  });

  it("merges bot settings key by key on PATCH and validates the result", async () => {
    const t = await createTenant({ bot: { handoff: { pauseMinutes: 45 } } });
    const res = await admin("PATCH", `/admin/tenants/${t.instance}`, { name: "Novo Nome", bot: { handoff: { notifyNumber: "5511988887777" }, maxParts: 2 } });
    expect(res.status).toBe(200);
    const view = (await res.json()) as any;
    expect(view.name).toBe("Novo Nome");
    expect(view.bot.handoff).toMatchObject({ pauseMinutes: 45, notifyNumber: "5511988887777" });
    expect(view.bot.maxParts).toBe(2);
    expect(view.bot.debounceMs).toBe(60_000);

    const bad = await admin("PATCH", `/admin/tenants/${t.instance}`, { bot: { maxParts: 0 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("bot.maxParts");
    const after = (await (await admin("GET", `/admin/tenants/${t.instance}`)).json()) as any;
    expect(after.bot.maxParts).toBe(2);
    expect((await admin("PATCH", "/admin/tenants/nope", { name: "x" })).status).toBe(404);
  });

  it("rotates the webhook secret, re-points Evolution, and keeps the old one for a grace period", async () => {
    const t = await createTenant();
    const setCalls: { url: string; headers: Headers; body: any }[] = [];
    const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const request = new Request(input as RequestInfo, init as RequestInit);
      setCalls.push({ url: request.url, headers: request.headers, body: await request.json() });
      return Response.json({ id: "w1", enabled: true }, { status: 201 });
    });
    const res = await admin("POST", `/admin/tenants/${t.instance}/webhook-secret`);
    spy.mockRestore();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { webhookSecret: string; evolutionWebhook: string };
    expect(body.evolutionWebhook).toBe("updated");
    expect(body.webhookSecret).not.toBe(t.webhookSecret);
    expect(setCalls).toHaveLength(1);
    expect(setCalls[0]!.url).toBe(`https://evo.test/webhook/set/${t.instance}`);
    expect(setCalls[0]!.headers.get("apikey")).toBe(INSTANCE_TOKEN);
    expect(setCalls[0]!.body.webhook).toMatchObject({ enabled: true, url: `https://atenbot.test/webhook/instance/${t.instance}`, headers: { jwt_key: body.webhookSecret }, byEvents: false, base64: false });

    const post = (secret: string) =>
      SELF.fetch("http://atenbot.test/webhook", {
        method: "POST",
        headers: { "x-webhook-token": secret, "content-type": "application/json" },
        body: JSON.stringify({ event: "presence.update", instance: t.instance, data: {} }),
      });
    expect((await post(body.webhookSecret)).status).toBe(200);
    expect((await post(t.webhookSecret)).status).toBe(200);
    // Once the grace period is over the old secret is refused.
    await env.DB.prepare("UPDATE tenants SET previous_webhook_secret_until = 1 WHERE id = ?").bind(t.id).run();
    await admin("PATCH", `/admin/tenants/${t.instance}`, { name: "cache evicted" });
    expect((await post(t.webhookSecret)).status).toBe(401);
    expect((await post(body.webhookSecret)).status).toBe(200);
  });

  it("still rotates when Evolution cannot be reached, and says so", async () => {
    const t = await createTenant();
    const spy = vi.spyOn(globalThis, "fetch").mockRejectedValue(new TypeError("connection refused"));
    const res = await admin("POST", `/admin/tenants/${t.instance}/webhook-secret`);
    spy.mockRestore();
    expect(await res.json()).toMatchObject({ evolutionWebhook: "failed", detail: "unreachable (network error)" });
    expect((await admin("POST", "/admin/tenants/nope/webhook-secret")).status).toBe(404);
  });

  it("deletes a tenant with all its data", async () => {
    const t = await createTenant();
    await env.DB.prepare("INSERT INTO messages (tenant_id, wa_id, contact_jid, direction, kind, text, at) VALUES (?, 'x1', 'c@s.whatsapp.net', 'in', 'text', 'oi', 1)").bind(t.id).run();
    await env.DB.prepare("INSERT INTO usage (tenant_id, day, messages_in) VALUES (?, '2026-11-24', 1)").bind(t.id).run();
    expect((await admin("DELETE", `/admin/tenants/${t.instance}`)).status).toBe(204);
    expect((await admin("GET", `/admin/tenants/${t.instance}`)).status).toBe(404);
    for (const table of ["messages", "usage", "contacts"]) {
      const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`).bind(t.id).first<{ n: number }>();
      expect(row!.n, table).toBe(0);
    }
    expect((await admin("DELETE", `/admin/tenants/${t.instance}`)).status).toBe(404);
  });

  it("never shows one tenant's data through another tenant's routes", async () => {
    const a = await createTenant({ name: "Loja A", bot: { systemPrompt: "segredo da loja A" } });
    const b = await createTenant({ name: "Loja B" });
    const viewB = await (await admin("GET", `/admin/tenants/${b.instance}`)).text();
    expect(viewB).not.toContain("segredo da loja A");
    expect(viewB).not.toContain(a.id);
    await admin("PATCH", `/admin/tenants/${b.instance}`, { name: "Loja B2" });
    expect(((await (await admin("GET", `/admin/tenants/${a.instance}`)).json()) as any).name).toBe("Loja A");
  });
});
