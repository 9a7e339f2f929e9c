import type { MiddlewareHandler } from "hono";
import { changesState, originAllowed } from "../../services/accounts/session-policy";
import type { AppEnv } from "./context";

/**
 * CSRF: a state-changing request must come from the panel's own origin (`PUBLIC_URL`, or the
 * loopback origin in local development), else 403 `forbidden` as JSON. Hono's `csrf` middleware
 * does not fit: it lets JSON bodies through unchecked and answers in plain text.
 */
export const requireOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (changesState(c.req.method) && !originAllowed(c.req.header("origin"), c.var.config.PUBLIC_URL, new URL(c.req.url))) {
    return c.json({ error: "forbidden" }, 403);
  }
  await next();
};
