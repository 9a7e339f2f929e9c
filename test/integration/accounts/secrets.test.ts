import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { admin, createTenant } from "../../helpers/app";
import { captureLogs } from "../../helpers/capture-logs";
import { deliver, drain } from "../../helpers/conversation";
import { installFakeProviders, type FakeProviders } from "../../helpers/fake-providers";
import { api, newPhone, sessionCookie } from "../../helpers/panel";
import { textUpsert } from "../../helpers/payloads";

/**
 * No password, invite token, sign-in code or session id appears in a log line, nor in any
 * response but the one that creates it (the invite link; the Set-Cookie of a sign-in).
 */

let fake: FakeProviders;
let lines: string[];
beforeEach(() => {
  fake = installFakeProviders();
  lines = [];
  captureLogs(lines);
});
afterEach(() => {
  fake.restore();
  vi.restoreAllMocks();
});

interface Seen {
  request: string;
  status: number;
  body: string;
  headers: string;
}

describe("secrets of accounts", () => {
  it("never appear in logs, and only in the response that creates them", async () => {
    const seen: Seen[] = [];
    const record = async (request: string, res: Response) => {
      const body = await res.clone().text();
      seen.push({ request, status: res.status, body, headers: JSON.stringify([...res.headers]) });
      return res;
    };
    /** Which response may carry which secret: index in `seen` → the secret. */
    const creator = new Map<string, number>();

    const t = await createTenant();
    const phone = newPhone();
    const password = "Senha-Muito-Secreta-42";
    const invited = await record("invite", await admin("POST", `/admin/tenants/${t.instance}/invites`, { role: "owner", name: "Dona Maria", phone }));
    const token = new URL(((await invited.json()) as { inviteUrl: string }).inviteUrl).pathname.split("/").pop()!;
    creator.set(token, seen.length - 1);

    const accepted = await record("accept", await api("POST", "/api/auth/invite/accept", { body: { token, password } }));
    const firstSession = sessionCookie(accepted)!;
    creator.set(firstSession, seen.length - 1);
    await record("accept again", await api("POST", "/api/auth/invite/accept", { body: { token, password } }));
    await record("wrong password", await api("POST", "/api/auth/login", { body: { login: phone, password: `${password}x` } }));
    const login = await record("login", await api("POST", "/api/auth/login", { body: { login: phone, password } }));
    const secondSession = sessionCookie(login)!;
    creator.set(secondSession, seen.length - 1);

    await record("code", await api("POST", "/api/auth/code", { body: { phone } }));
    await vi.waitFor(() => expect(fake.textsTo(`${phone}@s.whatsapp.net`)).toHaveLength(1), { timeout: 5000, interval: 20 });
    const code = /\b(\d{6})\b/.exec(fake.textsTo(`${phone}@s.whatsapp.net`)[0]!)![1]!;
    await record("wrong code", await api("POST", "/api/auth/code/verify", { body: { phone, code: code === "000000" ? "111111" : "000000" } }));
    const verified = await record("verify", await api("POST", "/api/auth/code/verify", { body: { phone, code } }));
    const thirdSession = sessionCookie(verified)!;
    creator.set(thirdSession, seen.length - 1);

    const ana = "5511999990001@s.whatsapp.net";
    await deliver(t.id, ana, textUpsert({ instance: t.instance, from: ana, text: "oi" }));
    await drain(t.id, ana);
    for (const [method, path, body] of [
      ["GET", "/api/me", undefined],
      ["GET", "/api/conversations", undefined],
      ["GET", `/api/conversations/${encodeURIComponent(ana)}/messages`, undefined],
      ["POST", `/api/conversations/${encodeURIComponent(ana)}/takeover`, {}],
      ["POST", `/api/conversations/${encodeURIComponent(ana)}/release`, undefined],
      ["GET", "/api/users", undefined],
      ["GET", "/api/audit", undefined],
      ["PATCH", "/api/settings", { systemPrompt: "Você é a Luzia." }],
      ["POST", "/api/auth/logout", undefined],
    ] as const) {
      await record(`${method} ${path}`, await api(method, path, { session: secondSession, body }));
    }
    await record("after logout", await api("GET", "/api/me", { session: secondSession }));
    await record("admin users", await admin("GET", `/admin/tenants/${t.instance}/users`));
    await record("admin audit", await admin("GET", `/admin/tenants/${t.instance}/audit`));
    await record("logout everywhere", await api("POST", "/api/auth/logout?everywhere=1", { session: thirdSession }));

    const secrets: Record<string, string> = { password, token, code, firstSession, secondSession, thirdSession };
    for (const [name, value] of Object.entries(secrets)) {
      for (const [i, r] of seen.entries()) {
        if (creator.get(value) === i) continue;
        expect(r.body, `${name} in the body of ${r.request}`).not.toContain(value);
        expect(r.headers, `${name} in the headers of ${r.request}`).not.toContain(value);
      }
    }
    // The code is in none of the responses at all, only in the WhatsApp message.
    expect(seen.map((r) => r.body).join("\n")).not.toMatch(new RegExp(`\\b${code}\\b`));
    expect(lines.length).toBeGreaterThan(20);
    const log = lines.join("\n");
    for (const [name, value] of Object.entries(secrets)) expect(log, `${name} in a log line`).not.toContain(value);
    expect(log).not.toContain(phone);
    expect(lines.some((l) => l.includes('"msg":"signed in"'))).toBe(true);
  });
});
