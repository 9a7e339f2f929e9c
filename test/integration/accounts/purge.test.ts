import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runRetention } from "../../../src/services/tenants/retention";
import { createTenant } from "../../helpers/app";
import { deliver, drain } from "../../helpers/conversation";
import { installFakeProviders, type FakeProviders } from "../../helpers/fake-providers";
import { api, signedInUser } from "../../helpers/panel";
import { textUpsert } from "../../helpers/payloads";

const DAY = 86_400_000;
let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => fake.restore());

const count = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).first<{ n: number }>())!.n;

describe("the daily purge", () => {
  it("removes the contact row's copy of a message that retention removed, and expired sign-in rows", async () => {
    const t = await createTenant({ bot: { retentionDays: 7 } });
    const owner = await signedInUser(t.instance);
    const agent = await signedInUser(t.instance, "agent");
    const ana = "5511999990001@s.whatsapp.net";
    await deliver(t.id, ana, textUpsert({ instance: t.instance, from: ana, text: "meu endereço é rua X" }));
    await drain(t.id, ana);
    expect((await (await api("GET", "/api/conversations", { session: owner.session })).json() as any).items[0].lastMessage.text).toBeTruthy();
    const failed = await api("POST", "/api/auth/login", { body: { login: owner.phone, password: "errada-123" } });
    expect(failed.status).toBe(401);
    await env.DB.prepare("UPDATE sessions SET expires_at = 1 WHERE user_id = ?").bind(owner.user.id).run();

    // Eight days later: past the retention, the session's expiry and the failure window.
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE user_id = ?").bind(Date.now() + 30 * DAY, agent.user.id).run();
    await runRetention(env, Date.now() + 8 * DAY);
    const items = ((await (await api("GET", "/api/conversations", { session: agent.session })).json()) as any).items;
    expect(items[0]).toMatchObject({ contact: ana, lastMessage: { text: null } });
    expect(await count("SELECT count(*) AS n FROM messages WHERE tenant_id = ?", t.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM contacts WHERE tenant_id = ? AND last_text IS NOT NULL", t.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM sessions WHERE user_id = ?", owner.user.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM invites WHERE tenant_id = ?", t.id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM auth_failures WHERE key = ?", `login:${owner.phone}`)).toBe(0);
  });
});
