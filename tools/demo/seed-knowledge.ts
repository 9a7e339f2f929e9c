/**
 * Fills a tenant's knowledge through the admin API, the way an owner would: the catalog as a CSV
 * import, each FAQ, the policy document. Running it again changes nothing: the import updates by
 * name, and FAQs and documents already there (same question, same title) are left alone.
 */
import type { DocumentFields, FaqFields } from "../../src/domain/knowledge.ts";

export interface KnowledgeSeed {
  csv: string;
  faqs: FaqFields[];
  documents: DocumentFields[];
}

export interface SeedReport {
  imported: number;
  updated: number;
  csvErrors: number;
  faqs: number;
  documents: number;
}

export async function seedKnowledge(baseUrl: string, adminToken: string, instance: string, seed: KnowledgeSeed): Promise<SeedReport> {
  const base = `${baseUrl}/admin/tenants/${encodeURIComponent(instance)}`;
  const auth = { authorization: `Bearer ${adminToken}` };
  const call = async (method: string, path: string, body?: string, type = "application/json"): Promise<unknown> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? auth : { ...auth, "content-type": type },
      body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  const existing = async (kind: "faq" | "document"): Promise<Set<string>> => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = (await call("GET", `/knowledge?kind=${kind}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`)) as {
        items: { question?: string; title?: string }[];
        nextCursor: string | null;
      };
      for (const e of page.items) seen.add((kind === "faq" ? e.question : e.title) ?? "");
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  };

  const report = (await call("POST", "/knowledge/import", seed.csv, "text/csv; charset=utf-8")) as { imported: number; updated: number; errors: unknown[] };
  const questions = await existing("faq");
  let faqs = 0;
  for (const faq of seed.faqs.filter((f) => !questions.has(f.question))) {
    await call("POST", "/knowledge", JSON.stringify({ kind: "faq", ...faq }));
    faqs++;
  }
  const titles = await existing("document");
  let documents = 0;
  for (const doc of seed.documents.filter((d) => !titles.has(d.title))) {
    await call("POST", "/knowledge/documents", JSON.stringify(doc));
    documents++;
  }
  return { imported: report.imported, updated: report.updated, csvErrors: report.errors.length, faqs, documents };
}
