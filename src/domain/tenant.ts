import type { BotSettings } from "./bot-settings";

/** What Evolution last reported about the tenant's WhatsApp connection ("unknown" until it does). */
export const connectionStates = ["unknown", "open", "connecting", "close", "refused"] as const;
export type ConnectionState = (typeof connectionStates)[number];

/** A tenant as the services see it: settings parsed, credentials still encrypted. */
export interface Tenant {
  id: string;
  instance: string;
  name: string;
  enabled: boolean;
  evolutionUrl: string | null;
  evolutionTokenEnc: string | null;
  evolutionTokenHash: string | null;
  webhookSecretEnc: string;
  previousWebhookSecretEnc: string | null;
  previousWebhookSecretUntil: number | null;
  bot: BotSettings;
  connectionState: ConnectionState;
  qrCode: string | null;
  qrCodeUpdatedAt: number | null;
  createdAt: number;
  updatedAt: number;
}
