/** The admin routes of interfaces.md, as "METHOD path": the contract the OpenAPI document must match. */
export const ADMIN_ROUTES: readonly string[] = [
  "POST /admin/tenants",
  "GET /admin/tenants",
  "GET /admin/tenants/{instance}",
  "PATCH /admin/tenants/{instance}",
  "DELETE /admin/tenants/{instance}",
  "POST /admin/tenants/{instance}/webhook-secret",
  "GET /admin/tenants/{instance}/contacts",
  "GET /admin/tenants/{instance}/contacts/{contact}/messages",
  "POST /admin/tenants/{instance}/contacts/{contact}/pause",
  "POST /admin/tenants/{instance}/contacts/{contact}/resume",
  "DELETE /admin/tenants/{instance}/contacts/{contact}",
  "GET /admin/tenants/{instance}/usage",
  "POST /admin/tenants/{instance}/provision",
  "GET /admin/tenants/{instance}/qr",
  "GET /admin/openapi.json",
];
