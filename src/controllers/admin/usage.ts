import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { usageKeys } from "../../domain/usage";
import * as usage from "../../services/tenants/usage";
import { commonErrors, instanceParam, json, notFound, adminSecurity as security } from "./responses";
import type { AppEnv } from "../middleware/context";

const countersSchema = z.object(Object.fromEntries(usageKeys.map((k) => [k, z.number().int()])) as Record<(typeof usageKeys)[number], z.ZodNumber>);

const usageRoute = createRoute({
  method: "get",
  path: "/admin/tenants/{instance}/usage",
  security,
  request: {
    params: instanceParam,
    query: z.object({
      from: usage.daySchema.optional().openapi({ description: "First day (the tenant's timezone); default: first day of `to`'s month" }),
      to: usage.daySchema.optional().openapi({ description: `Last day, inclusive; default: today. At most ${usage.MAX_RANGE_DAYS} days in all` }),
    }),
  },
  responses: {
    200: json(
      z.object({ items: z.array(countersSchema.extend({ day: z.string() })), totals: countersSchema }).openapi("Usage"),
      "Daily counters (days without activity are left out) and their totals",
    ),
    ...commonErrors,
    ...notFound,
  },
});

export function registerUsageRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(usageRoute, async (c) => {
    const result = await usage.getUsage({ db: c.var.db }, c.req.valid("param").instance, c.req.valid("query"));
    if (!result) return c.json({ error: "not_found" }, 404);
    if ("issues" in result) return c.json({ error: "invalid_request" as const, details: result.issues }, 400);
    return c.json(result, 200);
  });
}
