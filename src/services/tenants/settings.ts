/**
 * The bot settings as the tenant's owner changes them in the panel: the admin API's merge and
 * validation (`mergeBotSettings` through `updateTenant`), restricted to what the business
 * decides. Quotas, model and timing stay the operator's, so a tenant cannot lift its own limits.
 */
import { botSettingsSchema, type BotSettings } from "../../domain/bot-settings";
import { settingsPatchSchema, type SettingsPatch } from "../../domain/panel-api";
import type { Tenant } from "../../domain/tenant";
import type { Actor } from "../accounts/audit";
import { updateTenant, type TenantDeps } from "./tenants";

export const OWNER_SETTINGS = Object.keys(settingsPatchSchema.shape);
/** The settings only the operator may change (through the admin API). */
export const OPERATOR_SETTINGS = Object.keys(botSettingsSchema.shape).filter((k) => !OWNER_SETTINGS.includes(k));

/** One issue per operator-only key in a patch, naming it. */
export function operatorOnlyIssues(body: unknown): { path: string; message: string }[] {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return [];
  return Object.keys(body)
    .filter((k) => OPERATOR_SETTINGS.includes(k))
    .map((k) => ({ path: k, message: "only the platform operator may change this setting" }));
}

/** Applies an owner's patch, merged key by key and audited; null when the tenant is gone. */
export async function updateSettings(deps: TenantDeps, tenant: Tenant, patch: SettingsPatch, actor: Actor): Promise<BotSettings | null> {
  const view = await updateTenant(deps, tenant.instance, { bot: patch }, actor);
  return view ? view.bot : null;
}
