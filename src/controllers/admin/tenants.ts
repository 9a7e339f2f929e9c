import { createRoute, z } from "@hono/zod-openapi";
import { connectionStateSchema, createTenantSchema, tenantViewSchema, updateTenantSchema } from "../../domain/api/tenants";
import * as tenants from "../../services/tenants/tenants";
import type { AppEnv } from "../middleware/context";
import { adminRouter, commonErrors, cursorQuery, errorBody, instanceParam, json, jsonBody, notFound, adminSecurity as security } from "./responses";

/** The tenant view as the OpenAPI document names it; the provision routes answer it too. */
export const tenantView = tenantViewSchema.openapi("Tenant");

const tenantDeps = (c: { var: AppEnv["Variables"] }): tenants.TenantDeps => ({
  db: c.var.db,
  secretsKey: c.var.config.SECRETS_KEY,
  defaultEvolutionUrl: c.var.config.EVOLUTION_URL,
});

const createTenantRoute = createRoute({
  method: "post",
  path: "/",
  security,
  request: { body: jsonBody(createTenantSchema) },
  responses: {
    201: json(tenantView.extend({ webhookSecret: z.string() }), "Created; the only time the secret is shown"),
    ...commonErrors,
    409: json(errorBody, "The instance already exists"),
  },
});

const listTenantsRoute = createRoute({
  method: "get",
  path: "/",
  security,
  request: {
    query: z.object({ ...cursorQuery, connectionState: connectionStateSchema.optional() }),
  },
  responses: {
    200: json(z.object({ items: z.array(tenantView), nextCursor: z.string().nullable() }), "A page of tenants"),
    ...commonErrors,
  },
});

const getTenantRoute = createRoute({
  method: "get",
  path: "/{instance}",
  security,
  request: { params: instanceParam },
  responses: { 200: json(tenantView, "The tenant"), ...commonErrors, ...notFound },
});

const patchTenantRoute = createRoute({
  method: "patch",
  path: "/{instance}",
  security,
  request: { params: instanceParam, body: jsonBody(updateTenantSchema) },
  responses: { 200: json(tenantView, "The updated tenant"), ...commonErrors, ...notFound },
});

const deleteTenantRoute = createRoute({
  method: "delete",
  path: "/{instance}",
  security,
  request: { params: instanceParam },
  responses: { 204: { description: "Deleted with all its data" }, ...commonErrors, ...notFound },
});

/** `/admin/tenants`: create, list, read, change and delete tenants. */
export const tenantRoutes = adminRouter()
  .openapi(createTenantRoute, async (c) => {
    const result = await tenants.createTenant(tenantDeps(c), c.req.valid("json"));
    if (result === "conflict") return c.json({ error: "conflict" }, 409);
    c.var.log.info("tenant created", { tenantId: result.tenant.id });
    return c.json({ ...result.tenant, webhookSecret: result.webhookSecret }, 201);
  })
  .openapi(listTenantsRoute, async (c) => {
    const q = c.req.valid("query");
    const page = await tenants.listTenants(tenantDeps(c), {
      limit: q.limit,
      cursor: q.cursor ?? null,
      connectionState: q.connectionState ?? null,
    });
    return c.json(page, 200);
  })
  .openapi(getTenantRoute, async (c) => {
    const view = await tenants.getTenantView(tenantDeps(c), c.req.valid("param").instance);
    if (!view) return c.json({ error: "not_found" }, 404);
    return c.json(view, 200);
  })
  .openapi(patchTenantRoute, async (c) => {
    const view = await tenants.updateTenant(tenantDeps(c), c.req.valid("param").instance, c.req.valid("json"), c.var.actor);
    if (!view) return c.json({ error: "not_found" }, 404);
    return c.json(view, 200);
  })
  .openapi(deleteTenantRoute, async (c) => {
    const deleted = await tenants.deleteTenant(tenantDeps(c), c.req.valid("param").instance);
    if (!deleted) return c.json({ error: "not_found" }, 404);
    c.var.log.info("tenant deleted", { tenantId: deleted.id });
    return c.body(null, 204);
  });
