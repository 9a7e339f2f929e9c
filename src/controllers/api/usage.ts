import { Hono } from "hono";
import { usageQuerySchema } from "../../domain/panel-api";
import { monthOf, usageOf } from "../../services/tenants/usage";
import { requires, tenantOf } from "../middleware/role";
import type { ApiEnv } from "../middleware/session";
import { query } from "./validate";

/** `/api/usage`: the tenant's daily counters (as the admin API shows them) and the month vs. quota. */
export const usageRoutes = new Hono<ApiEnv>().get("/", requires("usage.read"), query(usageQuerySchema), async (c) => {
  const tenant = tenantOf(c);
  const usage = await usageOf({ db: c.var.db }, tenant, c.req.valid("query"));
  if ("issues" in usage) return c.json({ error: "invalid_request" as const, details: usage.issues }, 400);
  return c.json({ ...usage, month: await monthOf({ db: c.var.db }, tenant) }, 200);
});
