import { Hono } from "hono";
import { auditQuerySchema } from "../../domain/panel-api";
import { listAudit } from "../../services/accounts/audit";
import { requires, tenantOf } from "../middleware/role";
import type { ApiEnv } from "../middleware/session";
import { query } from "./validate";

/** `/api/audit`: who did what in the tenant, newest first. */
export const auditRoutes = new Hono<ApiEnv>().get("/", requires("audit.read"), query(auditQuerySchema), async (c) => {
  const page = await listAudit(c.var.db, tenantOf(c).id, c.req.valid("query"));
  if (page === "invalid_cursor") return c.json({ error: "invalid_request", details: [{ path: "cursor", message: "unknown cursor" }] }, 400);
  return c.json(page, 200);
});
