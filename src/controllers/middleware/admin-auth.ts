import type { MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import { getCookie } from "hono/cookie";
import { mayUse } from "../../domain/roles";
import { timingSafeEqual } from "../../platform/crypto";
import { actorOf } from "../../services/accounts/sessions";
import { SESSION_COOKIE } from "../../services/accounts/session-policy";
import type { AppEnv } from "./context";
import { requireOrigin } from "./origin";
import { sessionOf } from "./session";

const unauthorized = { message: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => c.json({ error: "unauthorized" }, 401) };

/**
 * `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time. A missing, malformed or wrong
 * header all get the same 401 body, so a caller learns nothing about which part was wrong.
 */
const adminToken = bearerAuth<AppEnv>({
  verifyToken: (token, c) => timingSafeEqual(token, c.var.config.ADMIN_TOKEN),
  noAuthenticationHeader: unauthorized,
  invalidAuthenticationHeader: unauthorized,
  invalidToken: unauthorized,
});

/**
 * Every admin route: the bearer token, or, without an Authorization header, a `platform` user's
 * session cookie (the panel's tenants page calls `/admin/*` directly), which must then pass the
 * same Origin check as the panel's API. Anything else is 401 `unauthorized`.
 */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.header("authorization") !== undefined || getCookie(c, SESSION_COOKIE) === undefined) {
    c.set("actor", null);
    return adminToken(c, next);
  }
  const signedIn = await sessionOf(c);
  if (!signedIn || !mayUse(signedIn.user.role, "admin")) return c.json({ error: "unauthorized" }, 401);
  c.set("actor", actorOf(signedIn.user));
  return requireOrigin(c, next);
};
