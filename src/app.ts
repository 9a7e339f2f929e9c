import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { loadConfig, MisconfiguredError } from "./config/env";
import { requireAdmin } from "./controllers/middleware/admin-auth";
import { registerProvisionRoutes } from "./controllers/admin/provision";
import { registerTenantRoutes } from "./controllers/admin/tenants";
import { registerContactRoutes } from "./controllers/admin/contacts";
import { registerUsageRoutes } from "./controllers/admin/usage";
import { registerOpenApiRoute } from "./controllers/admin/openapi";
import type { AppEnv } from "./controllers/middleware/context";
import { webhookRoutes } from "./controllers/webhook";
import { openDatabase } from "./repositories/db";
import { InvalidSettingsError } from "./services/tenants/tenants";
import { createLogger, errorKind } from "./platform/log";

/** The Worker's HTTP surface: health, the Evolution webhook, and the admin API. */
export function createApp() {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const details = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        return c.json({ error: "invalid_request", details }, 400);
      }
    },
  });

  app.use("*", async (c, next) => {
    const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
    const log = createLogger({ requestId });
    c.set("requestId", requestId);
    c.set("log", log);
    try {
      c.set("config", loadConfig(c.env));
    } catch (err) {
      if (err instanceof MisconfiguredError) {
        log.error("misconfigured", { problems: err.problems.join("; ") });
        return c.json({ error: "misconfigured" }, 500);
      }
      throw err;
    }
    c.set("db", openDatabase(c.env.DB));
    const started = Date.now();
    await next();
    c.header("x-request-id", requestId);
    log.info("request", { method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Date.now() - started });
  });

  app.get("/health", (c) => c.json({ status: "ok" }));
  app.route("/webhook", webhookRoutes);

  app.use("/admin/*", requireAdmin);
  registerTenantRoutes(app);
  registerProvisionRoutes(app);
  registerContactRoutes(app);
  registerUsageRoutes(app);
  registerOpenApiRoute(app);

  app.notFound((c) => c.json({ error: "not_found" }, 404));
  app.onError((err, c) => {
    // Hono's validators throw these for a body that is not JSON (400) or not sent as JSON (415).
    if (err instanceof HTTPException && (err.status === 400 || err.status === 415)) {
      const message = err.status === 415 ? "send the body as application/json" : "malformed JSON";
      return c.json({ error: "invalid_request", details: [{ path: "body", message }] }, 400);
    }
    if (err instanceof InvalidSettingsError) return c.json({ error: "invalid_request", details: err.details }, 400);
    if (err instanceof HTTPException) return c.json({ error: "http_error" }, err.status);
    c.var.log?.error("unhandled error", { error: errorKind(err) });
    return c.json({ error: "internal" }, 500);
  });
  return app;
}
