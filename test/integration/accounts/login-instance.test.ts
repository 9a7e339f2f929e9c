import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app";
import { admin, createTenant } from "../../helpers/app";
import { installFakeProviders, type FakeProviders } from "../../helpers/fake-providers";
import { api, newPhone, PANEL_ORIGIN, sessionCookie } from "../../helpers/panel";

let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => fake.restore());

/** The Worker's app with LOGIN_INSTANCE set (SELF runs with the test configuration, where it is unset). */
async function askCode(loginInstance: string, phone: string): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await createApp().request(
    "/api/auth/code",
    { method: "POST", headers: { "content-type": "application/json", origin: PANEL_ORIGIN }, body: JSON.stringify({ phone }) },
    { ...env, LOGIN_INSTANCE: loginInstance },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

async function person(invite: { path: string; body: Record<string, unknown> }) {
  const res = await admin("POST", invite.path, invite.body);
  const token = ((await res.json()) as { inviteUrl: string }).inviteUrl.split("/").pop();
  expect(sessionCookie(await api("POST", "/api/auth/invite/accept", { body: { token, password: "uma-senha-longa" } }))).not.toBeNull();
}

describe("LOGIN_INSTANCE", () => {
  it("sends every sign-in code through the platform's own instance, to tenant users and operators alike", async () => {
    const platform = await createTenant({ instance: `atenbot-login-${Date.now()}`, apiKey: "LOGIN-INSTANCE-TOKEN-0000000000" });
    const shop = await createTenant();
    const owner = newPhone();
    const operator = newPhone();
    await person({ path: `/admin/tenants/${shop.instance}/invites`, body: { role: "owner", name: "Dona Maria", phone: owner } });
    await person({ path: "/admin/platform/invites", body: { name: "Operadora", phone: operator } });

    for (const phone of [owner, operator]) {
      expect((await askCode(platform.instance, phone)).status).toBe(202);
      const send = fake.sent.find((s) => s.body.number === `${phone}@s.whatsapp.net`)!;
      expect(send.url).toBe(`https://evo.test/message/sendText/${platform.instance}`);
      expect(send.headers.apikey).toBe("LOGIN-INSTANCE-TOKEN-0000000000");
      const code = /\b(\d{6})\b/.exec(send.body.text)![1]!;
      const verified = await api("POST", "/api/auth/code/verify", { body: { phone, code } });
      expect(verified.status).toBe(200);
    }
  });

  it("without it, an operator (who has no tenant) gets no code, and the answer is still 202", async () => {
    const operator = newPhone();
    await person({ path: "/admin/platform/invites", body: { name: "Operadora", phone: operator } });
    // Empty is unset, as in wrangler.toml; the background send has finished when this returns.
    const res = await askCode("", operator);
    expect(res.status).toBe(202);
    const other = await askCode("", "5511912345679");
    expect(await other.text()).toBe(await res.text());
    expect(fake.sent).toEqual([]);
  });
});
