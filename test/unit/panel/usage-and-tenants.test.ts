import { describe, expect, it } from "vitest";
import type { UsageDay } from "../../../web/src/api/types";
import { sortByConnection, tenantsSummary } from "../../../web/src/logic/connection";
import { parseList, slugify } from "../../../web/src/logic/text";
import { dailySeries, layoutBars, monthRange, niceCeiling, quotaProgress, shiftMonth } from "../../../web/src/logic/usage-chart";

const day = (d: string, messagesIn: number, extra: Partial<UsageDay> = {}): UsageDay => ({
  day: d,
  messagesIn,
  repliesSent: 0,
  aiCalls: 0,
  promptTokens: 0,
  cachedTokens: 0,
  outputTokens: 0,
  estimatedCostUsd: 0,
  handoffs: 0,
  failures: 0,
  ...extra,
});

describe("usage chart", () => {
  it("fills the days without activity with zero", () => {
    const series = dailySeries([day("2026-02-02", 5), day("2026-02-04", 7)], "2026-02-01", "2026-02-05", "messagesIn");
    expect(series.map((s) => s.value)).toEqual([0, 5, 0, 7, 0]);
  });

  it("adds prompt and output tokens together", () => {
    expect(dailySeries([day("2026-02-01", 0, { promptTokens: 100, outputTokens: 20 })], "2026-02-01", "2026-02-01", "tokens")[0]!.value).toBe(120);
  });

  it("months have their real length, and shift across years", () => {
    expect(monthRange(2026, 2)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(monthRange(2028, 2).to).toBe("2028-02-29");
    expect(shiftMonth(2026, 1, -1)).toEqual({ year: 2025, month: 12 });
    expect(shiftMonth(2026, 12, 1)).toEqual({ year: 2027, month: 1 });
  });

  it("rounds the axis up to a readable number", () => {
    expect([0, 1, 3, 7, 12, 180, 201, 5000].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 200, 500, 5000]);
  });

  it("the largest day is as tall as its share of the axis, an active day is never invisible", () => {
    const { bars, top } = layoutBars([{ day: "a", value: 0 }, { day: "b", value: 1 }, { day: "c", value: 100 }], 300, 100);
    expect(top).toBe(100);
    expect(bars.map((b) => b.height)).toEqual([0, 1, 100]);
    expect(bars[2]!.y).toBe(0);
    expect(bars[1]!.x).toBeCloseTo(101);
  });

  it("compares the month's AI calls with the quota", () => {
    expect(quotaProgress(10, null)).toEqual({ ratio: null, level: "ok" });
    expect(quotaProgress(50, 100)).toEqual({ ratio: 0.5, level: "ok" });
    expect(quotaProgress(85, 100).level).toBe("warn");
    expect(quotaProgress(100, 100).level).toBe("over");
  });
});

describe("tenants page", () => {
  it("sums the tenants up in words that agree with their number and state", () => {
    expect(tenantsSummary([])).toBe("0 empresas");
    expect(tenantsSummary(["open"])).toBe("1 empresa · conectada");
    expect(tenantsSummary(["open", "open"])).toBe("2 empresas · todas conectadas");
    expect(tenantsSummary(["unknown"])).toBe("1 empresa · 1 sem conexão confirmada");
    expect(tenantsSummary(["open", "close", "unknown"])).toBe("3 empresas · 1 com WhatsApp desconectado");
  });

  it("lists logged-out tenants first, then by name", () => {
    const sorted = sortByConnection([
      { name: "Padaria", connectionState: "open" as const },
      { name: "Clínica", connectionState: "close" as const },
      { name: "Açougue", connectionState: "open" as const },
      { name: "Bar", connectionState: "unknown" as const },
    ]);
    expect(sorted.map((t) => t.name)).toEqual(["Clínica", "Bar", "Açougue", "Padaria"]);
  });

  it("makes an instance name from a business name", () => {
    expect(slugify("Padaria Pão & Cia.")).toBe("padaria-pao-cia");
  });
});

describe("keyword lists", () => {
  it("reads comma- or line-separated words without blanks or repeats", () => {
    expect(parseList("pix, chave pix ,, PIX\natendente")).toEqual(["pix", "chave pix", "atendente"]);
    expect(parseList("  ")).toEqual([]);
  });
});
