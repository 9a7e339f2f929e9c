import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { resolveSession, type SignedIn } from "../../services/accounts/sessions";
import { SESSION_COOKIE } from "../../services/accounts/session-policy";
import type { AppEnv } from "./context";

/** Hono's environment of the panel's API: the app's, plus who is signed in. */
export interface ApiEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { signedIn: SignedIn };
}

/** The session the request's cookie names, when it is valid (one D1 read; sliding expiry at most hourly). */
export async function sessionOf<E extends AppEnv>(c: Context<E>): Promise<SignedIn | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return null;
  return resolveSession(c.get("db"), token, Date.now());
}

/** Every `/api` route past sign-in: 401 `unauthorized` without a valid session. */
export const requireSession: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const signedIn = await sessionOf(c);
  if (!signedIn) return c.json({ error: "unauthorized" }, 401);
  c.set("signedIn", signedIn);
  await next();
};
