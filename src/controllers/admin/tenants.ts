import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import * as tenants from "../../services/tenants/tenants";
import type { AppEnv } from "../middleware/context";
import {
  commonErrors,
  connectionStateSchema,
  cursorQuery,
  errorBody,
  instanceParam,
  json,
  notFound,
  tenantViewSchema,
  adminSecurity as security,
} from "./responses";

const tenantDeps = (c: { var: AppEnv["Variables"] }): tenants.TenantDeps => ({
  db: c.var.db,
  secretsKey: c.var.config.SECRETS_KEY,
  defaultEvolutionUrl: c.var.config.EVOLUTION_URL,
});

const createTenantRoute = createRoute({
  method: "post",
  path: "/admin/tenants",
  security,
  request: { body: { content: { "application/json": { schema: tenants.createTenantSchema } }, required: true } },
  responses: {
    201: json(tenantViewSchema.extend({ webhookSecret: z.string() }), "Created; the only time the secret is shown"),
    ...commonErrors,
    409: json(errorBody, "The instance already exists"),
  },
});

const listTenantsRoute = createRoute({
  method: "get",
  path: "/admin/tenants",
  security,
  request: {
    query: z.object({ ...cursorQuery, connectionState: connectionStateSchema.optional() }),
  },
  responses: {
    200: json(z.object({ items: z.array(tenantViewSchema), nextCursor: z.string().nullable() }), "A page of tenants"),
    ...commonErrors,
  },
});

const getTenantRoute = createRoute({
  method: "get",
  path: "/admin/tenants/{instance}",
  security,
  request: { params: instanceParam },
  responses: { 200: json(tenantViewSchema, "The tenant"), ...commonErrors, ...notFound },
});

const patchTenantRoute = createRoute({
  method: "patch",
  path: "/admin/tenants/{instance}",
  security,
  request: {
    params: instanceParam,
    body: { content: { "application/json": { schema: tenants.updateTenantSchema } }, required: true },
  },
  responses: { 200: json(tenantViewSchema, "The updated tenant"), ...commonErrors, ...notFound },
});

const deleteTenantRoute = createRoute({
  method: "delete",
  path: "/admin/tenants/{instance}",
  security,
  request: { params: instanceParam },
  responses: { 204: { description: "Deleted with all its data" }, ...commonErrors, ...notFound },
});

export function registerTenantRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(createTenantRoute, async (c) => {
    const result = await tenants.createTenant(tenantDeps(c), c.req.valid("json"));
    if (result === "conflict") return c.json({ error: "conflict" }, 409);
    c.var.log.info("tenant created", { tenantId: result.tenant.id });
    return c.json({ ...result.tenant, webhookSecret: result.webhookSecret }, 201);
  });

  app.openapi(listTenantsRoute, async (c) => {
    const q = c.req.valid("query");
    const page = await tenants.listTenants(tenantDeps(c), {
      limit: q.limit,
      cursor: q.cursor ?? null,
      connectionState: q.connectionState ?? null,
    });
    return c.json(page, 200);
  });

  app.openapi(getTenantRoute, async (c) => {
    const tenant = await tenants.getTenant(tenantDeps(c), c.req.valid("param").instance);
    if (!tenant) return c.json({ error: "not_found" }, 404);
    return c.json(tenants.toView(tenant), 200);
  });

  app.openapi(patchTenantRoute, async (c) => {
    const view = await tenants.updateTenant(tenantDeps(c), c.req.valid("param").instance, c.req.valid("json"));
    if (!view) return c.json({ error: "not_found" }, 404);
    return c.json(view, 200);
  });

  app.openapi(deleteTenantRoute, async (c) => {
    const deleted = await tenants.deleteTenant(tenantDeps(c), c.req.valid("param").instance);
    if (!deleted) return c.json({ error: "not_found" }, 404);
    c.var.log.info("tenant deleted", { tenantId: deleted.id });
    return c.body(null, 204);
  });
}
