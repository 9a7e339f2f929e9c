import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { tenants } from "../../src/repositories/schema";
import { openDatabase } from "../../src/repositories/db";
import { flushMetrics, meteredD1, queueUnits } from "../../src/platform/metrics";

/**
 * The benchmark's D1 counter must count every row D1 reports, and must not change what drizzle gets
 * back (it reshapes `all()` into `raw()` arrays).
 */
let lines: Record<string, unknown>[];
beforeEach(() => {
  flushMetrics();
  lines = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    const parsed = JSON.parse(String(line)) as Record<string, unknown>;
    if (parsed.msg === "metrics") lines.push(parsed);
  });
});
afterEach(() => vi.restoreAllMocks());

function counted() {
  flushMetrics();
  const sum = (k: string) => lines.reduce((n, l) => n + (typeof l[k] === "number" ? (l[k] as number) : 0), 0);
  return { read: sum("d1Read"), written: sum("d1Written"), statements: sum("d1Statements") };
}

async function table(name: string) {
  await env.DB.exec(`CREATE TABLE IF NOT EXISTS ${name} (id INTEGER PRIMARY KEY, label TEXT NOT NULL, n INTEGER NOT NULL)`);
  await env.DB.exec(`CREATE INDEX IF NOT EXISTS ${name}_label ON ${name} (label)`);
}

describe("meteredD1", () => {
  it("counts rows_read and rows_written of run(), all(), first() and raw(), returning what D1 returns", async () => {
    await table("probe_a");
    const plain = env.DB;
    const metered = meteredD1(plain);
    const insert = await metered.prepare("INSERT INTO probe_a (id, label, n) VALUES (?, ?, ?), (?, ?, ?)").bind(1, "a", 10, 2, "b", 20).run();
    const all = await metered.prepare("SELECT id, label, n FROM probe_a ORDER BY id").all();
    const raw = await metered.prepare("SELECT id, label, n FROM probe_a ORDER BY id").raw();
    const rawWithNames = await metered.prepare("SELECT id, label, n FROM probe_a ORDER BY id").raw({ columnNames: true });
    const first = await metered.prepare("SELECT label FROM probe_a WHERE id = ?").bind(2).first("label");

    expect(all.results).toEqual((await plain.prepare("SELECT id, label, n FROM probe_a ORDER BY id").all()).results);
    expect(raw).toEqual(await plain.prepare("SELECT id, label, n FROM probe_a ORDER BY id").raw());
    expect(rawWithNames).toEqual(await plain.prepare("SELECT id, label, n FROM probe_a ORDER BY id").raw({ columnNames: true }));
    expect(first).toBe("b");

    const c = counted();
    expect(c.statements).toBe(5);
    // Two rows, each in the table and in the label index.
    expect(c.written).toBe(insert.meta.rows_written);
    expect(c.written).toBeGreaterThanOrEqual(2);
    expect(c.read).toBeGreaterThanOrEqual(all.meta.rows_read * 3 + 1);
  });

  it("counts every statement of a batch and hands D1 the real statements", async () => {
    await table("probe_b");
    const metered = meteredD1(env.DB);
    const results = await metered.batch([
      metered.prepare("INSERT INTO probe_b (id, label, n) VALUES (?, ?, ?)").bind(1, "x", 1),
      metered.prepare("UPDATE probe_b SET n = n + 1 WHERE id = ?").bind(1),
      metered.prepare("SELECT n FROM probe_b WHERE id = ?").bind(1),
    ]);
    expect(results[2]!.results).toEqual([{ n: 2 }]);
    const c = counted();
    expect(c.statements).toBe(3);
    expect(c.written).toBe(results.reduce((n, r) => n + r.meta.rows_written, 0));
    expect(c.read).toBe(results.reduce((n, r) => n + r.meta.rows_read, 0));
  });

  it("gives drizzle the same rows through openDatabase({ metered: true })", async () => {
    const now = Date.now();
    const row = { id: "t-metrics", instance: "metrics-probe", name: "Probe", webhookSecretEnc: "x", bot: "{}", createdAt: now, updatedAt: now };
    const metered = openDatabase(env.DB, { metered: true });
    await metered.insert(tenants).values(row);
    const viaMetered = await metered.select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.instance, "metrics-probe")).get();
    const viaPlain = await openDatabase(env.DB, { metered: false }).select({ id: tenants.id, name: tenants.name }).from(tenants).where(eq(tenants.instance, "metrics-probe")).get();
    expect(viaMetered).toEqual({ id: "t-metrics", name: "Probe" });
    expect(viaMetered).toEqual(viaPlain);
    expect(counted()).toMatchObject({ statements: 2 });
  });

  it("prints nothing when nothing was counted", () => {
    flushMetrics();
    expect(lines).toEqual([]);
  });
});

describe("queueUnits", () => {
  it("bills each started 64 KB (1 KB = 1,000 bytes, ~100 bytes of metadata)", () => {
    expect(queueUnits(10)).toBe(1);
    expect(queueUnits(63_900)).toBe(1);
    expect(queueUnits(63_901)).toBe(2);
    expect(queueUnits(127_000)).toBe(2);
  });
});
