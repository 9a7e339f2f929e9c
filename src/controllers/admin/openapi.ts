import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { adminSecurity, errorBody, json } from "./responses";
import type { AppEnv } from "../middleware/context";

const openApiRoute = createRoute({
  method: "get",
  path: "/admin/openapi.json",
  security: adminSecurity,
  responses: {
    200: json(z.looseObject({ openapi: z.string() }), "This document"),
    401: json(errorBody, "Missing or wrong admin token"),
  },
});

/**
 * `GET /admin/openapi.json`: the OpenAPI 3.1 document generated from the same route definitions
 * the app validates with, so it cannot drift from them. Only routes registered through
 * `app.openapi` appear, which is every admin route (the webhook is Evolution's contract).
 */
export function registerOpenApiRoute(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "The ADMIN_TOKEN secret",
  });
  app.openapi(openApiRoute, (c) =>
    c.json(
      app.getOpenAPI31Document({
        openapi: "3.1.0",
        info: { title: "AtenBot admin API", version: "1.0.0", description: "Tenants, contacts, transcripts and usage of AtenBot." },
      }),
      200,
    ),
  );
}
