import { describe, expect, it } from "vitest";
import type { InboundEvent } from "../../src/domain/inbound-event";
import {
  cleanText,
  normalizeEventName,
  normalizeWebhook,
  parseEnvelope,
  type NormalizeContext,
  type NormalizedWebhook,
} from "../../src/services/evolution/normalize";
import conversation from "../fixtures/evolution/webhook/01-messages.upsert-conversation.json";
import replyLidRemapped from "../fixtures/evolution/webhook/02-messages.upsert-extendedText-reply-lid-remapped.json";
import lidOnly from "../fixtures/evolution/webhook/03-messages.upsert-lid-only.json";
import audioPtt from "../fixtures/evolution/webhook/04-messages.upsert-audio-ptt-base64.json";
import imageCaption from "../fixtures/evolution/webhook/05-messages.upsert-image-caption.json";
import group from "../fixtures/evolution/webhook/06-messages.upsert-group.json";
import fromMePhone from "../fixtures/evolution/webhook/07-messages.upsert-fromMe-phone.json";
import statusBroadcast from "../fixtures/evolution/webhook/08-messages.upsert-status-broadcast.json";
import reaction from "../fixtures/evolution/webhook/09-messages.upsert-reaction.json";
import editedRevoke from "../fixtures/evolution/webhook/10-messages.edited-protocol-revoke.json";
import messagesDelete from "../fixtures/evolution/webhook/11-messages.delete.json";
import editedEdit from "../fixtures/evolution/webhook/12-messages.edited-protocol-edit.json";
import updateEdit from "../fixtures/evolution/webhook/13-messages.update-edit.json";
import sendMessage from "../fixtures/evolution/webhook/14-send.message.json";
import updateDeliveryAck from "../fixtures/evolution/webhook/15-messages.update-delivery_ack.json";
import updateRead from "../fixtures/evolution/webhook/16-messages.update-read.json";
import connectionOpen from "../fixtures/evolution/webhook/17-connection.update-open.json";
import connectionClose from "../fixtures/evolution/webhook/18-connection.update-close-loggedout.json";
import connectionConnecting from "../fixtures/evolution/webhook/19-connection.update-connecting-fresh.json";
import qrcodeUpdated from "../fixtures/evolution/webhook/20-qrcode.updated.json";

// Variants edit fixtures freely; the JSON types would forbid changing a field's encoding.
type Json = any;

const RECEIVED_AT = 1_765_358_999_123;
const ctx: NormalizeContext = { tenantId: "t-1", instance: "bot-prod", ignoreGroups: true, receivedAt: RECEIVED_AT };

function normalize(body: unknown, overrides: Partial<NormalizeContext> = {}): NormalizedWebhook {
  const parsed = parseEnvelope(body);
  if (!parsed.ok) throw new Error(`fixture is not an envelope: ${parsed.details.join("; ")}`);
  return normalizeWebhook(parsed.envelope, { ...ctx, ...overrides });
}

function message(body: unknown, overrides: Partial<NormalizeContext> = {}): InboundEvent {
  const result = normalize(body, overrides);
  if (result.type !== "message") throw new Error(`expected a message, got ${JSON.stringify(result)}`);
  return result.event;
}

/** A deep copy of a fixture with `edit` applied to its `data`. */
function variant(fixture: unknown, edit: (data: Json) => void): Json {
  const copy: Json = structuredClone(fixture);
  edit(copy.data);
  return copy;
}

/** The same upsert with `data.message` replaced. */
function withMessage(fixture: unknown, content: Record<string, unknown>): Json {
  return variant(fixture, (data) => {
    data.message = content;
  });
}

/** Bytes in the pre-2.3.6 encoding: a base64 string instead of `{"0":n,...}`. */
function toBase64(indexObject: Record<string, number>): string {
  return btoa(String.fromCharCode(...Object.values(indexObject)));
}

describe("messages.upsert fixtures", () => {
  it("01 plain text from a phone JID becomes a text message", () => {
    const event = message(conversation);
    expect(event).toMatchObject({
      v: 1,
      type: "message",
      tenantId: "t-1",
      instance: "bot-prod",
      kind: "text",
      text: "Oi! Vocês abrem amanhã de manhã?",
      messageId: "3A5F0C2B9D8E7A6B5C4D",
      replyJid: "5511999990001@s.whatsapp.net",
      contact: "5511999990001@s.whatsapp.net",
      fromMe: false,
      isGroup: false,
      participant: null,
      pushName: "Ana Souza",
      timestamp: 1765358142,
      media: null,
      quotedId: null,
      receivedAt: RECEIVED_AT,
    });
  });

  it("02 a reply keeps the quoted id and the remapped phone JID", () => {
    const event = message(replyLidRemapped);
    expect(event.kind).toBe("text");
    expect(event.text).toBe("Pode ser às 10h então");
    expect(event.quotedId).toBe("3EB0C1D2E3F4A5B6C7D8E9");
    expect(event.replyJid).toBe("5511999990002@s.whatsapp.net");
    expect(event.contact).toBe("5511999990002@s.whatsapp.net");
  });

  it("03 a LID-only sender is answered on the full @lid JID", () => {
    const event = message(lidOnly);
    expect(event.replyJid).toBe("987654321098765@lid");
    expect(event.contact).toBe("987654321098765@lid");
    expect(event.text).toBe("Qual o valor da entrega?");
  });

  it("04 a voice note becomes an audio ref without the inline base64 or waveform", () => {
    const event = message(audioPtt);
    const audio = audioPtt.data.message.audioMessage;
    expect(event.kind).toBe("audio");
    expect(event.text).toBeNull();
    expect(event.media).toMatchObject({
      mimetype: "audio/ogg; codecs=opus",
      fileLength: 9412,
      seconds: 5,
      fileName: null,
      ptt: true,
    });
    expect(event.media?.source.key).toEqual(audioPtt.data.key);
    expect(event.media?.source.message).toEqual({
      audioMessage: {
        url: audio.url,
        mimetype: audio.mimetype,
        fileSha256: audio.fileSha256,
        fileLength: audio.fileLength,
        seconds: 5,
        ptt: true,
        mediaKey: audio.mediaKey,
        fileEncSha256: audio.fileEncSha256,
        directPath: audio.directPath,
        mediaKeyTimestamp: audio.mediaKeyTimestamp,
      },
    });
    const serialized = JSON.stringify(event);
    expect(serialized).not.toContain(audioPtt.data.message.base64);
    expect(serialized).not.toContain("waveform");
    expect(serialized).not.toContain("messageContextInfo");
  });

  it("05 an image keeps its caption as text and drops the thumbnail", () => {
    const event = message(imageCaption);
    const image = imageCaption.data.message.imageMessage;
    expect(event.kind).toBe("image");
    expect(event.text).toBe("Esse é o modelo que eu quero");
    expect(event.media).toMatchObject({ mimetype: "image/jpeg", fileLength: 183406, seconds: null, ptt: false });
    const kept = event.media?.source.message.imageMessage as Record<string, unknown>;
    expect(Object.keys(kept).sort()).toEqual(
      [
        "directPath",
        "fileEncSha256",
        "fileLength",
        "fileSha256",
        "height",
        "mediaKey",
        "mediaKeyTimestamp",
        "mimetype",
        "url",
        "width",
      ].sort(),
    );
    expect(kept.mediaKey).toEqual(image.mediaKey);
    expect(JSON.stringify(event)).not.toContain("jpegThumbnail");
  });

  it("06 a group message is ignored by default", () => {
    expect(normalize(group)).toEqual({ type: "ignored", reason: "group" });
  });

  it("06 a group message is normalized when groups are answered", () => {
    const event = message(group, { ignoreGroups: false });
    expect(event).toMatchObject({
      isGroup: true,
      contact: "120363012345678901@g.us",
      replyJid: "120363012345678901@g.us",
      participant: "5511999990003@s.whatsapp.net",
      kind: "text",
      text: "@bot qual o horário de hoje?",
      pushName: "Diego",
    });
  });

  it("06 without participantAlt the group sender is the participant as sent", () => {
    const lidSender = variant(group, (data) => {
      delete data.key.participantAlt;
    });
    expect(message(lidSender, { ignoreGroups: false }).participant).toBe("234567890123456@lid");
  });

  it("07 a message typed on the owner's phone passes fromMe through without the owner's name", () => {
    const event = message(fromMePhone);
    expect(event.fromMe).toBe(true);
    expect(event.pushName).toBeNull();
    expect(event.replyJid).toBe("5511999990001@s.whatsapp.net");
    expect(event.text).toBe("Bom dia Ana, abrimos às 8h.");
  });

  it("08 a status post is ignored", () => {
    expect(normalize(statusBroadcast)).toEqual({ type: "ignored", reason: "broadcast" });
  });

  it("09 a reaction is ignored", () => {
    expect(normalize(reaction)).toEqual({ type: "ignored", reason: "reaction" });
  });
});

describe("other event fixtures", () => {
  it.each([
    ["10 messages.edited revoke", editedRevoke, "message_edit"],
    ["11 messages.delete", messagesDelete, "message_delete"],
    ["12 messages.edited edit", editedEdit, "message_edit"],
    ["13 messages.update edit", updateEdit, "message_update"],
    ["14 send.message", sendMessage, "own_echo"],
    ["15 messages.update delivery ack", updateDeliveryAck, "message_update"],
    ["16 messages.update read", updateRead, "message_update"],
  ])("%s is ignored", (_name, fixture, reason) => {
    expect(normalize(fixture)).toEqual({ type: "ignored", reason });
  });

  it.each([
    ["17 open", connectionOpen, "open", 200],
    ["18 logged out", connectionClose, "close", 401],
    ["19 connecting", connectionConnecting, "connecting", 200],
  ])("%s connection.update reports the state", (_name, fixture, state, statusReason) => {
    expect(normalize(fixture)).toEqual({ type: "connection", state, statusReason });
  });

  it("connection.update without a statusReason reports null", () => {
    const body = variant(connectionConnecting, (data) => {
      delete data.statusReason;
    });
    expect(normalize(body)).toEqual({ type: "connection", state: "connecting", statusReason: null });
  });

  it("connection.update refused (QR limit) is a state too", () => {
    const body = variant(connectionOpen, (data) => {
      data.state = "refused";
      data.statusReason = 428;
    });
    expect(normalize(body)).toEqual({ type: "connection", state: "refused", statusReason: 428 });
  });

  it("connection.update with an unknown state is invalid", () => {
    const body = variant(connectionOpen, (data) => {
      data.state = "sleeping";
    });
    const result = normalize(body);
    expect(result.type).toBe("invalid");
    expect(result.type === "invalid" && result.details[0]).toMatch(/^data\.state: /);
  });

  it("20 qrcode.updated yields the code and image", () => {
    expect(normalize(qrcodeUpdated)).toEqual({
      type: "qrcode",
      code: qrcodeUpdated.data.qrcode.code,
      base64: qrcodeUpdated.data.qrcode.base64,
    });
  });

  it("qrcode.updated after the QR limit is ignored", () => {
    const body = { ...qrcodeUpdated, data: { message: "QR code limit reached, please login again", statusCode: 500 } };
    expect(normalize(body)).toEqual({ type: "ignored", reason: "qrcode_limit_reached" });
  });

  it("qrcode.updated without a code is invalid", () => {
    const body = variant(qrcodeUpdated, (data) => {
      delete data.qrcode.code;
    });
    expect(normalize(body)).toEqual({ type: "invalid", details: [expect.stringMatching(/^data\.qrcode\.code: /)] });
  });

  it.each([
    ["presence.update", "presence"],
    ["call", "call"],
    ["contacts.upsert", "contacts_event"],
    ["chats.upsert", "chats_event"],
    ["messages.set", "history_sync"],
    ["group-participants.update", "groups_event"],
    ["labels.edit", "unhandled_event"],
    ["something.new", "unhandled_event"],
  ])("%s is ignored as %s", (event, reason) => {
    expect(normalize({ ...connectionOpen, event, data: [{ remoteJid: "x@s.whatsapp.net" }] })).toEqual({
      type: "ignored",
      reason,
    });
  });
});

describe("event names", () => {
  it.each(["messages.upsert", "MESSAGES_UPSERT", "messages-upsert", " Messages.Upsert "])(
    "%s is read as messages.upsert",
    (event) => {
      expect(normalizeEventName(event)).toBe("messages.upsert");
      expect(message({ ...conversation, event }).messageId).toBe("3A5F0C2B9D8E7A6B5C4D");
    },
  );

  it("keeps an unknown event name recognisable", () => {
    expect(normalizeEventName("MESSAGING-HISTORY.SET")).toBe("messaging-history.set");
  });
});

describe("envelope", () => {
  it("accepts extra fields and a missing sender", () => {
    const parsed = parseEnvelope({ ...connectionConnecting, isLatest: true, progress: 10 });
    expect(parsed.ok).toBe(true);
  });

  it("accepts a null apikey", () => {
    expect(parseEnvelope({ ...conversation, apikey: null }).ok).toBe(true);
  });

  it("rejects a body without instance or data with readable details", () => {
    const { instance: _instance, data: _data, ...rest } = conversation;
    const parsed = parseEnvelope(rest);
    expect(parsed).toEqual({
      ok: false,
      details: [expect.stringMatching(/^instance: /), expect.stringMatching(/^data: /)],
    });
  });

  it("rejects an empty instance and a non-object body", () => {
    expect(parseEnvelope({ ...conversation, instance: "" }).ok).toBe(false);
    expect(parseEnvelope("messages.upsert").ok).toBe(false);
  });
});

describe("invalid messages.upsert", () => {
  it("a key without id is invalid", () => {
    const body = variant(conversation, (data) => {
      delete data.key.id;
    });
    expect(normalize(body)).toEqual({ type: "invalid", details: [expect.stringMatching(/^data\.key\.id: /)] });
  });

  it("a key without remoteJid or with a non-JID one is invalid", () => {
    const missing = variant(conversation, (data) => {
      delete data.key.remoteJid;
    });
    const digits = variant(conversation, (data) => {
      data.key.remoteJid = "5511999990001";
    });
    expect(normalize(missing)).toEqual({ type: "invalid", details: [expect.stringMatching(/^data\.key\.remoteJid: /)] });
    expect(normalize(digits)).toEqual({ type: "invalid", details: [expect.stringMatching(/^data\.key\.remoteJid: /)] });
  });

  it("data without a key is invalid", () => {
    expect(normalize({ ...conversation, data: { message: { conversation: "oi" } } })).toEqual({
      type: "invalid",
      details: [expect.stringMatching(/^data\.key: /)],
    });
  });

  it("array data is invalid", () => {
    expect(normalize({ ...conversation, data: [conversation.data] }).type).toBe("invalid");
  });
});

describe("ignored messages.upsert", () => {
  it.each([
    ["newsletter", "120363999999999999@newsletter", "newsletter"],
    ["broadcast list", "1765358000@broadcast", "broadcast"],
    ["Meta AI bot", "867051314767696@bot", "unsupported_chat"],
  ])("a %s chat is ignored", (_name, remoteJid, reason) => {
    const body = variant(conversation, (data) => {
      data.key.remoteJid = remoteJid;
    });
    expect(normalize(body)).toEqual({ type: "ignored", reason });
  });

  it.each([
    ["protocol revoke", { protocolMessage: { key: { id: "X" }, type: 0 } }, "delete"],
    ["protocol edit", { protocolMessage: { key: { id: "X" }, type: "MESSAGE_EDIT" } }, "edit"],
    ["history sync", { protocolMessage: { type: 5, historySyncNotification: {} } }, "history_sync"],
    ["other protocol", { protocolMessage: { type: 3, ephemeralExpiration: 86400 } }, "protocol"],
    ["edited wrapper", { editedMessage: { message: { conversation: "novo" } } }, "edit"],
    ["poll vote", { pollUpdateMessage: { pollCreationMessageKey: { id: "P" } } }, "poll_vote"],
    ["encrypted reaction", { encReactionMessage: { targetMessageKey: { id: "R" } } }, "reaction"],
    ["call log", { callLogMesssage: { callOutcome: 1 } }, "call_log"],
    ["placeholder", { placeholderMessage: { type: 0 } }, "placeholder"],
    ["sender key only", { senderKeyDistributionMessage: { groupId: "g@g.us" }, messageContextInfo: {} }, "key_distribution"],
    ["context info only", { messageContextInfo: {} }, "no_content"],
    ["blank text", { conversation: "   " }, "no_content"],
    ["empty extended text", { extendedTextMessage: { text: "" } }, "no_content"],
    ["wrapper without message", { ephemeralMessage: {} }, "no_content"],
    ["reaction in a wrapper", { ephemeralMessage: { message: { reactionMessage: { text: "👍" } } } }, "reaction"],
    ["edit in a wrapper", { ephemeralMessage: { message: { editedMessage: { message: {} } } } }, "edit"],
  ])("%s is ignored", (_name, content, reason) => {
    expect(normalize(withMessage(conversation, content))).toEqual({ type: "ignored", reason });
  });

  it("a message without content is ignored", () => {
    const absent = variant(conversation, (data) => {
      delete data.message;
    });
    const nulled = variant(conversation, (data) => {
      data.message = null;
    });
    expect(normalize(absent)).toEqual({ type: "ignored", reason: "no_content" });
    expect(normalize(nulled)).toEqual({ type: "ignored", reason: "no_content" });
  });

  it("a stub is ignored even when it carries a message", () => {
    const body = variant(conversation, (data) => {
      data.messageStubType = 2;
    });
    expect(normalize(body)).toEqual({ type: "ignored", reason: "stub" });
  });

  it("a stub type of 0 is no stub", () => {
    const body = variant(conversation, (data) => {
      data.messageStubType = 0;
    });
    expect(normalize(body).type).toBe("message");
  });
});

describe("JIDs", () => {
  it("2.3.5/2.3.6 style: @lid remoteJid with the phone JID in remoteJidAlt replies to the phone", () => {
    const body = variant(conversation, (data) => {
      data.key.remoteJid = "123456789012345@lid";
      data.key.remoteJidAlt = "5511999990001@s.whatsapp.net";
      data.key.addressingMode = "lid";
    });
    const event = message(body);
    expect(event.replyJid).toBe("5511999990001@s.whatsapp.net");
    expect(event.contact).toBe("5511999990001@s.whatsapp.net");
    expect(event.media).toBeNull();
  });

  it("<= 2.3.2 style: senderPn is the phone fallback for an @lid chat", () => {
    const body = variant(lidOnly, (data) => {
      data.key.senderPn = "5511999990009@s.whatsapp.net";
    });
    expect(message(body).replyJid).toBe("5511999990009@s.whatsapp.net");
  });

  it("remoteJidAlt wins over senderPn", () => {
    const body = variant(lidOnly, (data) => {
      data.key.senderPn = "5511999990009@s.whatsapp.net";
      data.key.remoteJidAlt = "5511999990008@s.whatsapp.net";
    });
    expect(message(body).replyJid).toBe("5511999990008@s.whatsapp.net");
  });

  it("a malformed remoteJidAlt is ignored, not fatal", () => {
    const body = variant(lidOnly, (data) => {
      data.key.remoteJidAlt = 42;
    });
    expect(message(body).replyJid).toBe("987654321098765@lid");
  });

  it("a device suffix is dropped from a group sender", () => {
    const body = variant(group, (data) => {
      data.key.participantAlt = "5511999990003:7@s.whatsapp.net";
    });
    expect(message(body, { ignoreGroups: false }).participant).toBe("5511999990003@s.whatsapp.net");
  });
});

describe("fields", () => {
  it("pushName is null when absent or when it is Evolution's number fallback", () => {
    const absent = variant(conversation, (data) => {
      delete data.pushName;
    });
    const fallback = variant(group, (data) => {
      data.pushName = "234567890123456";
    });
    expect(message(absent).pushName).toBeNull();
    expect(message(fallback, { ignoreGroups: false }).pushName).toBeNull();
  });

  it.each([
    ["a numeric string", "1765358142", 1765358142],
    ["a Long object", { low: 1765358142, high: 0, unsigned: true }, 1765358142],
    ["milliseconds", 1765358142123, 1765358142],
    ["a millisecond Long", { low: 126641467, high: 411, unsigned: false }, 1765358200],
    ["missing", undefined, Math.floor(RECEIVED_AT / 1000)],
    ["zero", 0, Math.floor(RECEIVED_AT / 1000)],
    ["garbage", "soon", Math.floor(RECEIVED_AT / 1000)],
    ["negative", -5, Math.floor(RECEIVED_AT / 1000)],
  ])("messageTimestamp as %s", (_name, messageTimestamp, expected) => {
    const body = variant(conversation, (data) => {
      data.messageTimestamp = messageTimestamp;
    });
    expect(message(body).timestamp).toBe(expected);
  });

  it("text is trimmed and capped at 4,096 characters", () => {
    const body = withMessage(conversation, { conversation: `  ${"a".repeat(5000)}  ` });
    expect(message(body).text).toBe("a".repeat(4096));
    expect(message(withMessage(conversation, { conversation: "  oi  " })).text).toBe("oi");
  });

  it("the cap never splits an emoji", () => {
    const text = `${"a".repeat(4095)}😀`;
    expect(cleanText(text)).toBe("a".repeat(4095));
    expect(cleanText(`${"a".repeat(4094)}😀`)).toBe(`${"a".repeat(4094)}😀`);
  });

  it("a caption is capped too", () => {
    const body = variant(imageCaption, (data) => {
      data.message.imageMessage.caption = "b".repeat(9000);
    });
    const event = message(body);
    expect(event.text).toBe("b".repeat(4096));
    expect(event.media?.source.message.imageMessage).not.toHaveProperty("caption");
  });

  it("extendedTextMessage gives its text and quoted id", () => {
    const body = withMessage(conversation, {
      extendedTextMessage: { text: "olha esse link", contextInfo: { stanzaId: "3EB0QUOTED" } },
    });
    const event = message(body);
    expect(event.kind).toBe("text");
    expect(event.text).toBe("olha esse link");
    expect(event.quotedId).toBe("3EB0QUOTED");
  });

  it("a medium's contextInfo gives the quoted id", () => {
    const body = variant(imageCaption, (data) => {
      data.message.imageMessage.contextInfo = { stanzaId: "3EB0IMGQUOTE" };
    });
    const event = message(body);
    expect(event.quotedId).toBe("3EB0IMGQUOTE");
    expect(JSON.stringify(event.media)).not.toContain("contextInfo");
  });
});

describe("kinds", () => {
  it("location carries name, address and coordinates as text", () => {
    const body = withMessage(conversation, {
      locationMessage: { degreesLatitude: -23.55, degreesLongitude: -46.63, name: "Padaria", address: "Rua A, 1" },
    });
    const event = message(body);
    expect(event.kind).toBe("location");
    expect(event.text).toBe("Padaria - Rua A, 1 (-23.55,-46.63)");
    expect(event.media).toBeNull();
  });

  it("a bare location and a live location give coordinates", () => {
    const pin = withMessage(conversation, { locationMessage: { degreesLatitude: -23.5, degreesLongitude: -46.6 } });
    const live = withMessage(conversation, { liveLocationMessage: { degreesLatitude: 1.5, degreesLongitude: 2 } });
    expect(message(pin).text).toBe("-23.5,-46.6");
    expect(message(live)).toMatchObject({ kind: "location", text: "1.5,2" });
  });

  it("contacts carry their display names", () => {
    const one = withMessage(conversation, { contactMessage: { displayName: "Maria", vcard: "BEGIN:VCARD..." } });
    const many = withMessage(conversation, {
      contactsArrayMessage: { contacts: [{ displayName: "Maria" }, { displayName: "João" }] },
    });
    expect(message(one)).toMatchObject({ kind: "contact", text: "Maria" });
    expect(message(many)).toMatchObject({ kind: "contact", text: "Maria, João" });
  });

  it("video, round video, document and sticker are media", () => {
    const video = message(withMessage(conversation, { videoMessage: { mimetype: "video/mp4", seconds: 12 } }));
    const ptv = message(withMessage(conversation, { ptvMessage: { mimetype: "video/mp4" } }));
    const document = message(
      withMessage(conversation, {
        documentMessage: { mimetype: "application/pdf", fileName: "cardapio.pdf", fileLength: "52011" },
      }),
    );
    const sticker = message(withMessage(conversation, { stickerMessage: { mimetype: "image/webp" } }));
    expect(video).toMatchObject({ kind: "video", media: { mimetype: "video/mp4", seconds: 12 } });
    expect(ptv.kind).toBe("video");
    expect(ptv.media?.source.message).toHaveProperty("ptvMessage");
    expect(document).toMatchObject({
      kind: "document",
      media: { fileName: "cardapio.pdf", fileLength: 52011, mimetype: "application/pdf" },
    });
    expect(sticker).toMatchObject({ kind: "sticker", text: null, media: { mimetype: "image/webp" } });
  });

  it("an unknown content type is other, without media", () => {
    const event = message(withMessage(conversation, { pollCreationMessageV3: { name: "Qual sabor?", options: [] } }));
    expect(event).toMatchObject({ kind: "other", text: null, media: null });
  });

  it("the content type skips senderKeyDistributionMessage whatever its position", () => {
    const body = withMessage(conversation, {
      senderKeyDistributionMessage: { groupId: "g@g.us" },
      imageMessage: { mimetype: "image/png" },
    });
    expect(message(body).kind).toBe("image");
  });
});

describe("wrappers", () => {
  it("ephemeral text is unwrapped", () => {
    const body = withMessage(conversation, {
      ephemeralMessage: { message: { extendedTextMessage: { text: "sumindo", contextInfo: { stanzaId: "Q1" } } } },
    });
    expect(message(body)).toMatchObject({ kind: "text", text: "sumindo", quotedId: "Q1" });
  });

  it("an ephemeral image keeps its wrapper in the download ref", () => {
    const image = imageCaption.data.message.imageMessage;
    const body = withMessage(imageCaption, { ephemeralMessage: { message: { imageMessage: image } } });
    const event = message(body);
    expect(event.kind).toBe("image");
    expect(event.text).toBe("Esse é o modelo que eu quero");
    const wrapped = event.media?.source.message as Json;
    expect(Object.keys(wrapped)).toEqual(["ephemeralMessage"]);
    expect(wrapped.ephemeralMessage.message.imageMessage.mediaKey).toEqual(image.mediaKey);
    expect(wrapped.ephemeralMessage.message.imageMessage).not.toHaveProperty("jpegThumbnail");
  });

  it("view-once inside ephemeral keeps both wrappers", () => {
    const image = imageCaption.data.message.imageMessage;
    const body = withMessage(imageCaption, {
      ephemeralMessage: { message: { viewOnceMessageV2: { message: { imageMessage: image } } } },
    });
    const wrapped = message(body).media?.source.message as Json;
    expect(wrapped.ephemeralMessage.message.viewOnceMessageV2.message.imageMessage.url).toBe(image.url);
  });

  it("a view-once voice note (V2Extension) is flattened so Evolution finds the audio", () => {
    const audio = audioPtt.data.message.audioMessage;
    const body = withMessage(audioPtt, { viewOnceMessageV2Extension: { message: { audioMessage: audio } } });
    const event = message(body);
    expect(event.kind).toBe("audio");
    expect(event.media?.ptt).toBe(true);
    expect(Object.keys(event.media?.source.message ?? {})).toEqual(["audioMessage"]);
  });

  it("documentWithCaptionMessage gives a document with caption and file name", () => {
    const body = withMessage(conversation, {
      documentWithCaptionMessage: {
        message: {
          documentMessage: { mimetype: "application/pdf", fileName: "orcamento.pdf", caption: "segue o orçamento" },
        },
      },
    });
    const event = message(body);
    expect(event).toMatchObject({
      kind: "document",
      text: "segue o orçamento",
      media: { fileName: "orcamento.pdf" },
    });
    expect(event.media?.source.message).toHaveProperty("documentWithCaptionMessage.message.documentMessage");
  });
});

describe("binary and 64-bit encodings", () => {
  it("pre-2.3.6 payloads (base64 bytes, numeric strings) normalize the same and are kept as sent", () => {
    const image = imageCaption.data.message.imageMessage;
    const legacy = variant(imageCaption, (data) => {
      const medium = data.message.imageMessage;
      medium.mediaKey = toBase64(image.mediaKey);
      medium.fileSha256 = toBase64(image.fileSha256);
      medium.fileEncSha256 = toBase64(image.fileEncSha256);
      medium.jpegThumbnail = toBase64(image.jpegThumbnail);
      medium.fileLength = "183406";
      medium.mediaKeyTimestamp = "1765358320";
      data.messageTimestamp = "1765358322";
    });
    const event = message(legacy);
    const kept = event.media?.source.message.imageMessage as Json;
    expect(event.timestamp).toBe(1765358322);
    expect(event.media?.fileLength).toBe(183406);
    expect(kept.mediaKey).toBe(toBase64(image.mediaKey));
    expect(kept.fileSha256).toBe(toBase64(image.fileSha256));
    expect(kept.fileEncSha256).toBe(toBase64(image.fileEncSha256));
    expect(kept.fileLength).toBe("183406");
    expect(kept.mediaKeyTimestamp).toBe("1765358320");
    expect(kept).not.toHaveProperty("jpegThumbnail");
  });

  it.each([
    ["high word set", { low: 1, high: 1, unsigned: true }, 4294967297],
    ["low word past 2^31", { low: -2147483648, high: 0, unsigned: true }, 2147483648],
    ["a plain number", 9412, 9412],
    ["a negative Long", { low: 5, high: -1, unsigned: false }, null],
    ["an unsafe integer", "99999999999999999999", null],
  ])("fileLength with %s", (_name, fileLength, expected) => {
    const body = variant(audioPtt, (data) => {
      data.message.audioMessage.fileLength = fileLength;
    });
    expect(message(body).media?.fileLength).toBe(expected);
  });

  it("a malformed download field is dropped, not fatal", () => {
    const body = variant(audioPtt, (data) => {
      data.message.audioMessage.mediaKey = { "0": 999 };
      data.message.audioMessage.url = 12;
    });
    const kept = message(body).media?.source.message.audioMessage;
    expect(kept).not.toHaveProperty("mediaKey");
    expect(kept).not.toHaveProperty("url");
    expect(kept).toHaveProperty("directPath", audioPtt.data.message.audioMessage.directPath);
  });
});

describe("size", () => {
  it("a 5 MB inline base64 and a 50,000-entry thumbnail stay out of the queue event", () => {
    const thumbnail: Record<string, number> = {};
    for (let i = 0; i < 50_000; i++) thumbnail[String(i)] = i % 256;
    const huge = variant(imageCaption, (data) => {
      data.message.base64 = "A".repeat(5 * 1024 * 1024);
      data.message.imageMessage.jpegThumbnail = thumbnail;
      data.message.imageMessage.thumbnailDirectPath = "/v/t62/thumb";
      data.message.imageMessage.scansSidecar = thumbnail;
      data.message.imageMessage.contextInfo = { quotedMessage: { imageMessage: { jpegThumbnail: thumbnail } } };
      data.message.mediaUrl = "https://s3.example.com/bucket/file.jpg";
    });
    const event = message(huge);
    const size = new TextEncoder().encode(JSON.stringify(event)).length;
    expect(event.media?.fileLength).toBe(183406);
    expect(size).toBeLessThan(4 * 1024);
    expect(JSON.stringify(event)).not.toMatch(/thumbnail|mediaUrl|scansSidecar|AAAA/);
  });

  it("a forged oversize key field cannot inflate the event", () => {
    const body = variant(audioPtt, (data) => {
      data.key.extra = "x".repeat(200_000);
      data.key.addressingMode = "y".repeat(200_000);
    });
    expect(JSON.stringify(message(body)).length).toBeLessThan(4 * 1024);
  });
});

describe("item 6: media references point at WhatsApp only", () => {
  const withMedia = (fields: Record<string, unknown>) =>
    message(variant(audioPtt, (data) => Object.assign(data.message.audioMessage, fields))).media!.source.message.audioMessage as Json;

  it("item 6: a url off WhatsApp's media hosts and a directPath that is not a path are dropped before the queue", () => {
    for (const url of [
      "https://169.254.169.254/latest/meta-data/",
      "http://mmg.whatsapp.net/v/t62/x.enc",
      "https://mmg.whatsapp.net.evil.test/x.enc",
      "https://evil.test/.whatsapp.net/x.enc",
      "https://evil.test#@mmg.whatsapp.net/x",
      "https://user@mmg.whatsapp.net/x",
      "https://mmg.whatsapp.net:8443/x",
      "file:///etc/passwd",
      "https://mmg.whatsapp.net/x y",
    ]) {
      expect(withMedia({ url }), url).not.toHaveProperty("url");
    }
    for (const directPath of ["//evil.test/x", "/\\evil.test/x", "http://evil.test/x", "v/t62/x", "/v/t62 x"]) {
      expect(withMedia({ directPath }), directPath).not.toHaveProperty("directPath");
    }
  });

  it("item 6: WhatsApp's own hosts and CDN paths are kept as they came", () => {
    const kept = withMedia({ url: "https://media-gru1-1.cdn.whatsapp.net/v/t62.7117-24/a.enc?ccb=11-4&oh=x", directPath: "/v/t62.7117-24/a.enc?ccb=11-4" });
    expect(kept.url).toBe("https://media-gru1-1.cdn.whatsapp.net/v/t62.7117-24/a.enc?ccb=11-4&oh=x");
    expect(kept.directPath).toBe("/v/t62.7117-24/a.enc?ccb=11-4");
    expect(withMedia({}).url).toBe(audioPtt.data.message.audioMessage.url);
  });
});

describe("item 9: every string of a queued event is bounded", () => {
  it("item 9: a document with every string at its longest, in the costliest JSON characters, serializes under 100 KB", () => {
    const nul = (n: number) => "\u0000".repeat(n);
    const jid = (n: number) => `${nul(n - 16)}@s.whatsapp.net`;
    const bytes: Record<string, number> = {};
    for (let i = 0; i < 256; i++) bytes[String(i)] = 255;
    const long = 4096;
    const body = variant(conversation, (data) => {
      data.key = { remoteJid: jid(256), remoteJidAlt: jid(256), fromMe: false, id: nul(256), participant: jid(256), participantAlt: jid(256), addressingMode: nul(256), senderPn: jid(256) };
      data.pushName = nul(long);
      data.contextInfo = { stanzaId: nul(256) };
      data.message = {
        documentWithCaptionMessage: {
          message: {
            documentMessage: {
              caption: nul(long),
              fileName: nul(long),
              mimetype: nul(long),
              url: `https://mmg.whatsapp.net/${'"'.repeat(long)}`,
              directPath: `/${'"'.repeat(long)}`,
              mediaKey: bytes,
              fileSha256: bytes,
              fileEncSha256: bytes,
              fileLength: { low: -1, high: 2097151, unsigned: true },
              mediaKeyTimestamp: "99999999999999999999",
              contextInfo: { stanzaId: nul(256) },
            },
          },
        },
      };
    });
    const event = message(body);
    const size = new TextEncoder().encode(JSON.stringify(event)).length;
    expect(event.text).toHaveLength(long);
    expect(size).toBeLessThan(100 * 1024);
  });
});
