import { Hono } from "hono";
import { requireOrigin } from "../middleware/origin";
import { requiresByMethod } from "../middleware/role";
import { requireSession, type ApiEnv } from "../middleware/session";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { conversationRoutes } from "./conversations";
import { meRoutes } from "./me";
import { settingsRoutes } from "./settings";
import { usageRoutes } from "./usage";
import { userRoutes } from "./users";
import { whatsappRoutes } from "./whatsapp";

/**
 * The panel's API under `/api`: JSON, the session cookie, scoped to the signed-in user's tenant
 * (no path names a tenant). Every state-changing request passes the Origin check first, sign-in
 * included; everything past `/auth` needs a session, then the capability its route names.
 */
export function createApiRoutes() {
  const api = new Hono<ApiEnv>().basePath("/api");
  api.use("*", requireOrigin);
  api.route("/auth", authRoutes);
  api.use("*", requireSession);
  // Mounted by the knowledge routes; guarded here so no role reaches them without the capability.
  api.use("/knowledge", requiresByMethod("knowledge.read", "knowledge.write"));
  api.use("/knowledge/*", requiresByMethod("knowledge.read", "knowledge.write"));
  api.route("/me", meRoutes);
  api.route("/conversations", conversationRoutes);
  api.route("/settings", settingsRoutes);
  api.route("/whatsapp", whatsappRoutes);
  api.route("/usage", usageRoutes);
  api.route("/users", userRoutes);
  api.route("/audit", auditRoutes);
  return api;
}
