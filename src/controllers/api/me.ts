import { Hono } from "hono";
import { z } from "zod";
import { instanceNameSchema } from "../../domain/api/tenants";
import { mayUse } from "../../domain/roles";
import { meView, viewTenant } from "../../services/accounts/sessions";
import type { ApiEnv } from "../middleware/session";
import { jsonBody } from "./validate";

const viewTenantSchema = z.object({ instance: instanceNameSchema }).strict();

/** `/api/me`: who is signed in, and (operators only) which tenant's panel they are viewing. */
export const meRoutes = new Hono<ApiEnv>()
  .get("/", (c) => c.json(meView(c.var.signedIn.user, c.var.signedIn.tenant), 200))
  .put("/tenant", jsonBody(viewTenantSchema), async (c) => {
    const { user } = c.var.signedIn;
    if (!mayUse(user.role, "admin")) return c.json({ error: "forbidden" }, 403);
    const tenant = await viewTenant(c.var.db, c.var.signedIn, c.req.valid("json").instance);
    return tenant ? c.json(meView(user, tenant), 200) : c.json({ error: "not_found" }, 404);
  });
