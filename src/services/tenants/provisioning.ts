/**
 * One-call onboarding of a tenant on Evolution: create its instance with AtenBot's webhook already
 * configured, keep the instance token Evolution returns, and hand back a QR code to scan.
 */
import type { Tenant } from "../../domain/tenant";
import { decryptSecret } from "../../platform/crypto";
import { withoutTrailingSlash } from "../../platform/url";
import { connectInstance, createInstance, setWebhook, type AdminFailure, type QrCode } from "../evolution/admin-client";
import type { TenantView } from "../../domain/api/tenants";
import { getTenant, rotateWebhookSecret, updateTenant, type TenantDeps } from "./tenants";

/** The events the webhook acts on (normalizeWebhook); any other would be posted only to be ignored. */
export const WEBHOOK_EVENTS = ["MESSAGES_UPSERT", "CONNECTION_UPDATE", "QRCODE_UPDATED"] as const;

export interface ProvisionDeps extends TenantDeps {
  /** Evolution's global key (EVOLUTION_API_KEY): only it may create instances. */
  evolutionApiKey: string | null;
  /** This worker's public URL (PUBLIC_URL): where Evolution will post webhooks. */
  publicUrl: string | null;
}

type NotFound = { ok: false; error: "not_found" };
/** A setting AtenBot needs is missing; `detail` names it, never a value. */
type NotConfigured = { ok: false; error: "not_configured"; detail: string };

export type ProvisionResult = { ok: true; qrcode: QrCode | null; tenant: TenantView } | NotFound | NotConfigured | AdminFailure;
export type QrResult =
  | { ok: true; qrcode: QrCode }
  | NotFound
  | NotConfigured
  | { ok: false; error: "already_connected" }
  | AdminFailure;

const notFound: NotFound = { ok: false, error: "not_found" };
const notConfigured = (detail: string): NotConfigured => ({ ok: false, error: "not_configured", detail });
const evolutionUrlOf = (tenant: Tenant, deps: ProvisionDeps) => tenant.evolutionUrl ?? deps.defaultEvolutionUrl;
/**
 * The URL names the instance so a webhook is authenticated from its URL and headers before its
 * body is read (only then may it be large: inline media). Evolution's byEvents mode appends
 * `/<event>`, which the route accepts.
 */
const webhookUrlOf = (publicUrl: string, instance: string) =>
  `${withoutTrailingSlash(publicUrl)}/webhook/instance/${encodeURIComponent(instance)}`;

/**
 * Creates the tenant's instance; `qrcode` is null when Evolution had none ready within its 5 s
 * wait (ask `freshQrCode` again). Evolution refuses a name it already has (403 name in use).
 */
export async function provisionTenant(deps: ProvisionDeps, instance: string): Promise<ProvisionResult> {
  const tenant = await getTenant(deps, instance);
  if (!tenant) return notFound;
  const baseUrl = evolutionUrlOf(tenant, deps);
  if (!deps.evolutionApiKey) return notConfigured("EVOLUTION_API_KEY is not set");
  if (!baseUrl) return notConfigured("no Evolution URL: set the tenant's evolution.url or EVOLUTION_URL");
  if (!deps.publicUrl) return notConfigured("PUBLIC_URL is not set");

  const created = await createInstance(
    { baseUrl, apiKey: deps.evolutionApiKey },
    {
      instance: tenant.instance,
      groupsIgnore: tenant.bot.ignoreGroups,
      webhookUrl: webhookUrlOf(deps.publicUrl, tenant.instance),
      jwtKey: await decryptSecret(deps.secretsKey, tenant.webhookSecretEnc),
      events: WEBHOOK_EVENTS,
    },
  );
  if (!created.ok) return created;
  // Stored encrypted (with its hash for webhook `apikey` checks) through the tenants service; the
  // URL too, so replies go to the server the instance lives on even when it came from EVOLUTION_URL.
  const view = await updateTenant(deps, instance, { evolution: { url: baseUrl, apiKey: created.token } });
  // Deleted while Evolution was creating the instance: nothing left to attach the token to.
  if (!view) return notFound;
  return { ok: true, qrcode: created.qrcode, tenant: view };
}

/** A fresh QR from Evolution, asked with the instance's own token (the global key if it has none). */
export async function freshQrCode(deps: ProvisionDeps, instance: string): Promise<QrResult> {
  const tenant = await getTenant(deps, instance);
  if (!tenant) return notFound;
  const baseUrl = evolutionUrlOf(tenant, deps);
  if (!baseUrl) return notConfigured("no Evolution URL: set the tenant's evolution.url or EVOLUTION_URL");
  const apiKey = tenant.evolutionTokenEnc
    ? await decryptSecret(deps.secretsKey, tenant.evolutionTokenEnc)
    : deps.evolutionApiKey;
  if (!apiKey) return notConfigured("the tenant has no instance token and EVOLUTION_API_KEY is not set");

  const result = await connectInstance({ baseUrl, apiKey }, tenant.instance);
  if (!result.ok) return result;
  return result.state === "open" ? { ok: false, error: "already_connected" } : { ok: true, qrcode: result.qrcode };
}

export type RotateResult =
  | { ok: true; webhookSecret: string; evolutionWebhook: "updated" | "not_provisioned" | "failed"; detail?: string }
  | NotFound;

/**
 * Rotates the tenant's webhook secret and, when the instance was provisioned (AtenBot holds its
 * token), points Evolution's webhook at the new one. The old secret keeps working for a grace
 * period, so webhooks Evolution signed before the switch are not refused (it never retries a 401).
 */
export async function rotateSecret(deps: ProvisionDeps, instance: string): Promise<RotateResult> {
  const rotated = await rotateWebhookSecret(deps, instance);
  if (!rotated) return notFound;
  const { tenant, webhookSecret } = rotated;
  const baseUrl = evolutionUrlOf(tenant, deps);
  if (!tenant.evolutionTokenEnc || !baseUrl || !deps.publicUrl) {
    return { ok: true, webhookSecret, evolutionWebhook: "not_provisioned" };
  }
  const set = await setWebhook(
    { baseUrl, apiKey: await decryptSecret(deps.secretsKey, tenant.evolutionTokenEnc) },
    tenant.instance,
    { webhookUrl: webhookUrlOf(deps.publicUrl, tenant.instance), jwtKey: webhookSecret, events: WEBHOOK_EVENTS },
  );
  return set.ok
    ? { ok: true, webhookSecret, evolutionWebhook: "updated" }
    : { ok: true, webhookSecret, evolutionWebhook: "failed", detail: set.detail };
}
