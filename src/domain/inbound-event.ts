/**
 * The compact, versioned event the webhook puts on the INBOX queue. It carries no inline media
 * (queue messages are capped at 128 KB): media is fetched from Evolution when a turn needs it.
 */
export const INBOUND_EVENT_VERSION = 1;

export type MessageKind =
  | "text"
  | "image"
  | "audio"
  | "video"
  | "document"
  | "sticker"
  | "location"
  | "contact"
  | "other";

/** What Evolution's `getBase64FromMediaMessage` needs to download a medium again. */
export interface MediaRef {
  mimetype: string | null;
  /** Bytes, when Evolution reported it (either 64-bit encoding is decoded). */
  fileLength: number | null;
  seconds: number | null;
  fileName: string | null;
  ptt: boolean;
  /** `{key, message}` as Evolution sent it, with thumbnails, waveforms and base64 removed. */
  source: { key: Record<string, unknown>; message: Record<string, unknown> };
}

export interface InboundEvent {
  v: typeof INBOUND_EVENT_VERSION;
  type: "message";
  tenantId: string;
  instance: string;
  /** Stable id of the conversation: the reply JID (phone JID preferred, else the full `@lid`/group JID). */
  contact: string;
  /** Where replies go: `key.remoteJidAlt` when it is a phone JID, else the full `key.remoteJid`. */
  replyJid: string;
  /** WhatsApp message id (`key.id`). */
  messageId: string;
  fromMe: boolean;
  isGroup: boolean;
  /** Sender inside a group (`key.participantAlt` preferred), null in 1:1 chats. */
  participant: string | null;
  pushName: string | null;
  /** `messageTimestamp`, epoch seconds. */
  timestamp: number;
  kind: MessageKind;
  /** Message text, or the caption of a medium. */
  text: string | null;
  media: MediaRef | null;
  /** Id of the quoted message when the customer replied to one. */
  quotedId: string | null;
  /** When the webhook received it (epoch ms): the start of the pipeline-latency clock. */
  receivedAt: number;
  /** Set when it came past the tenant's inbound rate limit: stored, not answered. */
  throttled?: true;
}

/** The name of the Conversation object that owns a contact of a tenant: one object per pair. */
export function conversationName(event: Pick<InboundEvent, "tenantId" | "contact">): string {
  return `${event.tenantId}:${event.contact}`;
}
