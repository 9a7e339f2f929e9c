/**
 * The keyword index of the knowledge migrations, on real D1 inside workerd: FTS5 with
 * `unicode61 remove_diacritics 2` over text normalized by `searchText`, the tenant filter, bm25
 * column weights, and the one-statement read a turn makes.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ftsMatchQuery, itemNameKey, queryTerms, searchText } from "../../../src/services/knowledge/normalize";
import { packVector, unpackVector, vectorFromHex } from "../../../src/services/knowledge/embedding-vectors";

/** bm25 weights, in column order: a term in the title counts 3×, in tags 2×, in the body 1×. */
const RETRIEVE = `
  SELECT * FROM (
    SELECT e.id, e.kind, e.name, NULL AS score, f.title, f.body, f.tags
    FROM knowledge_entries e JOIN knowledge_fts f ON f.rowid = e.row_id
    WHERE e.tenant_id = ?1 AND e.enabled = 1
      AND (SELECT prompt_chars FROM knowledge_stats WHERE tenant_id = ?1) <= ?3
  )
  UNION ALL
  SELECT * FROM (
    SELECT e.id, e.kind, e.name, bm25(knowledge_fts, 3.0, 1.0, 2.0) AS score, f.title, f.body, f.tags
    FROM knowledge_fts f JOIN knowledge_entries e ON e.row_id = f.rowid
    WHERE knowledge_fts MATCH ?2 AND f.tenant_id = ?1 AND e.enabled = 1
      AND coalesce((SELECT prompt_chars FROM knowledge_stats WHERE tenant_id = ?1), 0) > ?3
    ORDER BY score LIMIT ?4
  )`;

interface Row {
  id: string;
  kind: string;
  name: string | null;
  score: number | null;
  title: string;
  body: string;
  tags: string;
}

let created = 0;
/** One entry and its index row in one batch: the index row takes the entry's rowid. */
async function addItem(tenant: string, name: string, extra: { description?: string; category?: string; enabled?: boolean } = {}) {
  created++;
  const id = `k${created}`;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO knowledge_entries (id, tenant_id, kind, name, name_key, description, category, available, prompt_chars, enabled, created_at, updated_at)
       VALUES (?, ?, 'item', ?, ?, ?, ?, 1, ?, ?, 0, 0)`,
    ).bind(id, tenant, name, itemNameKey(name), extra.description ?? null, extra.category ?? null, name.length + 20, extra.enabled === false ? 0 : 1),
    env.DB.prepare(`INSERT INTO knowledge_fts (rowid, title, body, tags, tenant_id) VALUES (last_insert_rowid(), ?, ?, ?, ?)`).bind(
      searchText(name),
      searchText(extra.description ?? ""),
      searchText(extra.category ?? ""),
      tenant,
    ),
    env.DB.prepare(
      `INSERT INTO knowledge_stats (tenant_id, prompt_chars, version) VALUES (?1, ?2, 1)
       ON CONFLICT (tenant_id) DO UPDATE SET prompt_chars = prompt_chars + ?2, version = version + 1`,
    ).bind(tenant, name.length + 20),
  ]);
  return id;
}

async function retrieve(tenant: string, text: string, budget = 0, limit = 10): Promise<Row[]> {
  const match = ftsMatchQuery(queryTerms(text)) ?? '""';
  const { results } = await env.DB.prepare(RETRIEVE).bind(tenant, match, budget, limit).all<Row>();
  return results;
}

beforeAll(async () => {
  for (const id of ["t1", "t2", "t3"]) {
    await env.DB.prepare(`INSERT INTO tenants (id, instance, name, webhook_secret_enc, bot, created_at, updated_at) VALUES (?1, ?1, ?1, 'x', '{}', 0, 0)`).bind(id).run();
  }
  await addItem("t1", "Pão de queijo", { category: "Salgados", description: "Feito com polvilho e queijo minas, sem glúten." });
  await addItem("t1", "Pão francês", { category: "Pães" });
  await addItem("t1", "Bolo de chocolate", { category: "Bolos", description: "Massa de cacau com brigadeiro." });
  await addItem("t1", "Bolo de cenoura", { category: "Bolos", description: "Com cobertura de chocolate." });
  await addItem("t1", "Coxinha de frango", { category: "Salgados" });
  await addItem("t1", "Pastel de carne", { category: "Salgados" });
  await addItem("t1", "Sonho de creme", { category: "Doces", enabled: false });
  await addItem("t2", "Pão de queijo da outra padaria", { category: "Salgados" });
});

describe("FTS5 on D1 with the knowledge tables", () => {
  it("finds plurals and unaccented words, best match first", async () => {
    const names = (rows: Row[]) => rows.map((r) => r.name);
    expect(names(await retrieve("t1", "vocês têm pães?"))).toEqual(expect.arrayContaining(["Pão de queijo", "Pão francês"]));
    expect(names(await retrieve("t1", "paes de queijo"))[0]).toBe("Pão de queijo");
    expect(names(await retrieve("t1", "COXINHAS"))).toEqual(["Coxinha de frango"]);
    expect(names(await retrieve("t1", "pasteis"))).toEqual(["Pastel de carne"]);
    expect(names(await retrieve("t1", "tem algo sem gluten?"))).toEqual(["Pão de queijo"]);
  });

  it("weights the title above the body: a chocolate cake before a carrot cake with chocolate icing", async () => {
    const rows = await retrieve("t1", "chocolate");
    expect(rows.map((r) => r.name)).toEqual(["Bolo de chocolate", "Bolo de cenoura"]);
    expect(rows[0]!.score!).toBeLessThan(rows[1]!.score!);
  });

  it("finds a category, and a misspelled long word through its prefix", async () => {
    expect((await retrieve("t1", "quais salgados vocês têm")).map((r) => r.name).sort()).toEqual(
      ["Coxinha de frango", "Pastel de carne", "Pão de queijo"].sort(),
    );
    expect((await retrieve("t1", "brigadero")).map((r) => r.name)).toEqual(["Bolo de chocolate"]);
  });

  it("never returns another tenant's entries nor disabled ones", async () => {
    const rows = await retrieve("t1", "queijo outra padaria sonho");
    expect(rows.map((r) => r.name)).toEqual(["Pão de queijo"]);
    expect((await retrieve("t2", "queijo")).map((r) => r.name)).toEqual(["Pão de queijo da outra padaria"]);
  });

  it("treats FTS5 syntax typed by a customer as plain words", async () => {
    for (const text of ['"', 'bolo" OR "x', "NEAR(bolo chocolate)", "bolo*", "^bolo", "title:bolo", "bolo AND NOT chocolate", "-bolo", "(", "{title}: bolo"]) {
      const rows = await retrieve("t1", text);
      expect(rows.every((r) => r.kind === "item")).toBe(true);
    }
    expect((await retrieve("t1", "title:chocolate")).map((r) => r.name)[0]).toBe("Bolo de chocolate");
  });

  it("reads the whole knowledge in the same statement when it fits the budget", async () => {
    const whole = await retrieve("t1", "chocolate", 100_000);
    expect(whole.map((r) => r.name).sort()).toEqual(
      ["Bolo de cenoura", "Bolo de chocolate", "Coxinha de frango", "Pastel de carne", "Pão de queijo", "Pão francês"].sort(),
    );
    expect(whole.every((r) => r.score === null)).toBe(true);
  });

  it("keeps one item per normalized name within a tenant", async () => {
    await expect(addItem("t1", "PAO FRANCES")).rejects.toThrow(/UNIQUE/);
    await expect(addItem("t2", "Pão francês")).resolves.toBeTypeOf("string");
  });

  it("imports a catalog in three statements: upsert by name key from JSON, then the index rows", async () => {
    const rows = [
      { id: "imp1", name: "PÃO FRANCÊS", priceCents: 1990, category: "Pães" },
      { id: "imp2", name: "Broa de milho", priceCents: 800, category: "Pães" },
    ].map((r) => ({ ...r, nameKey: itemNameKey(r.name), title: searchText(r.name), body: "", tags: searchText(r.category) }));
    const json = JSON.stringify(rows);
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO knowledge_entries (id, tenant_id, kind, name, name_key, price_cents, category, available, prompt_chars, created_at, updated_at)
         SELECT json_extract(value, '$.id'), ?1, 'item', json_extract(value, '$.name'), json_extract(value, '$.nameKey'),
                json_extract(value, '$.priceCents'), json_extract(value, '$.category'), 1, 40, ?2, ?2
         FROM json_each(?3) WHERE true
         ON CONFLICT (tenant_id, name_key) WHERE kind = 'item' DO UPDATE SET
           name = excluded.name, price_cents = excluded.price_cents, category = excluded.category, updated_at = excluded.updated_at`,
      ).bind("t1", 5, json),
      env.DB.prepare(
        `DELETE FROM knowledge_fts WHERE rowid IN (
           SELECT row_id FROM knowledge_entries WHERE tenant_id = ?1 AND kind = 'item'
             AND name_key IN (SELECT json_extract(value, '$.nameKey') FROM json_each(?2)))`,
      ).bind("t1", json),
      env.DB.prepare(
        `INSERT INTO knowledge_fts (rowid, title, body, tags, tenant_id)
         SELECT e.row_id, json_extract(j.value, '$.title'), json_extract(j.value, '$.body'), json_extract(j.value, '$.tags'), ?1
         FROM json_each(?2) j JOIN knowledge_entries e
           ON e.tenant_id = ?1 AND e.kind = 'item' AND e.name_key = json_extract(j.value, '$.nameKey')`,
      ).bind("t1", json),
    ]);
    const updated = await env.DB.prepare(`SELECT id, name, price_cents FROM knowledge_entries WHERE tenant_id = 't1' AND name_key = ?`).bind(itemNameKey("pão francês")).all();
    expect(updated.results).toEqual([{ id: expect.not.stringMatching(/^imp/), name: "PÃO FRANCÊS", price_cents: 1990 }]);
    expect((await retrieve("t1", "broas")).map((r) => r.name)).toEqual(["Broa de milho"]);
    expect((await retrieve("t1", "pao frances")).map((r) => r.name)[0]).toBe("PÃO FRANCÊS");
    const { count } = (await env.DB.prepare(`SELECT count(*) AS count FROM knowledge_fts WHERE knowledge_fts MATCH '"franc"' AND tenant_id = 't1'`).first<{ count: number }>())!;
    expect(count).toBe(1);
  });

  it("drops a tenant's index rows with the tenant", async () => {
    await addItem("t3", "Rosca doce");
    expect(await retrieve("t3", "rosca")).toHaveLength(1);
    await env.DB.prepare(`DELETE FROM tenants WHERE id = 't3'`).run();
    const { count } = (await env.DB.prepare(`SELECT count(*) AS count FROM knowledge_fts WHERE tenant_id = 't3'`).first<{ count: number }>())!;
    expect(count).toBe(0);
  });

  it("stores an embedding as a blob and reads the same vector back", async () => {
    const vector = Array.from({ length: 768 }, (_, i) => Math.sin(i) / 3);
    await env.DB.prepare(`UPDATE knowledge_entries SET embedding = ? WHERE tenant_id = 't1' AND name_key = 'pao de queijo'`).bind(packVector(vector)).run();
    const row = await env.DB.prepare(`SELECT embedding FROM knowledge_entries WHERE tenant_id = 't1' AND name_key = 'pao de queijo'`).first<{ embedding: ArrayBuffer | number[] }>();
    const back = unpackVector(row!.embedding);
    expect(back).not.toBeNull();
    expect(Array.from(back!)).toEqual(Array.from(unpackVector(packVector(vector))!));
    // As the turn's read takes it: the blob in hex, one string instead of a number per byte.
    const hexRow = await env.DB.prepare(`SELECT hex(embedding) AS embedding FROM knowledge_entries WHERE tenant_id = 't1' AND name_key = 'pao de queijo'`).first<{ embedding: string }>();
    expect(Array.from(vectorFromHex(hexRow!.embedding)!)).toEqual(Array.from(back!));
  });
});
