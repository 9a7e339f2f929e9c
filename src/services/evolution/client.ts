/**
 * HTTP client for the Evolution API v2.3.7 calls a conversation makes: sending a text and
 * downloading a medium. It never throws and never echoes a response body: every outcome is a
 * short classified code, so neither the instance token nor provider text can leak into logs or
 * customer messages.
 */
import type { MediaRef } from "../../domain/inbound-event";
import type { Tenant } from "../../domain/tenant";
import { decryptSecret } from "../../platform/crypto";
import { withDeadline } from "../../platform/deadline";
import { readTextCapped } from "../../platform/read-capped";
import { isTimeoutError } from "../../platform/timeouts";
import { withoutTrailingSlash } from "../../platform/url";

export type MediaSource = MediaRef["source"];

export interface EvolutionClientOptions {
  baseUrl: string;
  instance: string;
  /** Instance token, sent as the `apikey` header. */
  token: string;
  fetch?: typeof fetch;
}

export type SendResult =
  | { ok: true; messageId: string | null }
  | { ok: false; retryable: boolean; status: number | null; reason: string };

export type MediaResult =
  | { ok: true; mimeType: string; base64: string; size: number | null }
  | { ok: false; retryable: boolean; reason: string };

export interface EvolutionClient {
  /** `to` is the reply JID as computed by the caller (phone JID or full `@lid`), sent untouched. */
  sendText(to: string, text: string, delayMs: number): Promise<SendResult>;
  getMediaBase64(source: MediaSource): Promise<MediaResult>;
}

/** Evolution holds the sendText response for `delay` ms (typing indicator) before sending. */
const SEND_TIMEOUT_MARGIN_MS = 15_000;
const MEDIA_TIMEOUT_MS = 30_000;
/** Media above this is never handed to the model, whatever `fileLength` said. */
export const MAX_MEDIA_BYTES = 15 * 1024 * 1024;
/** The media response carries the file as base64 (4/3 of its size) plus a few short fields. */
const MAX_MEDIA_RESPONSE_BYTES = Math.ceil((MAX_MEDIA_BYTES * 4) / 3) + 64 * 1024;
/** A sendText answer is the sent message's key and echo: a few KB. */
const MAX_SEND_RESPONSE_BYTES = 1024 * 1024;

type Failure = { ok: false; retryable: boolean; status: number | null; reason: string };
type HttpOutcome = { ok: true; body: unknown } | Failure;
type Operation = "send" | "media";

export function createEvolutionClient(opts: EvolutionClientOptions): EvolutionClient {
  const base = withoutTrailingSlash(opts.baseUrl);
  const instance = encodeURIComponent(opts.instance);
  // Resolved per call, not captured: tests and the bench swap `globalThis.fetch` at run time.
  const doFetch: typeof fetch = opts.fetch ?? ((input, init) => fetch(input, init));

  async function post(
    path: string,
    payload: unknown,
    timeoutMs: number,
    op: Operation,
    maxResponseBytes: number,
  ): Promise<HttpOutcome> {
    return withDeadline(timeoutMs, async (signal) => {
      let response: Response;
      try {
        response = await doFetch(`${base}${path}/${instance}`, {
          method: "POST",
          headers: { apikey: opts.token, "content-type": "application/json" },
          body: JSON.stringify(payload),
          // Following a redirect would resend the instance token to wherever `Location` points,
          // and a 301/302 turns the POST into a GET that fails for good.
          redirect: "manual",
          signal,
        });
      } catch (err) {
        return transportFailure(err);
      }
      const body = await readJson(response, maxResponseBytes);
      if (body === TOO_LARGE) {
        // A delivered text stays delivered; a medium past the cap is never taken in.
        if (response.ok && op === "send") return { ok: true, body: null };
        return { ok: false, retryable: false, status: response.status, reason: "too_large" };
      }
      return response.ok ? { ok: true, body } : classifyStatus(response.status, body, op);
    });
  }

  return {
    async sendText(to, text, delayMs) {
      // Evolution's schema wants an integer delay; a fraction would be a permanent 400.
      const delay = Math.max(0, Math.round(delayMs));
      const payload = { number: to, text, delay, linkPreview: false };
      const outcome = await post("/message/sendText", payload, delay + SEND_TIMEOUT_MARGIN_MS, "send", MAX_SEND_RESPONSE_BYTES);
      return outcome.ok ? { ok: true, messageId: sentMessageId(outcome.body) } : outcome;
    },

    async getMediaBase64(source) {
      const payload = { message: { key: source.key, message: source.message }, convertToMp4: false };
      const outcome = await post("/chat/getBase64FromMediaMessage", payload, MEDIA_TIMEOUT_MS, "media", MAX_MEDIA_RESPONSE_BYTES);
      if (!outcome.ok) return { ok: false, retryable: outcome.retryable, reason: outcome.reason };
      return parseMedia(outcome.body);
    },
  };
}

const TOO_LARGE = Symbol("too large");

/**
 * The response as JSON, read no further than `maxBytes`. Body read errors after a 2xx must not
 * turn a delivered message into a retry (duplicate), so they read as null.
 */
async function readJson(response: Response, maxBytes: number): Promise<unknown> {
  try {
    const text = await readTextCapped(response, maxBytes);
    return text === null ? TOO_LARGE : JSON.parse(text);
  } catch {
    return null;
  }
}

function transportFailure(err: unknown): Failure {
  return { ok: false, retryable: true, status: null, reason: isTimeoutError(err) ? "timeout" : "network" };
}

function classifyStatus(status: number, body: unknown, op: Operation): Failure {
  const fail = (retryable: boolean, reason: string): Failure => ({ ok: false, retryable, status, reason });
  // Evolution never redirects its API; one that does is misconfigured (or not Evolution).
  if (status >= 300 && status < 400) return fail(false, "redirect");
  if (status === 429) return fail(true, "rate_limited");
  if (status === 408) return fail(true, "timeout");
  if (status >= 500) return fail(true, "server_error");
  if (status === 401 || status === 403) return fail(false, "unauthorized");
  if (status === 404) return fail(false, "instance_not_found");
  if (status === 400) {
    const messages = errorMessages(body);
    if (messages.some(isUnknownNumber)) return fail(false, "not_on_whatsapp");
    // A plain-string 400 on send is Baileys failing inside the send (e.g. "Connection Closed"
    // while the instance reconnects): the same condition Evolution reports as 500 elsewhere.
    if (op === "send" && messages.length > 0 && messages.every((m) => typeof m === "string")) {
      return fail(true, "send_failed");
    }
  }
  return fail(false, "bad_request");
}

/** Evolution's error body is `{status, error, response: {message: [...] | "text"}}`. */
function errorMessages(body: unknown): unknown[] {
  const message = (body as { response?: { message?: unknown } } | null)?.response?.message;
  return Array.isArray(message) ? message : [];
}

function isUnknownNumber(entry: unknown): boolean {
  return typeof entry === "object" && entry !== null && (entry as { exists?: unknown }).exists === false;
}

function sentMessageId(body: unknown): string | null {
  const id = (body as { key?: { id?: unknown } } | null)?.key?.id;
  return typeof id === "string" && id ? id : null;
}

function parseMedia(body: unknown): MediaResult {
  const media = (body ?? {}) as { mimetype?: unknown; base64?: unknown; size?: { fileLength?: unknown } };
  if (typeof media.base64 !== "string") return { ok: false, retryable: false, reason: "invalid_response" };
  const dataUrl = /^data:([^;,]*)[^,]*;base64,/i.exec(media.base64);
  const base64 = dataUrl ? media.base64.slice(dataUrl[0].length) : media.base64;
  const mimeType = normalizeMimeType(typeof media.mimetype === "string" ? media.mimetype : dataUrl?.[1]);
  if (!base64 || !mimeType) return { ok: false, retryable: false, reason: "invalid_response" };
  return { ok: true, mimeType, base64, size: readFileLength(media.size?.fileLength) };
}

/** Gemini rejects MIME parameters: voice notes arrive as "audio/ogg; codecs=opus". */
export function normalizeMimeType(raw: string | undefined): string | null {
  const mime = raw?.split(";")[0]?.trim().toLowerCase();
  return mime && mime.includes("/") ? mime : null;
}

/** `fileLength` is a number, a decimal string, or a protobuf Long `{low, high, unsigned}`. */
export function readFileLength(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value === "string") return /^\d+$/.test(value) ? Number(value) : null;
  if (typeof value === "object" && value !== null) {
    const { low, high } = value as { low?: unknown; high?: unknown };
    if (typeof low === "number" && typeof high === "number" && high >= 0) {
      return high * 2 ** 32 + (low >>> 0);
    }
  }
  return null;
}

/**
 * The client for one tenant. Its instance token is decrypted here, on the first call that needs
 * it, and nowhere else. A tenant without an Evolution URL or token gets a client whose every call
 * fails as final `not_configured`.
 */
export function evolutionForTenant(
  tenant: Pick<Tenant, "instance" | "evolutionUrl" | "evolutionTokenEnc">,
  secretsKey: string,
): EvolutionClient {
  const { evolutionUrl, evolutionTokenEnc } = tenant;
  if (!evolutionUrl || !evolutionTokenEnc) {
    const notConfigured = { ok: false, retryable: false, status: null, reason: "not_configured" } as const;
    return { sendText: async () => notConfigured, getMediaBase64: async () => notConfigured };
  }
  let client: Promise<EvolutionClient> | null = null;
  const open = () =>
    (client ??= decryptSecret(secretsKey, evolutionTokenEnc).then((token) =>
      createEvolutionClient({ baseUrl: evolutionUrl, instance: tenant.instance, token }),
    ));
  return {
    sendText: async (to, text, delayMs) => (await open()).sendText(to, text, delayMs),
    getMediaBase64: async (source) => (await open()).getMediaBase64(source),
  };
}
