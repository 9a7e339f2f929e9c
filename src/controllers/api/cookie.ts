import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { SESSION_COOKIE, sessionCookieOptions } from "../../services/accounts/session-policy";

/** Puts a new session id in the cookie: `HttpOnly`, `SameSite=Lax`, `Secure` except on local HTTP. */
export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, sessionCookieOptions(new URL(c.req.url)));
}

export function clearSessionCookie(c: Context): void {
  const { maxAge: _maxAge, ...options } = sessionCookieOptions(new URL(c.req.url));
  deleteCookie(c, SESSION_COOKIE, options);
}

/** The client's address as Cloudflare reports it, for the per-address sign-in limit. */
export const clientAddress = (c: Context) => c.req.header("cf-connecting-ip") ?? "unknown";
