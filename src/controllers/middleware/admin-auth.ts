import type { MiddlewareHandler } from "hono";
import { timingSafeEqual } from "../../platform/crypto";
import type { AppEnv } from "./context";

/** Bearer ADMIN_TOKEN on every /admin route, compared in constant time. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token || !timingSafeEqual(token, c.var.config.ADMIN_TOKEN)) {
    return c.json({ error: "unauthorized" }, 401);
  }
  await next();
};
