import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
import { ADMIN, admin } from "./app";

/** Calls a tenant's knowledge routes on the admin API. */
export const knowledgeAdmin = (instance: string) => ({
  get: (path: string) => admin("GET", `/admin/tenants/${instance}${path}`),
  post: (path: string, body: unknown) => admin("POST", `/admin/tenants/${instance}${path}`, body),
  patch: (path: string, body: unknown) => admin("PATCH", `/admin/tenants/${instance}${path}`, body),
  delete: (path: string) => admin("DELETE", `/admin/tenants/${instance}${path}`),
  /** A catalog CSV as a spreadsheet upload sends it. */
  importCsv: (csv: string | Uint8Array, contentType = "text/csv; charset=utf-8") =>
    SELF.fetch(`http://atenbot.test/admin/tenants/${instance}/knowledge/import`, { method: "POST", headers: { ...ADMIN, "content-type": contentType }, body: csv }),
  /** A file through the documents route, as the panel's upload sends it. */
  upload: (file: { name: string; bytes: Uint8Array | string; type?: string }, title?: string) => {
    const form = new FormData();
    form.append("file", new File([file.bytes], file.name, { type: file.type ?? "application/octet-stream" }));
    if (title !== undefined) form.append("title", title);
    return SELF.fetch(`http://atenbot.test/admin/tenants/${instance}/knowledge/documents`, { method: "POST", headers: ADMIN, body: form });
  },
});

/** Creates one entry and returns it; fails the test on any other answer than 201. */
export async function addEntry(instance: string, entry: Record<string, unknown>): Promise<{ id: string } & Record<string, unknown>> {
  const res = await knowledgeAdmin(instance).post("/knowledge", entry);
  expect(res.status, await res.clone().text()).toBe(201);
  return res.json();
}

/** How many rows the tenant has in each knowledge table, the keyword index included. */
export async function knowledgeRowCounts(tenantId: string) {
  const [entries, index, stats, unanswered] = await env.DB.batch([
    env.DB.prepare("SELECT count(*) AS n FROM knowledge_entries WHERE tenant_id = ?").bind(tenantId),
    env.DB.prepare("SELECT count(*) AS n FROM knowledge_fts WHERE tenant_id = ?").bind(tenantId),
    env.DB.prepare("SELECT count(*) AS n FROM knowledge_stats WHERE tenant_id = ?").bind(tenantId),
    env.DB.prepare("SELECT count(*) AS n FROM unanswered_questions WHERE tenant_id = ?").bind(tenantId),
  ]);
  const n = (r: D1Result) => (r.results[0] as { n: number }).n;
  return { entries: n(entries!), index: n(index!), stats: n(stats!), unanswered: n(unanswered!) };
}
