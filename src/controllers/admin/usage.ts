import { createRoute, z } from "@hono/zod-openapi";
import { daySchema, MAX_RANGE_DAYS, usageCountersSchema } from "../../domain/api/usage";
import * as usage from "../../services/tenants/usage";
import { adminRouter, commonErrors, instanceParam, json, notFound, adminSecurity as security } from "./responses";

const usageRoute = createRoute({
  method: "get",
  path: "/{instance}/usage",
  security,
  request: {
    params: instanceParam,
    query: z.object({
      from: daySchema.optional().openapi({ description: "First day (the tenant's timezone); default: first day of `to`'s month" }),
      to: daySchema.optional().openapi({ description: `Last day, inclusive; default: today. At most ${MAX_RANGE_DAYS} days in all` }),
    }),
  },
  responses: {
    200: json(
      z.object({ items: z.array(usageCountersSchema.extend({ day: z.string() })), totals: usageCountersSchema }).openapi("Usage"),
      "Daily counters (days without activity are left out) and their totals",
    ),
    ...commonErrors,
    ...notFound,
  },
});

/** `/admin/tenants/{instance}/usage`: the tenant's daily counters. */
export const usageRoutes = adminRouter().openapi(usageRoute, async (c) => {
  const result = await usage.getUsage({ db: c.var.db }, c.req.valid("param").instance, c.req.valid("query"));
  if (!result) return c.json({ error: "not_found" }, 404);
  if ("issues" in result) return c.json({ error: "invalid_request" as const, details: result.issues }, 400);
  return c.json(result, 200);
});
