import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { admin } from "../helpers/app";
import { ADMIN_ROUTES } from "../helpers/admin-routes";

/** Built by other work in progress; every other route must exist already. */
const NOT_YET_REQUIRED = new Set(["POST /admin/tenants/{instance}/provision", "GET /admin/tenants/{instance}/qr"]);

/** Every handler the app serves under /admin, in OpenAPI path style (middleware left out). */
function servedAdminRoutes(): Set<string> {
  const served = createApp()
    .routes.filter((r) => r.path.startsWith("/admin/") && r.method !== "ALL")
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
  return new Set(served);
}

async function fetchDocument(): Promise<any> {
  const res = await admin("GET", "/admin/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return res.json();
}

const documented = (doc: any) =>
  new Set(Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)));

describe("GET /admin/openapi.json", () => {
  it("is an OpenAPI 3.1 document of the admin API with the bearer and platform-session schemes", async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(doc.info.title).toBe("AtenBot admin API");
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: "http", scheme: "bearer" }));
    expect(doc.components.securitySchemes.platformSession).toEqual(expect.objectContaining({ type: "apiKey", in: "cookie", name: "atenbot_session" }));
    for (const ops of Object.values(doc.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(ops)) expect(op.security).toEqual([{ bearer: [] }, { platformSession: [] }]);
    }
  });

  it("documents exactly the admin routes the app serves, and every route of the contract it has", async () => {
    const doc = documented(await fetchDocument());
    const served = servedAdminRoutes();
    expect([...doc].sort()).toEqual([...served].sort());
    for (const route of ADMIN_ROUTES) {
      if (!NOT_YET_REQUIRED.has(route)) expect(served, route).toContain(route);
    }
    expect([...served].filter((r) => !ADMIN_ROUTES.includes(r))).toEqual([]);
  });

  it("describes the contact parameter and the documented error bodies", async () => {
    const doc = await fetchDocument();
    const transcript = doc.paths["/admin/tenants/{instance}/contacts/{contact}/messages"].get;
    expect(transcript.parameters.map((p: any) => `${p.in}:${p.name}`).sort()).toEqual(["path:contact", "path:instance", "query:limit"]);
    expect(Object.keys(transcript.responses).sort()).toEqual(["200", "400", "401", "404"]);
  });

  it("is behind the admin token", async () => {
    const anonymous = await SELF.fetch("http://atenbot.test/admin/openapi.json");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "unauthorized" });
    const wrong = await SELF.fetch("http://atenbot.test/admin/openapi.json", { headers: { authorization: "Bearer wrong-token-0123456789" } });
    expect(wrong.status).toBe(401);
  });
});
