/**
 * The tenant's WhatsApp connection as its owner sees it in the panel: the state Evolution last
 * reported and a QR code to scan while not connected. Connecting provisions the instance when
 * the tenant has none yet; both go through the admin API's provisioning service.
 */
import type { WhatsappResponse } from "../../domain/panel-api";
import type { Tenant } from "../../domain/tenant";
import { recordAudit, type Actor } from "../accounts/audit";
import { freshQrCode, provisionTenant, type ProvisionDeps, type ProvisionResult } from "./provisioning";

/** The state, and a fresh QR when an instance exists and is not connected (null if Evolution has none). */
export async function whatsappState(deps: ProvisionDeps, tenant: Tenant): Promise<WhatsappResponse> {
  if (tenant.connectionState === "open" || !tenant.evolutionTokenEnc) return { state: tenant.connectionState, qrcode: null };
  const qr = await freshQrCode(deps, tenant.instance);
  if (qr.ok) return { state: tenant.connectionState, qrcode: qr.qrcode };
  return { state: qr.error === "already_connected" ? "open" : tenant.connectionState, qrcode: null };
}

export type ConnectFailure = Exclude<ProvisionResult, { ok: true }>;

/** Starts connecting: provisions the instance when there is none, else asks Evolution for a QR. */
export async function connectWhatsapp(deps: ProvisionDeps, tenant: Tenant, actor: Actor): Promise<{ ok: true; whatsapp: WhatsappResponse } | ConnectFailure> {
  const now = deps.now?.() ?? Date.now();
  if (!tenant.evolutionTokenEnc) {
    const provisioned = await provisionTenant(deps, tenant.instance);
    if (!provisioned.ok) return provisioned;
    await recordAudit(deps.db, { tenantId: tenant.id, actor, action: "whatsapp.connect", details: { provisioned: true } }, now);
    return { ok: true, whatsapp: { state: provisioned.tenant.connectionState, qrcode: provisioned.qrcode } };
  }
  const qr = await freshQrCode(deps, tenant.instance);
  if (!qr.ok && qr.error === "already_connected") return { ok: true, whatsapp: { state: "open", qrcode: null } };
  if (!qr.ok) return qr;
  await recordAudit(deps.db, { tenantId: tenant.id, actor, action: "whatsapp.connect", details: { provisioned: false } }, now);
  return { ok: true, whatsapp: { state: tenant.connectionState, qrcode: qr.qrcode } };
}
