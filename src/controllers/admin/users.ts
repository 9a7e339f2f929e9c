import { createRoute } from "@hono/zod-openapi";
import {
  auditQuerySchema,
  auditResponseSchema,
  inviteRequestSchema,
  inviteResponseSchema,
  platformInviteRequestSchema,
  usersResponseSchema,
} from "../../domain/panel-api";
import { listAudit } from "../../services/accounts/audit";
import { createInvite } from "../../services/accounts/invites";
import { listUsers } from "../../services/accounts/users";
import { getTenant } from "../../services/tenants/tenants";
import type { AppEnv } from "../middleware/context";
import { panelUrl } from "../api/panel-url";
import { adminRouter, commonErrors, errorBody, instanceParam, json, jsonBody, notFound, adminSecurity as security } from "./responses";

const inviteResponse = inviteResponseSchema.openapi("Invite");
const conflict = { 409: json(errorBody, "`conflict`: a user already signs in with this phone or e-mail") };

const tenantInviteRoute = createRoute({
  method: "post",
  path: "/tenants/{instance}/invites",
  security,
  request: { params: instanceParam, body: jsonBody(inviteRequestSchema.openapi("InviteRequest")) },
  responses: {
    201: json(inviteResponse, "The invite link, shown once: it holds the only copy of its token. Valid 7 days, single use"),
    ...commonErrors,
    ...notFound,
    ...conflict,
  },
});

const tenantUsersRoute = createRoute({
  method: "get",
  path: "/tenants/{instance}/users",
  security,
  request: { params: instanceParam },
  responses: { 200: json(usersResponseSchema.openapi("Users"), "The tenant's people, by name"), ...commonErrors, ...notFound },
});

const tenantAuditRoute = createRoute({
  method: "get",
  path: "/tenants/{instance}/audit",
  security,
  request: { params: instanceParam, query: auditQuerySchema },
  responses: {
    200: json(auditResponseSchema.openapi("AuditTrail"), "Who signed in, took over, released, changed settings or people, newest first"),
    ...commonErrors,
    ...notFound,
  },
});

const platformInviteRoute = createRoute({
  method: "post",
  path: "/platform/invites",
  security,
  request: { body: jsonBody(platformInviteRequestSchema.openapi("PlatformInviteRequest")) },
  responses: {
    201: json(inviteResponse, "An invite for another operator (`platform` role): how the first one is made"),
    ...commonErrors,
    ...conflict,
  },
});

const tenantNamed = (v: AppEnv["Variables"], instance: string) =>
  getTenant({ db: v.db, secretsKey: v.config.SECRETS_KEY, defaultEvolutionUrl: v.config.EVOLUTION_URL }, instance);

/** `/admin/tenants/{instance}/{invites,users,audit}` and `/admin/platform/invites`: people and their trail. */
export const userRoutes = adminRouter()
  .openapi(tenantInviteRoute, async (c) => {
    const tenant = await tenantNamed(c.var, c.req.valid("param").instance);
    if (!tenant) return c.json({ error: "not_found" }, 404);
    const result = await createInvite({ db: c.var.db, panelUrl: panelUrl(c) }, { tenantId: tenant.id, ...c.req.valid("json") }, c.var.actor);
    if (result.ok) return c.json(result.invite, 201);
    if (result.error === "conflict") return c.json({ error: "conflict" }, 409);
    return c.json({ error: "invalid_request" as const, details: result.details }, 400);
  })
  .openapi(tenantUsersRoute, async (c) => {
    const tenant = await tenantNamed(c.var, c.req.valid("param").instance);
    if (!tenant) return c.json({ error: "not_found" }, 404);
    return c.json(await listUsers(c.var.db, tenant.id), 200);
  })
  .openapi(tenantAuditRoute, async (c) => {
    const tenant = await tenantNamed(c.var, c.req.valid("param").instance);
    if (!tenant) return c.json({ error: "not_found" }, 404);
    const page = await listAudit(c.var.db, tenant.id, c.req.valid("query"));
    if (page === "invalid_cursor") return c.json({ error: "invalid_request" as const, details: [{ path: "cursor", message: "unknown cursor" }] }, 400);
    return c.json(page, 200);
  })
  .openapi(platformInviteRoute, async (c) => {
    const result = await createInvite({ db: c.var.db, panelUrl: panelUrl(c) }, { tenantId: null, role: "platform", ...c.req.valid("json") }, c.var.actor);
    if (result.ok) return c.json(result.invite, 201);
    if (result.error === "conflict") return c.json({ error: "conflict" }, 409);
    return c.json({ error: "invalid_request" as const, details: result.details }, 400);
  });
