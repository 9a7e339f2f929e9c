import type { Context, MiddlewareHandler } from "hono";
import { mayUse, type Capability } from "../../domain/roles";
import type { Tenant } from "../../domain/tenant";
import type { ApiEnv } from "./session";

/**
 * Guards a route with the capability it needs: 403 `forbidden` for a role that may not, or for a
 * platform user who has not chosen a tenant to view. Routes name capabilities, never roles.
 */
export const requires =
  (capability: Capability): MiddlewareHandler<ApiEnv> =>
  async (c, next) => {
    const { user, tenant } = c.var.signedIn;
    if (!mayUse(user.role, capability) || tenant === null) return c.json({ error: "forbidden" }, 403);
    await next();
  };

/** A resource read by one capability and changed by another (GET/HEAD read, anything else writes). */
export const requiresByMethod =
  (read: Capability, write: Capability): MiddlewareHandler<ApiEnv> =>
  (c, next) =>
    requires(c.req.method === "GET" || c.req.method === "HEAD" ? read : write)(c, next);

/** The tenant of a route behind `requires`, which has made sure there is one. */
export function tenantOf(c: Context<ApiEnv>): Tenant {
  return c.var.signedIn.tenant!;
}
