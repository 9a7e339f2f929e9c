import type { EvolutionClient } from "../evolution/client";

/**
 * The sandbox's channel, handed to the turn in place of the tenant's Evolution client: the turn
 * has stored its reply (which the panel receives live) before it delivers, so delivering to the
 * sandbox is done once the turn asks. Nothing reaches WhatsApp, a handoff notice to the
 * business's number included. Sandbox messages are text typed in the panel: there is no medium
 * to download.
 */
export const sandboxDelivery: EvolutionClient = {
  sendText: async () => ({ ok: true, messageId: null }),
  getMediaBase64: async () => ({ ok: false, retryable: false, reason: "sandbox_has_no_media" }),
};
