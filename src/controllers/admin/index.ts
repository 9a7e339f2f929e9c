import { knowledgeRoutes } from "../knowledge/routes";
import { requireAdmin } from "../middleware/admin-auth";
import { contactRoutes } from "./contacts";
import { serveOpenApiDocument } from "./openapi";
import { provisionRoutes } from "./provision";
import { adminRouter } from "./responses";
import { tenantRoutes } from "./tenants";
import { findTenantByInstance } from "./tenant-of";
import { usageRoutes } from "./usage";
import { userRoutes } from "./users";

/**
 * The admin API under `/admin`, behind the admin token or a platform user's session: one router
 * per resource, each mounted at its path, and the OpenAPI document of them all.
 */
export function createAdminRoutes() {
  const admin = adminRouter().basePath("/admin");
  admin.use("*", requireAdmin);
  admin.route("/tenants", tenantRoutes);
  admin.route("/tenants", provisionRoutes);
  admin.route("/tenants", contactRoutes);
  admin.route("/tenants", usageRoutes);
  admin.route("/tenants", knowledgeRoutes({ prefix: "/{instance}", tenant: findTenantByInstance, documented: true }));
  admin.route("/", userRoutes);
  serveOpenApiDocument(admin);
  return admin;
}
