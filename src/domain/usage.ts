/** Per-tenant daily counters: what the usage report and the quotas count. */
export interface UsageDelta {
  messagesIn?: number;
  repliesSent?: number;
  aiCalls?: number;
  promptTokens?: number;
  /** Of the prompt tokens, those served from Gemini's implicit cache. */
  cachedTokens?: number;
  outputTokens?: number;
  handoffs?: number;
  failures?: number;
}

export const usageKeys = [
  "messagesIn",
  "repliesSent",
  "aiCalls",
  "promptTokens",
  "cachedTokens",
  "outputTokens",
  "handoffs",
  "failures",
] as const satisfies readonly (keyof UsageDelta)[];

/** The sum of two deltas, counter by counter. */
export function mergeUsage(a: UsageDelta, b: UsageDelta): UsageDelta {
  const out: UsageDelta = { ...a };
  for (const k of usageKeys) if (b[k]) out[k] = (out[k] ?? 0) + b[k]!;
  return out;
}

/** Only what calling the model cost: its calls and tokens. */
export function aiUsageOf(d: UsageDelta): UsageDelta {
  const out: UsageDelta = {};
  for (const k of ["aiCalls", "promptTokens", "cachedTokens", "outputTokens"] as const) if (d[k]) out[k] = d[k];
  return out;
}

/** The calendar day (YYYY-MM-DD) of an instant in a timezone: usage days are the business's days. */
export function dayIn(timezone: string, at: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}
