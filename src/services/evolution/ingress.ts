import type { Config } from "../../config/env";
import type { InboundEvent } from "../../domain/inbound-event";
import type { Database } from "../../repositories/db";
import type { EvolutionEnvelope } from "./webhook-schema";
import { normalizeWebhook } from "./normalize";
import type { Logger } from "../../platform/log";
import { meterQueueSend, meterRequest } from "../../platform/metrics";
import type { Tenant } from "../../domain/tenant";
import { lookupTenant, reloadTenant } from "../tenants/tenant-cache";
import { publishLive, type LiveHubs } from "../live/publish";
import { recordConnection } from "../tenants/tenants";
import { overInboundLimit } from "../tenants/inbound-rate";
import { deliveryKey, queuedLately, rememberQueued } from "./recent-deliveries";
import { authenticateWebhook, type WebhookCredentials } from "./webhook-auth";

export type IngressResult =
  | { status: "queued" }
  | { status: "ignored"; reason: string }
  | { status: "unauthorized" }
  | { status: "invalid"; details: string[] }
  | { status: "unavailable" };

export interface IngressDeps {
  db: Database;
  inbox: Queue<InboundEvent>;
  config: Config;
  log: Logger;
  /** The tenant hubs: open panels hear of connection changes and new QR codes. */
  hubs: LiveHubs;
}

/**
 * The tenant `instance` names, when `creds` authenticate as it (it may be disabled: the caller
 * decides). A tenant from the cache that refuses the credentials, or is disabled, is read again
 * once before the answer: a secret rotated, a token replaced or a tenant re-enabled through
 * another isolate counts at once, and Evolution never retries a 401.
 */
export async function authenticTenant(
  deps: Pick<IngressDeps, "db" | "config">,
  instance: string,
  creds: WebhookCredentials,
  nowMs: number,
): Promise<Tenant | null> {
  // Nothing to check: no reason to look the tenant up.
  if (!creds.authorization && !creds.webhookToken && !creds.apikey) return null;
  const lookup = await lookupTenant(deps.db, instance, nowMs);
  if (!lookup.tenant) return null;
  const authentic = await authenticateWebhook(lookup.tenant, creds, deps.config.SECRETS_KEY, nowMs);
  if ((authentic && lookup.tenant.enabled) || !lookup.cached) return authentic ? lookup.tenant : null;
  const fresh = await reloadTenant(deps.db, instance, nowMs);
  return fresh && (await authenticateWebhook(fresh, creds, deps.config.SECRETS_KEY, nowMs)) ? fresh : null;
}

/**
 * One webhook, from a parsed envelope to a decision: find the tenant, authenticate, normalize,
 * and queue (awaited, so a 200 means the event is durable) or apply a connection change.
 * `proven` is the tenant the webhook URL and headers already authenticated; the envelope must
 * then name that same instance.
 */
export async function ingestWebhook(
  deps: IngressDeps,
  envelope: EvolutionEnvelope,
  creds: WebhookCredentials,
  receivedAt: number,
  proven: Tenant | null = null,
): Promise<IngressResult> {
  meterRequest("webhook");
  const tenant =
    proven ??
    (await authenticTenant(deps, envelope.instance, { ...creds, apikey: creds.apikey ?? envelope.apikey ?? null }, receivedAt));
  if (!tenant || tenant.instance !== envelope.instance) return { status: "unauthorized" };
  if (!tenant.enabled) return { status: "ignored", reason: "tenant_disabled" };

  const normalized = normalizeWebhook(envelope, {
    tenantId: tenant.id,
    instance: tenant.instance,
    ignoreGroups: tenant.bot.ignoreGroups,
    receivedAt,
  });
  switch (normalized.type) {
    case "message": {
      const delivery = deliveryKey(normalized.event);
      if (queuedLately(delivery, receivedAt)) return { status: "queued" };
      if (overInboundLimit(tenant.id, tenant.bot.tenantMessagesPerMinute, receivedAt)) normalized.event.throttled = true;
      try {
        meterQueueSend(normalized.event);
        await deps.inbox.send(normalized.event, { contentType: "json" });
        rememberQueued(delivery, receivedAt);
      } catch (err) {
        deps.log.error("queue send failed", { tenantId: tenant.id, error: String(err instanceof Error ? err.name : err) });
        return { status: "unavailable" };
      }
      return { status: "queued" };
    }
    case "connection":
      await recordConnection(deps.db, tenant, { state: normalized.state }, receivedAt);
      deps.log.info("connection state", { tenantId: tenant.id, state: normalized.state });
      await publishLive(deps.hubs, tenant.id, { type: "connection", state: normalized.state }, deps.log);
      return { status: "ignored", reason: "connection_recorded" };
    case "qrcode":
      await recordConnection(deps.db, tenant, { qrCode: normalized.code }, receivedAt);
      await publishLive(deps.hubs, tenant.id, { type: "qrcode" }, deps.log);
      return { status: "ignored", reason: "qrcode_recorded" };
    case "ignored":
      return { status: "ignored", reason: normalized.reason };
    case "invalid":
      return { status: "invalid", details: normalized.details };
  }
}
