import type { Tenant } from "../../domain/tenant";
import { setBounded } from "../../platform/bounded-map";
import { decryptSecret, sha256Hex, timingSafeEqual } from "../../platform/crypto";
import { verifyWebhookJwt } from "./webhook-jwt";

export interface WebhookCredentials {
  authorization: string | null;
  webhookToken: string | null;
  /** The envelope's `apikey`: Evolution's instance token when exposure is on. */
  apikey: string | null;
}

/**
 * Per-isolate memory of what the hot path would otherwise recompute on every webhook: the
 * SHA-256 of instance tokens seen (compared with the stored hash) and the plaintext of sealed
 * webhook secrets (AES-GCM). Bounded; the oldest entry goes first.
 */
const MAX_REMEMBERED = 2_000;
const tokenHashes = new Map<string, string>();
const openedSecrets = new Map<string, string>();

async function remembered(map: Map<string, string>, key: string, compute: () => Promise<string>): Promise<string> {
  const hit = map.get(key);
  if (hit !== undefined) return hit;
  const value = await compute();
  setBounded(map, MAX_REMEMBERED, key, value);
  return value;
}

/**
 * A webhook passes when ANY of three methods holds (README, "Evolution"): a valid HS256 JWT
 * signed with the tenant's webhook secret, `x-webhook-token` equal to that secret, or the body's
 * `apikey` equal to the tenant's instance token (compared through its stored hash).
 */
export async function authenticateWebhook(
  tenant: Tenant,
  creds: WebhookCredentials,
  secretsKey: string,
  nowMs: number,
): Promise<boolean> {
  const bearer = creds.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
  if (bearer || creds.webhookToken) {
    for (const sealed of acceptedSecrets(tenant, nowMs)) {
      const secret = await remembered(openedSecrets, sealed, () => decryptSecret(secretsKey, sealed));
      if (bearer && (await verifyWebhookJwt(bearer, secret, Math.floor(nowMs / 1000)))) return true;
      if (creds.webhookToken && timingSafeEqual(creds.webhookToken, secret)) return true;
    }
  }
  if (creds.apikey && tenant.evolutionTokenHash) {
    const apikey = creds.apikey;
    return timingSafeEqual(await remembered(tokenHashes, apikey, () => sha256Hex(apikey)), tenant.evolutionTokenHash);
  }
  return false;
}

/** The current secret, and the previous one during its grace period after a rotation. */
function acceptedSecrets(tenant: Tenant, nowMs: number): string[] {
  const previousValid =
    tenant.previousWebhookSecretEnc !== null && (tenant.previousWebhookSecretUntil ?? 0) > nowMs;
  return previousValid ? [tenant.webhookSecretEnc, tenant.previousWebhookSecretEnc!] : [tenant.webhookSecretEnc];
}
