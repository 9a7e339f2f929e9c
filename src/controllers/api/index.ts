import { Hono, type Context } from "hono";
import { knowledgeRoutes } from "../knowledge/routes";
import { requireOrigin } from "../middleware/origin";
import { requiresByMethod, tenantOf } from "../middleware/role";
import { requireSession, type ApiEnv } from "../middleware/session";
import { auditRoutes } from "./audit";
import { authRoutes } from "./auth";
import { conversationRoutes } from "./conversations";
import { liveSocket } from "./live";
import { meRoutes } from "./me";
import { sandboxRoutes } from "./sandbox";
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
  // The live socket checks the session itself: it refuses with a close code, not a status.
  api.get("/live", liveSocket);
  api.use("*", requireSession);
  for (const path of ["/knowledge", "/knowledge/*", "/unanswered", "/unanswered/*"]) api.use(path, requiresByMethod("knowledge.read", "knowledge.write"));
  api.route("/me", meRoutes);
  api.route("/conversations", conversationRoutes);
  api.route("/settings", settingsRoutes);
  api.route("/whatsapp", whatsappRoutes);
  api.route("/usage", usageRoutes);
  api.route("/users", userRoutes);
  api.route("/audit", auditRoutes);
  api.route("/sandbox", sandboxRoutes);
  // The same routes as the admin API's, for the signed-in owner's tenant (set by the guards above).
  api.route("/", knowledgeRoutes({ prefix: "", tenant: async (c: Context<ApiEnv>) => tenantOf(c), documented: false }));
  return api;
}
