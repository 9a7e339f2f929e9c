import { MAX_RANGE_DAYS, type UsageCounters } from "../../domain/api/usage";
import { timezoneOf } from "../../domain/bot-settings";
import { dayIn, usageKeys } from "../../domain/usage";
import { estimatedCostUsd } from "../../domain/usage-cost";
import type { Tenant } from "../../domain/tenant";
import type { Database } from "../../repositories/db";
import { findTenantByInstance } from "../../repositories/tenants";
import { usageBetween } from "../../repositories/transcripts";

const DAY_MS = 86_400_000;

export type UsageDay = { day: string } & UsageCounters;
export type Issue = { path: string; message: string };

/**
 * The days asked for: `to` defaults to today, `from` to the first day of `to`'s month (so no
 * parameters means the current month so far). Issues when the range is reversed or too long.
 */
export function resolveRange(q: { from?: string; to?: string }, today: string): { from: string; to: string } | { issues: Issue[] } {
  const to = q.to ?? today;
  const from = q.from ?? `${to.slice(0, 8)}01`;
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1) return { issues: [{ path: "from", message: "must not be after to" }] };
  if (days > MAX_RANGE_DAYS) return { issues: [{ path: "to", message: `range longer than ${MAX_RANGE_DAYS} days` }] };
  return { from, to };
}

type StoredCounters = Omit<UsageCounters, "estimatedCostUsd">;

const withCost = (c: StoredCounters): UsageCounters => ({ ...c, estimatedCostUsd: estimatedCostUsd(c) });

const pickCounters = (r: StoredCounters): UsageCounters =>
  withCost(Object.fromEntries(usageKeys.map((k) => [k, r[k]])) as StoredCounters);

/**
 * The tenant's daily counters in a range of its business days, and their totals. Null when the
 * tenant is unknown; issues when the range is not acceptable.
 */
export async function getUsage(
  deps: { db: Database; now?: () => number },
  instance: string,
  query: { from?: string; to?: string },
): Promise<{ items: UsageDay[]; totals: UsageCounters } | { issues: Issue[] } | null> {
  const tenant = await findTenantByInstance(deps.db, instance);
  if (!tenant) return null;
  return usageOf(deps, tenant, query);
}

/** `getUsage` for a tenant already at hand. */
export async function usageOf(
  deps: { db: Database; now?: () => number },
  tenant: Tenant,
  query: { from?: string; to?: string },
): Promise<{ items: UsageDay[]; totals: UsageCounters } | { issues: Issue[] }> {
  const range = resolveRange(query, dayIn(timezoneOf(tenant.bot), deps.now?.() ?? Date.now()));
  if ("issues" in range) return range;
  const rows = await usageBetween(deps.db, tenant.id, range.from, range.to);
  const items = rows.map((r) => ({ day: r.day, ...pickCounters(r) }));
  const totals = withCost(Object.fromEntries(usageKeys.map((k) => [k, items.reduce((n, r) => n + r[k], 0)])) as StoredCounters);
  return { items, totals };
}

/** The current month in the tenant's timezone: AI calls so far against its monthly quota. */
export async function monthOf(deps: { db: Database; now?: () => number }, tenant: Tenant) {
  const today = dayIn(timezoneOf(tenant.bot), deps.now?.() ?? Date.now());
  const rows = await usageBetween(deps.db, tenant.id, `${today.slice(0, 8)}01`, today);
  return { month: today.slice(0, 7), aiCalls: rows.reduce((n, r) => n + r.aiCalls, 0), quota: tenant.bot.monthlyAiReplies };
}

/** AI calls the usage rows count for a business day and for its month: where the tenant's AI quota starts from. */
export async function aiCallsOn(db: Database, tenantId: string, day: string): Promise<{ day: number; month: number }> {
  const rows = await usageBetween(db, tenantId, `${day.slice(0, 8)}01`, day);
  return { day: rows.find((r) => r.day === day)?.aiCalls ?? 0, month: rows.reduce((n, r) => n + r.aiCalls, 0) };
}
