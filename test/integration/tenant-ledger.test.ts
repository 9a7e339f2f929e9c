import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("TenantLedger", () => {
  it("gives each WhatsApp id one owner", async () => {
    const ledger = env.LEDGER.getByName("tenant-ledger-1");
    expect(await ledger.claim([{ id: "a", owner: "t:1" }, { id: "b", owner: "t:2" }])).toEqual(["t:1", "t:2"]);
    expect(await ledger.claim([{ id: "a", owner: "t:9" }, { id: "a", owner: "t:1" }])).toEqual(["t:1", "t:1"]);
  });

  it("reserves AI calls up to the daily ceiling and the monthly quota", async () => {
    const ledger = env.LEDGER.getByName("tenant-ledger-2");
    const reserve = (day: string, dailyLimit: number, monthlyLimit: number | null) => ledger.reserveAiCall({ day, dailyLimit, monthlyLimit });
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
    const results = await Promise.all(Array.from({ length: 20 }, () => ledger.reserveAiCall({ day: "2026-11-24", dailyLimit: 7, monthlyLimit: null })));
    expect(results.filter(Boolean)).toHaveLength(7);
  });
});
