/**
 * Evolution API v2.3.7 `messages.upsert` webhooks for a text typed by a customer, shaped like
 * `evolution/fixtures/webhook/01-messages.upsert-conversation.json` (PN-addressed 1:1 chat, the
 * LID in `remoteJidAlt`). Used by the terminal chat and the benchmark.
 */

export interface TextMessage {
  instance: string;
  /** The instance token; Evolution puts it in every body as `apikey`. */
  apikey: string;
  /** Customer's phone number, digits with country code (e.g. 5511999990001). */
  number: string;
  pushName: string;
  text: string;
  /** WhatsApp message id; a fresh iOS-style id when absent. */
  id?: string;
  /** `messageTimestamp`, epoch seconds; now when absent. */
  timestamp?: number;
  /** Where Evolution would post it (only echoed in `destination`). */
  destination?: string;
}

const INSTANCE_ID = "0b9f3c2e-6a7d-4e1b-9c8f-2d4a5b6c7e81";
const OWN_JID = "5511999990000@s.whatsapp.net";

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();

/** An id like the ones iOS phones give (`3A` + 18 hex digits, Baileys reports `source: "ios"`). */
export const messageId = () => `3A${hex(9)}`;

/** A stable fake LID for a number (WhatsApp's hidden id; 2.3.7 puts it in `remoteJidAlt`). */
function lidFor(number: string): string {
  let h = 0;
  for (const c of number) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${String(h).padStart(10, "0")}${number.slice(-5)}@lid`;
}

/** Evolution prints its local time (America/Sao_Paulo in the image) with a `Z` suffix. */
function evolutionDateTime(ms: number): string {
  return new Date(ms - 3 * 3_600_000).toISOString();
}

export function textUpsert(m: TextMessage) {
  const ts = m.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    event: "messages.upsert",
    instance: m.instance,
    data: {
      key: {
        remoteJid: `${m.number}@s.whatsapp.net`,
        remoteJidAlt: lidFor(m.number),
        fromMe: false,
        id: m.id ?? messageId(),
        addressingMode: "pn",
      },
      pushName: m.pushName,
      status: "DELIVERY_ACK",
      message: {
        conversation: m.text,
        messageContextInfo: { deviceListMetadataVersion: 2 },
      },
      messageType: "conversation",
      messageTimestamp: ts,
      instanceId: INSTANCE_ID,
      source: "ios",
    },
    destination: m.destination ?? "http://127.0.0.1:8787/webhook",
    date_time: evolutionDateTime(Date.now()),
    sender: OWN_JID,
    server_url: "http://127.0.0.1:8790",
    apikey: m.apikey,
  };
}
