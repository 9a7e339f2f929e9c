import { Hono } from "hono";
import { createAdminRoutes } from "./controllers/admin";
import { createApiRoutes } from "./controllers/api";
import { requestContext, type AppEnv } from "./controllers/middleware/context";
import { handleError, notFound } from "./controllers/middleware/errors";
import { webhookRoutes } from "./controllers/webhook";

/**
 * The Worker's HTTP surface: health, the Evolution webhook, the admin API and the panel's API. The request
 * context runs first, so every route and every error has a request id, a logger and the config.
 */
export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", requestContext);
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.route("/webhook", webhookRoutes);
  app.route("/", createAdminRoutes());
  app.route("/", createApiRoutes());
  app.notFound(notFound);
  app.onError(handleError);
  return app;
}
