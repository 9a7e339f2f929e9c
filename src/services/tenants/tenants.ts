import type { CreateTenantInput, TenantView, UpdateTenantInput } from "../../domain/api/tenants";
import { botSettingsSchema, botSettingsSizeProblem, type BotSettings } from "../../domain/bot-settings";
import type { ConnectionState, Tenant } from "../../domain/tenant";
import type { Database } from "../../repositories/db";
import * as repo from "../../repositories/tenants";
import { encryptSecret, randomSecret, sha256Hex } from "../../platform/crypto";
import { recordAudit, type Actor } from "../accounts/audit";
import { retireTenant } from "../../repositories/tenant-purge";
import { evictTenant } from "./tenant-cache";
import { purgeRetiredTenant } from "./tenant-purge";

/** What the admin API shows of a tenant: never a credential. */
export function toView(t: Tenant): TenantView {
  return {
    id: t.id,
    instance: t.instance,
    name: t.name,
    enabled: t.enabled,
    evolution: { url: t.evolutionUrl, hasApiKey: t.evolutionTokenEnc !== null },
    bot: t.bot,
    connectionState: t.connectionState,
    qrCodeUpdatedAt: t.qrCodeUpdatedAt === null ? null : new Date(t.qrCodeUpdatedAt).toISOString(),
    createdAt: new Date(t.createdAt).toISOString(),
    updatedAt: new Date(t.updatedAt).toISOString(),
  };
}

export interface TenantDeps {
  db: Database;
  secretsKey: string;
  defaultEvolutionUrl: string | null;
  now?: () => number;
}

/** Encrypted form of an Evolution instance token, plus its hash for webhook `apikey` checks. */
export async function sealInstanceToken(secretsKey: string, token: string) {
  return {
    evolutionTokenEnc: await encryptSecret(secretsKey, token),
    evolutionTokenHash: await sha256Hex(token),
  };
}

export async function createTenant(
  deps: TenantDeps,
  input: CreateTenantInput,
): Promise<{ tenant: TenantView; webhookSecret: string } | "conflict"> {
  const now = deps.now?.() ?? Date.now();
  const webhookSecret = input.webhookSecret ?? randomSecret();
  const token = input.evolution.apiKey
    ? await sealInstanceToken(deps.secretsKey, input.evolution.apiKey)
    : { evolutionTokenEnc: null, evolutionTokenHash: null };
  const tenant: repo.NewTenant = {
    id: crypto.randomUUID(),
    instance: input.instance,
    name: input.name,
    enabled: input.enabled,
    evolutionUrl: input.evolution.url ?? deps.defaultEvolutionUrl,
    ...token,
    webhookSecretEnc: await encryptSecret(deps.secretsKey, webhookSecret),
    bot: input.bot,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await repo.insertTenant(deps.db, tenant))) return "conflict";
  evictTenant(input.instance);
  const stored = await repo.findTenantById(deps.db, tenant.id);
  return { tenant: toView(stored!), webhookSecret };
}

export async function getTenant(deps: TenantDeps, instance: string): Promise<Tenant | null> {
  return repo.findTenantByInstance(deps.db, instance);
}

export async function getTenantView(deps: TenantDeps, instance: string): Promise<TenantView | null> {
  const tenant = await repo.findTenantByInstance(deps.db, instance);
  return tenant ? toView(tenant) : null;
}

export async function listTenants(
  deps: TenantDeps,
  opts: { limit: number; cursor: string | null; connectionState: ConnectionState | null },
): Promise<{ items: TenantView[]; nextCursor: string | null }> {
  const rows = await repo.listTenants(deps.db, {
    limit: opts.limit + 1,
    after: opts.cursor,
    connectionState: opts.connectionState,
  });
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map(toView),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.instance : null,
  };
}

export class InvalidSettingsError extends Error {
  constructor(readonly details: { path: string; message: string }[]) {
    super("invalid settings");
  }
}

/** Merges `bot` key by key (nested objects one level deep), then validates the whole, size included. */
export function mergeBotSettings(current: BotSettings, patch: Record<string, unknown>): BotSettings {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    const existing = merged[key];
    const bothObjects =
      value !== null && typeof value === "object" && !Array.isArray(value) &&
      existing !== null && typeof existing === "object" && !Array.isArray(existing);
    merged[key] = bothObjects ? { ...(existing as object), ...(value as object) } : value;
  }
  const parsed = botSettingsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new InvalidSettingsError(
      parsed.error.issues.map((i) => ({ path: ["bot", ...i.path].join("."), message: i.message })),
    );
  }
  const tooLarge = botSettingsSizeProblem(parsed.data);
  if (tooLarge) throw new InvalidSettingsError([{ path: "bot", message: tooLarge }]);
  return parsed.data;
}

/**
 * A partial update; `bot` is merged key by key and validated whole. A settings change goes into
 * the tenant's audit trail under `actor` (null: the admin token).
 */
export async function updateTenant(
  deps: TenantDeps,
  instance: string,
  input: UpdateTenantInput,
  actor: Actor = null,
): Promise<TenantView | null> {
  const current = await repo.findTenantByInstance(deps.db, instance);
  if (!current) return null;
  const changes: repo.TenantChanges = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.enabled !== undefined) changes.enabled = input.enabled;
  if (input.evolution?.url !== undefined) changes.evolutionUrl = input.evolution.url;
  if (input.evolution?.apiKey !== undefined) {
    Object.assign(changes, await sealInstanceToken(deps.secretsKey, input.evolution.apiKey));
  }
  if (input.bot !== undefined) changes.bot = mergeBotSettings(current.bot, input.bot);
  const now = deps.now?.() ?? Date.now();
  const updated = await repo.updateTenant(deps.db, current.id, changes, now);
  evictTenant(instance);
  if (updated && input.bot !== undefined) {
    await recordAudit(deps.db, { tenantId: current.id, actor, action: "settings.update", details: { keys: Object.keys(input.bot) } }, now);
  }
  return updated ? toView(updated) : null;
}

/**
 * Deletes a tenant: retired at once (out of reach by name, disabled, its users gone), then its
 * data deleted in bounded slices. A small tenant is gone before this returns; what a large one
 * leaves, the scheduled purge finishes.
 */
export async function deleteTenant(deps: TenantDeps, instance: string): Promise<Tenant | null> {
  const current = await repo.findTenantByInstance(deps.db, instance);
  if (!current) return null;
  await retireTenant(deps.db, current.id, deps.now?.() ?? Date.now());
  evictTenant(instance);
  await purgeRetiredTenant(deps.db, current.id);
  return current;
}

/** After a rotation the old secret keeps working this long, so no webhook in flight is refused. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 3_600_000;

/** Replaces the webhook secret; the previous one stays valid for PREVIOUS_SECRET_GRACE_MS. */
export async function rotateWebhookSecret(
  deps: TenantDeps,
  instance: string,
): Promise<{ webhookSecret: string; tenant: Tenant } | null> {
  const current = await repo.findTenantByInstance(deps.db, instance);
  if (!current) return null;
  const now = deps.now?.() ?? Date.now();
  const webhookSecret = randomSecret();
  const tenant = await repo.updateTenant(
    deps.db,
    current.id,
    {
      webhookSecretEnc: await encryptSecret(deps.secretsKey, webhookSecret),
      previousWebhookSecretEnc: current.webhookSecretEnc,
      previousWebhookSecretUntil: now + PREVIOUS_SECRET_GRACE_MS,
    },
    now,
  );
  evictTenant(instance);
  return tenant ? { webhookSecret, tenant } : null;
}

/** Records what Evolution reports about the WhatsApp connection. */
export async function recordConnection(
  db: Database,
  tenant: Tenant,
  change: { state: ConnectionState } | { qrCode: string },
  now: number,
): Promise<void> {
  const changes: repo.TenantChanges =
    "state" in change
      ? { connectionState: change.state, ...(change.state === "open" ? { qrCode: null } : {}) }
      : { qrCode: change.qrCode, qrCodeUpdatedAt: now, connectionState: "connecting" };
  await repo.updateTenant(db, tenant.id, changes, now);
  evictTenant(tenant.instance);
}
