import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { admin } from "./app";

/** The panel's origin in the tests: PUBLIC_URL's. */
export const PANEL_ORIGIN = "https://atenbot.test";

export interface ApiCall {
  body?: unknown;
  /** The `atenbot_session` value to send, if any. */
  session?: string | null;
  /** `Origin` header; the panel's own by default, null for none. */
  origin?: string | null;
  /** The client address Cloudflare would report (the per-address sign-in limit keys on it). */
  ip?: string;
}

/** A call to the panel's API as the browser makes it: JSON, the session cookie, the panel's Origin. */
export function api(method: string, path: string, call: ApiCall = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (call.body !== undefined) headers["content-type"] = "application/json";
  const origin = call.origin === undefined ? PANEL_ORIGIN : call.origin;
  if (origin !== null) headers.origin = origin;
  if (call.session) headers.cookie = `atenbot_session=${call.session}`;
  headers["cf-connecting-ip"] = call.ip ?? "198.51.100.1";
  return SELF.fetch(`${PANEL_ORIGIN}${path}`, { method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) });
}

/** The session id a response set, or null when it set none. */
export function sessionCookie(res: Response): string | null {
  for (const header of res.headers.getSetCookie()) {
    const match = /^atenbot_session=([^;]*)/.exec(header);
    if (match) return match[1] || null;
  }
  return null;
}

let people = 0;
/** A phone login nobody has yet: a São Paulo mobile number. */
export const newPhone = () => `5511${String(900000000 + (Date.now() % 1000) * 100_000 + ++people).slice(0, 9)}`;

/** Invites a person to a tenant through the admin API; returns the link's token. */
export async function inviteToTenant(instance: string, person: { role: "owner" | "agent"; name: string; phone?: string; email?: string }): Promise<string> {
  const res = await admin("POST", `/admin/tenants/${instance}/invites`, person);
  expect(res.status, await res.clone().text()).toBe(201);
  const { inviteUrl } = (await res.json()) as { inviteUrl: string };
  return new URL(inviteUrl).pathname.split("/").pop()!;
}

/** A user of the tenant signed in through an invite: their session, login and password. */
export async function signedInUser(instance: string, role: "owner" | "agent" = "owner", name = role === "owner" ? "Dona Maria" : "Júlia") {
  const phone = newPhone();
  const password = `senha-${role}-${people}-segura`;
  const token = await inviteToTenant(instance, { role, name, phone });
  const res = await api("POST", "/api/auth/invite/accept", { body: { token, password } });
  expect(res.status, await res.clone().text()).toBe(200);
  const me = (await res.json()) as { user: { id: string; name: string; role: string; login: string } };
  return { session: sessionCookie(res)!, phone, password, user: me.user };
}
