import type { Config } from "../../config/env";
import type { InboundEvent } from "../../domain/inbound-event";
import type { Database } from "../../repositories/db";
import type { EvolutionEnvelope } from "./webhook-schema";
import { normalizeWebhook } from "./normalize";
import type { Logger } from "../../platform/log";
import { meterQueueSend, meterRequest } from "../../platform/metrics";
import { getTenantCached } from "../tenants/tenant-cache";
import { recordConnection } from "../tenants/tenants";
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
}

/**
 * One webhook, from a parsed envelope to a decision: find the tenant, authenticate, normalize,
 * and queue (awaited, so a 200 means the event is durable) or apply a connection change.
 */
export async function ingestWebhook(
  deps: IngressDeps,
  envelope: EvolutionEnvelope,
  creds: WebhookCredentials,
  receivedAt: number,
): Promise<IngressResult> {
  meterRequest("webhook");
  const tenant = await getTenantCached(deps.db, envelope.instance, receivedAt);
  if (!tenant) return { status: "unauthorized" };
  const authentic = await authenticateWebhook(
    tenant,
    { ...creds, apikey: creds.apikey ?? envelope.apikey ?? null },
    deps.config.SECRETS_KEY,
    receivedAt,
  );
  if (!authentic) return { status: "unauthorized" };
  if (!tenant.enabled) return { status: "ignored", reason: "tenant_disabled" };

  const normalized = normalizeWebhook(envelope, {
    tenantId: tenant.id,
    instance: tenant.instance,
    ignoreGroups: tenant.bot.ignoreGroups,
    receivedAt,
  });
  switch (normalized.type) {
    case "message":
      try {
        meterQueueSend(normalized.event);
        await deps.inbox.send(normalized.event, { contentType: "json" });
      } catch (err) {
        deps.log.error("queue send failed", { tenantId: tenant.id, error: String(err instanceof Error ? err.name : err) });
        return { status: "unavailable" };
      }
      return { status: "queued" };
    case "connection":
      await recordConnection(deps.db, tenant, { state: normalized.state }, receivedAt);
      deps.log.info("connection state", { tenantId: tenant.id, state: normalized.state });
      return { status: "ignored", reason: "connection_recorded" };
    case "qrcode":
      await recordConnection(deps.db, tenant, { qrCode: normalized.code }, receivedAt);
      return { status: "ignored", reason: "qrcode_recorded" };
    case "ignored":
      return { status: "ignored", reason: normalized.reason };
    case "invalid":
      return { status: "invalid", details: normalized.details };
  }
}
