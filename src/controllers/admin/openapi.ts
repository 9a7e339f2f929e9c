import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { SESSION_COOKIE } from "../../services/accounts/session-policy";
import type { AppEnv } from "../middleware/context";
import { adminSecurity, errorBody, json } from "./responses";

const openApiRoute = createRoute({
  method: "get",
  path: "/openapi.json",
  security: adminSecurity,
  responses: {
    200: json(z.looseObject({ openapi: z.string() }), "This document"),
    401: json(errorBody, "Missing or wrong admin token"),
  },
});

/**
 * `GET /admin/openapi.json` on `admin`: the OpenAPI 3.1 document generated from the same route
 * definitions the app validates with, so it cannot drift from them. Registered last, once every
 * resource router is mounted on `admin` (mounting copies a router's definitions at that moment).
 * The webhook is Evolution's contract, not ours, and stays out of it.
 */
export function serveOpenApiDocument(admin: OpenAPIHono<AppEnv>) {
  admin.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "The ADMIN_TOKEN secret",
  });
  admin.openAPIRegistry.registerComponent("securitySchemes", "platformSession", {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description: "A `platform` user's panel session; state-changing requests must then carry the panel's Origin",
  });
  admin.openapi(openApiRoute, (c) =>
    c.json(
      admin.getOpenAPI31Document({
        openapi: "3.1.0",
        info: { title: "AtenBot admin API", version: "1.0.0", description: "Tenants, contacts, transcripts, usage, people and the audit trail of AtenBot." },
      }),
      200,
    ),
  );
}
