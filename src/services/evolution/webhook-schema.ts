import { z } from "zod";

/**
 * Schemas for the webhooks of Evolution API v2.3.7 (Baileys 7). Each one names only the fields
 * normalization reads: real payloads carry many more, which are accepted and dropped unread
 * (objects strip), so every webhook pays for checking what the bot uses and nothing else.
 * Real payloads of each event are in `test/fixtures/evolution/webhook/`.
 */

/** JIDs and message ids are short; the bound keeps a forged payload out of the queue event. */
const MAX_ID_CHARS = 256;
/** Media keys and hashes are 32 bytes; anything far larger is not a download field. */
const MAX_BYTES = 256;
/** WhatsApp CDN URLs and paths are ~300 characters. */
const MAX_URL_CHARS = 1024;
const MAX_MIMETYPE_CHARS = 255;
/** The longest file name common file systems allow. */
const MAX_FILE_NAME_CHARS = 255;

/**
 * A field we can do without never rejects a webhook: a malformed value (null included) reads as
 * absent. Absent is the common case and `optional` answers it at once; null is rare enough to
 * go through the catch.
 */
function lenient<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

/** A JSON object (not an array, not null), taken as it is: its keys are read one by one later. */
const jsonObjectSchema = z.custom<Record<string, unknown>>(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "expected an object",
);

export const jidSchema = z
  .string()
  .max(MAX_ID_CHARS)
  .regex(/^[^\s@]+@[^\s@]+$/, "expected a WhatsApp JID (user@server)");

export const messageIdSchema = z.string().min(1).max(MAX_ID_CHARS);

/**
 * A 64-bit integer exactly as Evolution serialized it: a JSON number, a numeric string
 * (protobuf toJSON, before 2.3.6) or a Long object `{low, high, unsigned}` (2.3.6+).
 */
export const rawLongSchema = z.union([
  z.number().int().nonnegative(),
  z.string().regex(/^\d{1,20}$/),
  z.looseObject({ low: z.number().int(), high: z.number().int(), unsigned: z.boolean().optional() }),
]);
export type RawLong = z.infer<typeof rawLongSchema>;

function decodeLong(value: RawLong): number {
  if (typeof value === "number") return value;
  if (typeof value === "string") return Number(value);
  // Long.js arithmetic: `low` is always read unsigned; `high` carries the sign unless unsigned.
  const high = value.unsigned ? value.high >>> 0 : value.high | 0;
  return high * 2 ** 32 + (value.low >>> 0);
}

/** Any of the three 64-bit encodings, decoded to a non-negative safe integer. */
export const longSchema = rawLongSchema.transform(decodeLong).pipe(z.number().int().nonnegative());

/**
 * Protobuf bytes: an index object `{"0":12,"1":34,...}` (2.3.6+) or a base64 string (older).
 * Evolution's getBase64FromMediaMessage accepts both, so they are kept as they came.
 */
export const bytesSchema = z.union([
  z.string().max(MAX_BYTES * 2),
  z
    .record(z.string().regex(/^\d+$/), z.number().int().min(0).max(255))
    .refine((bytes) => Object.keys(bytes).length <= MAX_BYTES, "too many bytes"),
]);

/**
 * Evolution downloads a medium from `url` (else `directPath` on WhatsApp's CDN) with its own
 * server: a sender-chosen URL would make it fetch anything. Only WhatsApp media hosts over https,
 * in printable ASCII, are kept.
 */
export const whatsappMediaUrlSchema = z
  .string()
  .max(MAX_URL_CHARS)
  .regex(/^https:\/\/(?:[a-z0-9-]+\.)*whatsapp\.net\/[\x21-\x7e]*$/i, "not a WhatsApp media URL");
/** A path on WhatsApp's CDN: one leading `/` (never `//host` or `/\host`), printable ASCII. */
export const whatsappMediaPathSchema = z
  .string()
  .max(MAX_URL_CHARS)
  .regex(/^\/(?![/\\])[\x21-\x7e]*$/, "not a media path");
/** `type/subtype` and parameters (`audio/ogg; codecs=opus`); real ones are a few dozen characters. */
const mimetypeSchema = z.string().max(MAX_MIMETYPE_CHARS).regex(/^[\x20-\x7e]+$/);

/**
 * The fields of a media sub-message (`imageMessage`, `audioMessage`, ...) that a later download
 * needs, each one lenient: a malformed one is dropped rather than failing the whole message.
 * Parsing strips everything else: inline `base64`, `jpegThumbnail`, `waveform`,
 * `contextInfo`, `thumbnail*`, ... which can weigh megabytes, and the caption, which the event
 * already carries as its text. Every string is bounded so the queued event stays under 100 KB.
 */
export const mediaDownloadFieldsSchema = z.object({
  url: lenient(whatsappMediaUrlSchema),
  directPath: lenient(whatsappMediaPathSchema),
  mediaKey: lenient(bytesSchema),
  mimetype: lenient(mimetypeSchema),
  fileEncSha256: lenient(bytesSchema),
  fileSha256: lenient(bytesSchema),
  fileLength: lenient(rawLongSchema),
  mediaKeyTimestamp: lenient(rawLongSchema),
  seconds: lenient(rawLongSchema),
  ptt: lenient(z.boolean()),
  fileName: lenient(z.string().max(MAX_FILE_NAME_CHARS)),
  height: lenient(z.number().int().nonnegative()),
  width: lenient(z.number().int().nonnegative()),
});
export type MediaDownloadFields = z.infer<typeof mediaDownloadFieldsSchema>;

/**
 * The webhook POST body (webhook.controller.ts `emit()`). Its other fields (`destination`,
 * `date_time`, `sender`, `server_url`) tell the bot nothing it acts on.
 */
export const evolutionEnvelopeSchema = z.object({
  /** Dotted lower-case (`messages.upsert`); other spellings are tolerated by the normalizer. */
  event: z.string().min(1).max(100),
  /** Instance name: how tenants are told apart (bounded: it is a lookup key and a cache key). */
  instance: z.string().min(1).max(200),
  /** Object for most events, array for some (`chats.upsert`); checked per event. */
  data: z.unknown().refine((data) => data !== undefined && data !== null, "data is required"),
  /** The instance token when Evolution exposes it, else null. */
  apikey: z.string().max(512).nullish(),
});
export type EvolutionEnvelope = z.infer<typeof evolutionEnvelopeSchema>;

/** Baileys WAMessageKey, as Evolution forwards it. */
export const messageKeySchema = z.object({
  /** The chat: phone JID, `@lid`, `@g.us`, `status@broadcast`, `@newsletter`. */
  remoteJid: jidSchema,
  /** 1:1 only: the chat's other identity (phone JID or `@lid`). */
  remoteJidAlt: lenient(jidSchema),
  /** Baileys always sends it; protobuf JSON omits false, so absent means false. */
  fromMe: z.boolean().nullish(),
  id: messageIdSchema,
  /** Groups and status: the sender. */
  participant: lenient(jidSchema),
  /** Groups: the sender's other identity. */
  participantAlt: lenient(jidSchema),
  addressingMode: lenient(z.string().max(MAX_ID_CHARS)),
  /** Evolution <= 2.3.2 (Baileys 6): the phone JID of a `@lid` sender. */
  senderPn: lenient(jidSchema),
});
export type MessageKey = z.infer<typeof messageKeySchema>;

export const contextInfoSchema = z.object({
  /** Id of the quoted message. */
  stanzaId: lenient(messageIdSchema),
});

/** `messages.upsert` data (BSS `prepareMessage`). */
export const messagesUpsertDataSchema = z.object({
  key: messageKeySchema,
  pushName: lenient(z.string()),
  /** proto Message as a plain object; shape varies per content type. */
  message: lenient(jsonObjectSchema),
  /** Epoch seconds; missing or malformed falls back to the receive time. */
  messageTimestamp: lenient(longSchema),
  /** Baileys stub (system notice, failed decryption): not a customer message. */
  messageStubType: lenient(z.number().int()),
  /** contextInfo of the main content (quote, mentions); absent for plain text. */
  contextInfo: lenient(contextInfoSchema),
});
export type MessagesUpsertData = z.infer<typeof messagesUpsertDataSchema>;

/** `connection.update` data (BSS `connectionUpdate`). */
export const connectionUpdateDataSchema = z.looseObject({
  state: z.enum(["open", "connecting", "close", "refused"]),
  /** Boom status code of the last disconnect, 200 otherwise (401 = logged out). */
  statusReason: lenient(z.number().int()),
  wuid: lenient(z.string()),
  profileName: lenient(z.string()),
});
export type ConnectionUpdateData = z.infer<typeof connectionUpdateDataSchema>;

/** `qrcode.updated` data while pairing. */
export const qrcodeUpdatedDataSchema = z.looseObject({
  qrcode: z.looseObject({
    /** Raw QR payload (a few hundred characters; it is stored). */
    code: z.string().min(1).max(4096),
    /** `data:image/png;base64,...` */
    base64: z.string().min(1).max(1_000_000),
    pairingCode: lenient(z.string()),
  }),
});

/** `qrcode.updated` data once `QRCODE_LIMIT` is reached: pairing stopped. */
export const qrcodeLimitDataSchema = z.looseObject({
  message: z.string(),
  statusCode: z.number(),
});
