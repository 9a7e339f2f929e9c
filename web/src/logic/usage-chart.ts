import type { UsageCounters, UsageDay } from "../api/types";

export type UsageMetric = "messagesIn" | "repliesSent" | "aiCalls" | "tokens";

export const METRIC_LABELS: Record<UsageMetric, string> = {
  messagesIn: "Mensagens recebidas",
  repliesSent: "Respostas enviadas",
  aiCalls: "Chamadas de IA",
  tokens: "Tokens",
};

/** The chart's switch, short enough for four buttons on one phone row. */
export const METRIC_SHORT_LABELS: Record<UsageMetric, string> = {
  messagesIn: "Mensagens",
  repliesSent: "Respostas",
  aiCalls: "IA",
  tokens: "Tokens",
};

export function metricValue(c: UsageCounters, metric: UsageMetric): number {
  return metric === "tokens" ? c.promptTokens + c.outputTokens : c[metric];
}

/** First and last day of a month, `YYYY-MM-DD`. */
export function monthRange(year: number, month: number): { from: string; to: string } {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, "0");
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, "0")}` };
}

export function shiftMonth(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** One value per day from `from` to `to` inclusive; days the API left out (no activity) are 0. */
export function dailySeries(items: readonly UsageDay[], from: string, to: string, metric: UsageMetric): { day: string; value: number }[] {
  const byDay = new Map(items.map((i) => [i.day, metricValue(i, metric)]));
  const out: { day: string; value: number }[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, value: byDay.get(day) ?? 0 });
  }
  return out;
}

/** The axis top: the smallest 1, 2 or 5 × 10ⁿ at or above the largest value (at least 1). */
export function niceCeiling(max: number): number {
  if (max <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

export interface Bar {
  day: string;
  value: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bars in a `width` × `height` box with a small gap between days; a day with activity is at least 1 unit tall. */
export function layoutBars(series: readonly { day: string; value: number }[], width: number, height: number): { bars: Bar[]; top: number } {
  const top = niceCeiling(Math.max(0, ...series.map((s) => s.value)));
  const slot = series.length > 0 ? width / series.length : width;
  const gap = Math.min(2, slot * 0.2);
  const bars = series.map((s, i) => {
    const h = s.value === 0 ? 0 : Math.max(1, (s.value / top) * height);
    return { day: s.day, value: s.value, x: i * slot + gap / 2, y: height - h, width: slot - gap, height: h };
  });
  return { bars, top };
}

/** The month's AI calls against the monthly quota; no quota means no limit. */
export function quotaProgress(used: number, limit: number | null): { ratio: number | null; level: "ok" | "warn" | "over" } {
  if (limit === null) return { ratio: null, level: "ok" };
  if (limit === 0) return { ratio: 1, level: "over" };
  const ratio = used / limit;
  return { ratio, level: ratio >= 1 ? "over" : ratio >= 0.8 ? "warn" : "ok" };
}
