/** The usage resource of the admin API: the day range asked for and the counters shown. */
import { z } from "zod";
import { usageKeys } from "../usage";

/** Longest range one request may ask for: a leap year. */
export const MAX_RANGE_DAYS = 366;

const isCalendarDay = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};

export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD")
  .refine(isCalendarDay, "not a calendar day");

/** The stored counters, and what they cost at list prices (see `estimatedCostUsd`). */
export const usageCountersSchema = z.object({
  ...(Object.fromEntries(usageKeys.map((k) => [k, z.number().int()])) as Record<(typeof usageKeys)[number], z.ZodNumber>),
  estimatedCostUsd: z.number(),
});
export type UsageCounters = z.infer<typeof usageCountersSchema>;
