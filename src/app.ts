import { Hono } from "hono";
import { except } from "hono/combine";
import { createAdminRoutes } from "./controllers/admin";
import { createApiRoutes } from "./controllers/api";
import { limitBody } from "./controllers/middleware/body-limit";
import { requestContext, type AppEnv } from "./controllers/middleware/context";
import { handleError, notFound } from "./controllers/middleware/errors";
import { webhookRoutes } from "./controllers/webhook";

/** Admin bodies are JSON settings, far under this; a bigger one is refused before it is read. */
const ADMIN_MAX_BODY_BYTES = 256 * 1024;
/** Knowledge uploads (a catalog CSV, a PDF) are larger and set their own limits. */
const KNOWLEDGE_UPLOADS = ["/admin/tenants/:instance/knowledge/import", "/admin/tenants/:instance/knowledge/documents"];

/**
 * The Worker's HTTP surface: health, the Evolution webhook, the admin API and the panel's API. The request
 * context runs first, so every route and every error has a request id, a logger and the config.
 */
export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", requestContext);
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.route("/webhook", webhookRoutes);
  app.use("/admin/*", except(KNOWLEDGE_UPLOADS, limitBody(ADMIN_MAX_BODY_BYTES)));
  app.route("/", createAdminRoutes());
  app.route("/", createApiRoutes());
  app.notFound(notFound);
  app.onError(handleError);
  return app;
}
