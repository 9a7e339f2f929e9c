import { requireAdmin } from "../middleware/admin-auth";
import { contactRoutes } from "./contacts";
import { serveOpenApiDocument } from "./openapi";
import { provisionRoutes } from "./provision";
import { adminRouter } from "./responses";
import { tenantRoutes } from "./tenants";
import { usageRoutes } from "./usage";

/**
 * The admin API under `/admin`, behind the admin token: one router per resource, each mounted
 * at its path, and the OpenAPI document of them all.
 */
export function createAdminRoutes() {
  const admin = adminRouter().basePath("/admin");
  admin.use("*", requireAdmin);
  admin.route("/tenants", tenantRoutes);
  admin.route("/tenants", provisionRoutes);
  admin.route("/tenants", contactRoutes);
  admin.route("/tenants", usageRoutes);
  serveOpenApiDocument(admin);
  return admin;
}
