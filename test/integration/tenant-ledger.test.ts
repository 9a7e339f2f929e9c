import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createTenant } from "../helpers/app";

describe("TenantLedger", () => {
  it("gives each WhatsApp id one owner", async () => {
    const ledger = env.LEDGER.getByName("tenant-ledger-1");
    expect(await ledger.claim([{ id: "a", owner: "t:1" }, { id: "b", owner: "t:2" }])).toEqual(["t:1", "t:2"]);
    expect(await ledger.claim([{ id: "a", owner: "t:9" }, { id: "a", owner: "t:1" }])).toEqual(["t:1", "t:1"]);
  });

  it("reserves AI calls up to the daily ceiling and the monthly quota", async () => {
    const ledger = env.LEDGER.getByName("tenant-ledger-2");
    const reserve = (day: string, dailyLimit: number, monthlyLimit: number | null) => ledger.reserveAiCall({ tenantId: "tenant-ledger-2", day, dailyLimit, monthlyLimit });
    expect(await reserve("2026-11-24", 2, null)).toBe(true);
    expect(await reserve("2026-11-24", 2, null)).toBe(true);
    expect(await reserve("2026-11-24", 2, null)).toBe(false);
    // A new day resets the ceiling but not the month.
    expect(await reserve("2026-11-25", 2, 3)).toBe(true);
    expect(await reserve("2026-11-25", 2, 3)).toBe(false);
    // A new month resets both.
    expect(await reserve("2026-12-01", 2, 3)).toBe(true);
    // A quota raised by the operator applies at once.
    expect(await reserve("2026-12-01", 5, 10)).toBe(true);
  });

  it("never lets parallel reservations overshoot", async () => {
    const ledger = env.LEDGER.getByName("tenant-ledger-3");
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ledger.reserveAiCall({ tenantId: "tenant-ledger-3", day: "2026-11-24", dailyLimit: 7, monthlyLimit: null })),
    );
    expect(results.filter(Boolean)).toHaveLength(7);
  });

  it("starts from the calls D1's usage already counts: a restarted ledger does not hand the quota out again", async () => {
    const t = await createTenant();
    const usage = env.DB.prepare("INSERT INTO usage (tenant_id, day, ai_calls) VALUES (?, ?, ?)");
    // Another tenant's calls are not this tenant's.
    const other = await createTenant();
    await env.DB.batch([usage.bind(t.id, "2026-11-02", 6), usage.bind(t.id, "2026-11-24", 3), usage.bind(other.id, "2026-11-24", 50), usage.bind(t.id, "2026-10-30", 40)]);
    const ledger = env.LEDGER.getByName(t.id);
    const reserve = (dailyLimit: number, monthlyLimit: number | null) => ledger.reserveAiCall({ tenantId: t.id, day: "2026-11-24", dailyLimit, monthlyLimit });
    // Today: 3 used of 4; this month: 9 used.
    expect(await reserve(4, null)).toBe(true);
    expect(await reserve(4, null)).toBe(false);
    expect(await reserve(100, 11)).toBe(true);
    expect(await reserve(100, 11)).toBe(false);
  });
});
