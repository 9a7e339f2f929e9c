import type { z } from "zod";
import {
  INBOUND_EVENT_VERSION,
  type InboundEvent,
  type MediaRef,
  type MessageKind,
} from "../../domain/inbound-event";
import type { ConnectionState } from "../../domain/tenant";
import {
  connectionUpdateDataSchema,
  contextInfoSchema,
  evolutionEnvelopeSchema,
  longSchema,
  mediaDownloadFieldsSchema,
  messagesUpsertDataSchema,
  qrcodeLimitDataSchema,
  qrcodeUpdatedDataSchema,
  type EvolutionEnvelope,
  type MessageKey,
  type MessagesUpsertData,
} from "./webhook-schema";

/**
 * Pure normalization of Evolution API v2 webhooks into what the bot acts on. No I/O: the ingress
 * (`ingress.ts`) finds the tenant, authenticates, calls `normalizeWebhook` and queues or records
 * what comes out.
 */

/** What a `connection.update` can report: every state but the "unknown" of a tenant never heard from. */
export type ReportedConnectionState = Exclude<ConnectionState, "unknown">;

export type NormalizedWebhook =
  | { type: "message"; event: InboundEvent }
  | { type: "connection"; state: ReportedConnectionState; statusReason: number | null }
  | { type: "qrcode"; code: string; base64: string }
  | { type: "ignored"; reason: string }
  | { type: "invalid"; details: string[] };

export interface NormalizeContext {
  tenantId: string;
  instance: string;
  ignoreGroups: boolean;
  /** Epoch ms when the webhook arrived. */
  receivedAt: number;
}

/** WhatsApp's own limit for a text message is 65,536; the model never needs more than this. */
export const MAX_TEXT_CHARS = 4096;
const MAX_PUSH_NAME_CHARS = 256;
const MAX_DETAILS = 10;
/** Same bound as Baileys' normalizeMessageContent: wrappers never nest deeper in practice. */
const MAX_WRAPPER_DEPTH = 5;
/** Timestamps above this are epoch milliseconds (1e12 s is the year 33658). */
const MILLISECONDS_THRESHOLD = 1e12;

// ---------------------------------------------------------------------------------------------
// Event names

/** Every event value of Evolution 2.3.7's `Events` enum (wa.types.ts). */
const EVOLUTION_EVENTS = [
  "application.startup",
  "instance.create",
  "instance.delete",
  "qrcode.updated",
  "connection.update",
  "status.instance",
  "messages.set",
  "messages.upsert",
  "messages.edited",
  "messages.update",
  "messages.delete",
  "send.message",
  "send.message.update",
  "contacts.set",
  "contacts.upsert",
  "contacts.update",
  "presence.update",
  "chats.set",
  "chats.update",
  "chats.upsert",
  "chats.delete",
  "groups.upsert",
  "groups.update",
  "group-participants.update",
  "call",
  "typebot.start",
  "typebot.change-status",
  "labels.edit",
  "labels.association",
  "remove.instance",
  "logout.instance",
] as const;

/**
 * Evolution's own mapping (`event.replace(/[.-]/g, "_").toUpperCase()`): it names the
 * subscription (`MESSAGES_UPSERT`) and, lower-kebab-cased, the byEvents path (`messages-upsert`),
 * so every spelling of one event shares this key.
 */
function eventKey(name: string): string {
  return name.trim().replace(/[.-]/g, "_").toUpperCase();
}

const EVENT_BY_KEY = new Map<string, string>(EVOLUTION_EVENTS.map((event) => [eventKey(event), event]));
/** The spelling Evolution's webhook bodies carry: found as it is, with nothing rewritten. */
const DOTTED_EVENTS: ReadonlySet<string> = new Set(EVOLUTION_EVENTS);

/**
 * The dotted event name for any spelling Evolution uses (`messages.upsert`, `MESSAGES_UPSERT`,
 * `messages-upsert`); an unknown name comes back trimmed and lower-cased.
 */
export function normalizeEventName(name: string): string {
  if (DOTTED_EVENTS.has(name)) return name;
  return EVENT_BY_KEY.get(eventKey(name)) ?? name.trim().toLowerCase();
}

/** Why events other than messages, connection and QR updates need no action. */
const IGNORED_EVENT_REASONS: Record<string, string> = {
  "send.message": "own_echo",
  "send.message.update": "message_update",
  "messages.update": "message_update",
  "messages.delete": "message_delete",
  "messages.edited": "message_edit",
  "messages.set": "history_sync",
  "contacts.set": "contacts_event",
  "contacts.upsert": "contacts_event",
  "contacts.update": "contacts_event",
  "chats.set": "chats_event",
  "chats.upsert": "chats_event",
  "chats.update": "chats_event",
  "chats.delete": "chats_event",
  "groups.upsert": "groups_event",
  "groups.update": "groups_event",
  "group-participants.update": "groups_event",
  "presence.update": "presence",
  call: "call",
};

// ---------------------------------------------------------------------------------------------
// Entry points

/** Validates a webhook body; `details` are readable lines for the 400 answer. */
export function parseEnvelope(
  body: unknown,
): { ok: true; envelope: EvolutionEnvelope } | { ok: false; details: string[] } {
  const parsed = evolutionEnvelopeSchema.safeParse(body);
  return parsed.success
    ? { ok: true, envelope: parsed.data }
    : { ok: false, details: describeIssues(parsed.error, "") };
}

/**
 * Turns a parsed Evolution envelope into one of: a queueable message, a connection-state change,
 * a new QR code, something to ignore (with a snake_case reason), or an invalid payload.
 * @example
 * const result = normalizeWebhook(envelope, { tenantId, instance, ignoreGroups: true, receivedAt: Date.now() });
 * if (result.type === "message") await env.INBOX.send(result.event);
 */
export function normalizeWebhook(envelope: EvolutionEnvelope, ctx: NormalizeContext): NormalizedWebhook {
  const event = normalizeEventName(envelope.event);
  switch (event) {
    case "messages.upsert":
      return normalizeUpsert(envelope.data, ctx);
    case "connection.update":
      return normalizeConnection(envelope.data);
    case "qrcode.updated":
      return normalizeQrcode(envelope.data);
    default:
      return ignored(Object.hasOwn(IGNORED_EVENT_REASONS, event) ? IGNORED_EVENT_REASONS[event]! : "unhandled_event");
  }
}

function ignored(reason: string): NormalizedWebhook {
  return { type: "ignored", reason };
}

function invalid(error: z.ZodError, root: string): NormalizedWebhook {
  return { type: "invalid", details: describeIssues(error, root) };
}

function describeIssues(error: z.ZodError, root: string): string[] {
  return error.issues.slice(0, MAX_DETAILS).map((issue) => {
    const path = [root, ...issue.path.map(String)].filter(Boolean).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

// ---------------------------------------------------------------------------------------------
// connection.update and qrcode.updated

function normalizeConnection(data: unknown): NormalizedWebhook {
  const parsed = connectionUpdateDataSchema.safeParse(data);
  if (!parsed.success) return invalid(parsed.error, "data");
  return { type: "connection", state: parsed.data.state, statusReason: parsed.data.statusReason ?? null };
}

function normalizeQrcode(data: unknown): NormalizedWebhook {
  if (qrcodeLimitDataSchema.safeParse(data).success) return ignored("qrcode_limit_reached");
  const parsed = qrcodeUpdatedDataSchema.safeParse(data);
  if (!parsed.success) return invalid(parsed.error, "data");
  return { type: "qrcode", code: parsed.data.qrcode.code, base64: parsed.data.qrcode.base64 };
}

// ---------------------------------------------------------------------------------------------
// messages.upsert

function normalizeUpsert(data: unknown, ctx: NormalizeContext): NormalizedWebhook {
  const parsed = messagesUpsertDataSchema.safeParse(data);
  if (!parsed.success) return invalid(parsed.error, "data");
  const upsert = parsed.data;
  const { key } = upsert;

  const chat = chatKind(key.remoteJid);
  if (chat !== "user" && chat !== "group") return ignored(chat);
  if (chat === "group" && ctx.ignoreGroups) return ignored("group");
  // Stubs are notices or undecryptable placeholders; the real message, if any, comes later
  // with the same id and would be dropped as a duplicate had the stub been queued.
  if (upsert.messageStubType) return ignored("stub");
  if (!upsert.message) return ignored("no_content");

  const content = readContent(upsert.message);
  if ("ignored" in content) return ignored(content.ignored);

  const fromMe = key.fromMe ?? false;
  const isGroup = chat === "group";
  const replyJid = isGroup ? key.remoteJid : replyJidOf(key);
  const event: InboundEvent = {
    v: INBOUND_EVENT_VERSION,
    type: "message",
    tenantId: ctx.tenantId,
    instance: ctx.instance,
    contact: replyJid,
    replyJid,
    messageId: key.id,
    fromMe,
    isGroup,
    participant: isGroup ? groupSenderOf(key) : null,
    pushName: fromMe ? null : pushNameOf(upsert),
    timestamp: epochSeconds(upsert.messageTimestamp, ctx.receivedAt),
    kind: content.kind,
    text: content.text,
    media: content.media ? mediaRef(content.media, key) : null,
    quotedId: stanzaIdOf(upsert.contextInfo) ?? stanzaIdOf(content.body.contextInfo),
    receivedAt: ctx.receivedAt,
  };
  return { type: "message", event };
}

// ---------------------------------------------------------------------------------------------
// JIDs

type ChatKind = "user" | "group" | "broadcast" | "newsletter" | "unsupported_chat";

const PHONE_SERVER = "s.whatsapp.net";
/** Servers of one-to-one chats: phone numbers, LIDs, legacy `c.us`, Baileys 7 hosted accounts. */
const USER_SERVERS = new Set([PHONE_SERVER, "lid", "c.us", "hosted", "hosted.lid"]);

function serverOf(jid: string): string {
  return jid.slice(jid.lastIndexOf("@") + 1);
}

function chatKind(remoteJid: string): ChatKind {
  const server = serverOf(remoteJid);
  if (server === "g.us") return "group";
  if (server === "broadcast") return "broadcast";
  if (server === "newsletter") return "newsletter";
  return USER_SERVERS.has(server) ? "user" : "unsupported_chat";
}

function isPhoneJid(jid: string | null | undefined): jid is string {
  return jid != null && serverOf(jid) === PHONE_SERVER;
}

/** `5511…:12@s.whatsapp.net` → `5511…@s.whatsapp.net`: one person, whatever device wrote. */
function withoutDevice(jid: string): string {
  return jid.replace(/:\d+@/, "@");
}

/**
 * Evolution sends to a phone JID reliably, to a `@lid` only as the full JID (digits alone become
 * a wrong phone number), so the phone identity wins when any version of the payload carries it:
 * `remoteJidAlt` (2.3.3+), `senderPn` (<= 2.3.2), or `remoteJid` itself.
 */
function replyJidOf(key: MessageKey): string {
  if (isPhoneJid(key.remoteJidAlt)) return withoutDevice(key.remoteJidAlt);
  if (!isPhoneJid(key.remoteJid) && isPhoneJid(key.senderPn)) return withoutDevice(key.senderPn);
  return withoutDevice(key.remoteJid);
}

function groupSenderOf(key: MessageKey): string | null {
  const sender = isPhoneJid(key.participantAlt) ? key.participantAlt : key.participant;
  return sender ? withoutDevice(sender) : null;
}

// ---------------------------------------------------------------------------------------------
// Message fields

function pushNameOf(upsert: MessagesUpsertData): string | null {
  const name = cleanText(upsert.pushName, MAX_PUSH_NAME_CHARS);
  // Without a push name Evolution fills in the sender's JID user part: a number, not a name.
  const participantUser = upsert.key.participant?.split("@")[0];
  return name === participantUser ? null : name;
}

function epochSeconds(timestamp: number | null | undefined, receivedAt: number): number {
  if (!timestamp) return Math.floor(receivedAt / 1000);
  return timestamp > MILLISECONDS_THRESHOLD ? Math.floor(timestamp / 1000) : timestamp;
}

function stanzaIdOf(contextInfo: unknown): string | null {
  // Most messages quote nothing: a failed parse would build a ZodError on every webhook.
  if (!isRecord(contextInfo)) return null;
  const parsed = contextInfoSchema.safeParse(contextInfo);
  return parsed.success ? (parsed.data.stanzaId ?? null) : null;
}

/** Trimmed, capped at `max` UTF-16 units without splitting a surrogate pair; null when empty. */
export function cleanText(value: unknown, max = MAX_TEXT_CHARS): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  if (!trimmed) return null;
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(0, max);
  const lastUnit = cut.charCodeAt(cut.length - 1);
  return (lastUnit >= 0xd800 && lastUnit <= 0xdbff ? cut.slice(0, -1) : cut).trimEnd();
}

function decodeNumber(value: unknown): number | null {
  const parsed = longSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Content

/** FutureProofMessage wrappers `{message: {...}}` around the real content (Baileys rc.9 and later). */
const WRAPPER_KEYS = [
  "ephemeralMessage",
  "viewOnceMessage",
  "viewOnceMessageV2",
  "viewOnceMessageV2Extension",
  "documentWithCaptionMessage",
  "associatedChildMessage",
  "groupMentionedMessage",
  "lottieStickerMessage",
];

/** Wrappers Evolution's getBase64FromMediaMessage unwraps itself (wa.types.ts `MessageSubtype`). */
const EVOLUTION_UNWRAPS = new Set([
  "ephemeralMessage",
  "documentWithCaptionMessage",
  "viewOnceMessage",
  "viewOnceMessageV2",
]);

/** Keys that ride along with any content without being content (Baileys getContentType). */
const NON_CONTENT_KEYS = new Set(["messageContextInfo", "senderKeyDistributionMessage"]);

/** Content types that carry nothing to answer. */
const IGNORED_CONTENT: Record<string, string> = {
  reactionMessage: "reaction",
  encReactionMessage: "reaction",
  pollUpdateMessage: "poll_vote",
  keepInChatMessage: "protocol",
  pinInChatMessage: "protocol",
  // Spelled with three s in WAProto.
  callLogMesssage: "call_log",
  messageHistoryBundle: "history_sync",
  messageHistoryNotice: "history_sync",
  // Stands in for a message the phone has not delivered yet; the real one follows with the same id.
  placeholderMessage: "placeholder",
  groupStatusMessage: "status",
  groupStatusMessageV2: "status",
  statusMentionMessage: "status",
  groupStatusMentionMessage: "status",
};

const KIND_BY_TYPE: Record<string, MessageKind> = {
  conversation: "text",
  extendedTextMessage: "text",
  imageMessage: "image",
  audioMessage: "audio",
  videoMessage: "video",
  ptvMessage: "video",
  documentMessage: "document",
  stickerMessage: "sticker",
  locationMessage: "location",
  liveLocationMessage: "location",
  contactMessage: "contact",
  contactsArrayMessage: "contact",
};

const MEDIA_KINDS = new Set<MessageKind>(["image", "audio", "video", "document", "sticker"]);

interface MediaContent {
  type: string;
  body: Record<string, unknown>;
  /** Wrapper keys from the outside in. */
  wrappers: string[];
}

interface Content {
  kind: MessageKind;
  text: string | null;
  /** The content sub-object (`{}` for plain `conversation`), for its contextInfo. */
  body: Record<string, unknown>;
  media: MediaContent | null;
}

function readContent(message: Record<string, unknown>): Content | { ignored: string } {
  const unwrapped = unwrap(message);
  if ("ignored" in unwrapped) return unwrapped;
  const { inner, wrappers } = unwrapped;

  const type = contentType(inner);
  if (!type) return { ignored: isRecord(inner.senderKeyDistributionMessage) ? "key_distribution" : "no_content" };
  if (type === "protocolMessage") return { ignored: protocolReason(inner.protocolMessage) };
  const ignoredReason = IGNORED_CONTENT[type];
  if (ignoredReason) return { ignored: ignoredReason };

  const kind = KIND_BY_TYPE[type] ?? "other";
  const raw = inner[type];
  const body = isRecord(raw) ? raw : {};
  const text = cleanText(textOf(type, kind, raw, body));
  if (kind === "text" && !text) return { ignored: "no_content" };
  return { kind, text, body, media: MEDIA_KINDS.has(kind) ? { type, body, wrappers } : null };
}

function unwrap(
  message: Record<string, unknown>,
): { inner: Record<string, unknown>; wrappers: string[] } | { ignored: string } {
  let inner = message;
  const wrappers: string[] = [];
  for (let depth = 0; depth < MAX_WRAPPER_DEPTH; depth++) {
    // An edit carries the new text of an old message: answering it would answer twice.
    if (isRecord(inner.editedMessage)) return { ignored: "edit" };
    const wrapper = WRAPPER_KEYS.find((key) => isRecord(inner[key]));
    if (!wrapper) break;
    const next = (inner[wrapper] as Record<string, unknown>).message;
    if (!isRecord(next)) return { ignored: "no_content" };
    wrappers.push(wrapper);
    inner = next;
  }
  return { inner, wrappers };
}

/** First key holding content, in the payload's order (as Baileys getContentType). */
function contentType(message: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(message)) {
    if (NON_CONTENT_KEYS.has(key)) continue;
    if (key === "conversation" ? typeof value === "string" && value.trim() !== "" : isContentObject(key, value)) {
      return key;
    }
  }
  return null;
}

function isContentObject(key: string, value: unknown): boolean {
  return (key.includes("Message") || Object.hasOwn(IGNORED_CONTENT, key)) && isRecord(value);
}

/** proto ProtocolMessage.Type, by number (plain objects) or name (protobuf JSON). */
function protocolReason(protocol: unknown): string {
  const type = isRecord(protocol) ? protocol.type : undefined;
  if (type === 0 || type === "REVOKE") return "delete";
  if (type === 14 || type === "MESSAGE_EDIT") return "edit";
  if (type === 5 || type === "HISTORY_SYNC_NOTIFICATION") return "history_sync";
  return "protocol";
}

function textOf(type: string, kind: MessageKind, raw: unknown, body: Record<string, unknown>): unknown {
  if (type === "conversation") return raw;
  if (type === "extendedTextMessage") return body.text;
  if (MEDIA_KINDS.has(kind)) return body.caption;
  if (kind === "location") return locationText(body);
  if (kind === "contact") return contactText(body);
  return null;
}

function locationText(location: Record<string, unknown>): string | null {
  const label = [location.name, location.address, location.caption]
    .map((part) => cleanText(part))
    .filter(Boolean)
    .join(" - ");
  const { degreesLatitude: lat, degreesLongitude: long } = location;
  const coordinates = typeof lat === "number" && typeof long === "number" ? `${lat},${long}` : "";
  if (label && coordinates) return `${label} (${coordinates})`;
  return label || coordinates || null;
}

function contactText(contact: Record<string, unknown>): string | null {
  const name = cleanText(contact.displayName);
  if (name) return name;
  const cards = Array.isArray(contact.contacts) ? contact.contacts : [];
  const names = cards.map((card) => cleanText(isRecord(card) ? card.displayName : null)).filter(Boolean);
  return names.length ? names.join(", ") : null;
}

// ---------------------------------------------------------------------------------------------
// Media

/**
 * Everything a later `getBase64FromMediaMessage` call needs, and nothing heavy: the inline file
 * (`base64`), thumbnails and waveforms never reach the queue (128 KB per message).
 */
function mediaRef(media: MediaContent, key: MessageKey): MediaRef {
  const fields = compact(mediaDownloadFieldsSchema.parse(media.body));
  // Wrappers Evolution cannot unwrap are dropped so it still finds the medium.
  const message = media.wrappers
    .filter((wrapper) => EVOLUTION_UNWRAPS.has(wrapper))
    .reduceRight<Record<string, unknown>>((inner, wrapper) => ({ [wrapper]: { message: inner } }), {
      [media.type]: fields,
    });
  return {
    mimetype: fields.mimetype ?? null,
    fileLength: decodeNumber(fields.fileLength),
    seconds: decodeNumber(fields.seconds),
    fileName: fields.fileName ?? null,
    ptt: fields.ptt === true,
    source: { key: sourceKey(key), message },
  };
}

/** The key's known fields only: a loose key could smuggle anything into the queue. */
function sourceKey(key: MessageKey): Record<string, unknown> {
  const { remoteJid, remoteJidAlt, fromMe, id, participant, participantAlt, addressingMode } = key;
  return compact({ remoteJid, remoteJidAlt, fromMe: fromMe ?? false, id, participant, participantAlt, addressingMode });
}

/** Drops absent and discarded (null/undefined) fields so the ref carries only real values. */
function compact<T extends Record<string, unknown>>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value != null)) as T;
}
