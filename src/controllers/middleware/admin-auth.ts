import { bearerAuth } from "hono/bearer-auth";
import { timingSafeEqual } from "../../platform/crypto";
import type { AppEnv } from "./context";

/**
 * `Authorization: Bearer <ADMIN_TOKEN>` on every admin route, compared in constant time. A
 * missing, malformed or wrong header all get the same 401 body, so a caller learns nothing
 * about which part was wrong.
 */
export const requireAdmin = bearerAuth<AppEnv>({
  verifyToken: (token, c) => timingSafeEqual(token, c.var.config.ADMIN_TOKEN),
  noAuthenticationHeader: { message: (c) => c.json({ error: "unauthorized" }, 401) },
  invalidAuthenticationHeader: { message: (c) => c.json({ error: "unauthorized" }, 401) },
  invalidToken: { message: (c) => c.json({ error: "unauthorized" }, 401) },
});
