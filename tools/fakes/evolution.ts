/**
 * A local stand-in for Evolution API v2.3.7: the HTTP routes AtenBot calls, with the status
 * codes and bodies of `test/fixtures/evolution/http/` (shapes from Evolution's source), and a
 * record of everything the bot sent. It is the one Evolution fake: `npm start` serves it for the
 * terminal chat, the benchmark uses it, and the workerd tests route intercepted fetches to it
 * (`test/helpers/fake-providers.ts`).
 *
 * Pure web-standard code, `(Request) => Promise<Response>`: no Node imports, so it also runs
 * inside workerd tests. Serve it with `serve()` from `../http-server.ts`.
 *
 * Routes (header `apikey`: the instance token or the global key; unknown instance → 404 first,
 * like Evolution's guards):
 * - `POST /message/sendText/{instance}` `{number, text, delay?, linkPreview?}` → 201; the response
 *   is held for `delay` ms (× `delayScale`), as Evolution does while it shows "typing…".
 * - `POST /chat/sendPresence/{instance}` `{number, presence, delay?}` → 201 `{presence}` after `delay`.
 * - `POST /chat/markMessageAsRead/{instance}` `{readMessages:[{id, fromMe, remoteJid}]}` → 201.
 * - `POST /chat/getBase64FromMediaMessage/{instance}` `{message:{key, message?}}` → 201 a tiny medium.
 * - `GET /instance/connectionState/{instance}` → 200 `{instance:{instanceName, state:"open"}}`.
 *
 * Control routes for local tools (not Evolution's):
 * - `GET /_status` → `{ lastSeq, ...info }` (what `npm start` publishes: worker URL, AI on/off…).
 * - `GET /_captured?since=<seq>&wait=<ms>&number=<digits>` → `{events, lastSeq}`: events after
 *   `since`; with `wait`, holds the request until one arrives (long poll).
 */
import { sleep } from "../timing.ts";

export type StandinEventType = "typing" | "sent" | "failed" | "presence" | "read" | "media";

/** One thing the bot did through Evolution, in arrival order. */
export interface StandinEvent {
  seq: number;
  /** Epoch ms when it happened ("typing": the sendText call arrived; "sent": its delay ended). */
  at: number;
  type: StandinEventType;
  instance: string;
  /** `number` as the bot sent it (digits or a full JID). */
  number: string;
  /** The JID Evolution would deliver to. */
  jid: string;
  text: string | null;
  /** `delay` as requested, before scaling. */
  delayMs: number;
  /** WhatsApp id of the sent message ("sent" only). */
  id: string | null;
  /** HTTP status returned ("failed" only). */
  status: number | null;
}

export interface StandinOptions {
  /** Instance name → instance token. `null` accepts any instance with any non-empty token. */
  instances: Record<string, string> | null;
  /** Evolution's global key, accepted for every instance. */
  globalApiKey?: string | null;
  /** Multiplies every `delay` (1 = as Evolution; 0.1 = ten times faster; 0 = none). */
  delayScale?: number;
  /** Share of sendText calls answered with a 500 before anything is sent (bench faults). */
  sendFailureRate?: number;
  random?: () => number;
  now?: () => number;
  /** How many events are kept for `/_captured` (oldest dropped first). */
  keepEvents?: number;
  /** Published as `/_status`. */
  info?: Record<string, unknown>;
  /** Called for every event as it happens (in-process consumers such as the bench). */
  onEvent?: (event: StandinEvent) => void;
}

export interface EvolutionStandin {
  handle(request: Request): Promise<Response>;
  /** Events after `since` (all kept events by default). */
  events(since?: number): StandinEvent[];
  lastSeq(): number;
  setInfo(info: Record<string, unknown>): void;
}

const INSTANCE_ID = "0b9f3c2e-6a7d-4e1b-9c8f-2d4a5b6c7e81";
const MAX_WAIT_MS = 30_000;
/** A few bytes of a real Ogg/Opus header and a 1×1 PNG: enough for a media round trip. */
const FAKE_MEDIA: Record<string, { mimetype: string; base64: string; fileName: string }> = {
  audioMessage: { mimetype: "audio/ogg; codecs=opus", base64: "T2dnUwACAAAAAAAAAAA=", fileName: "audio.oga" },
  imageMessage: {
    mimetype: "image/png",
    base64: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    fileName: "image.png",
  },
};


/** Evolution's error body: `{status, error, response: {message}}` (Evolution's `src/main.ts` error handler). */
export function evolutionError(status: number, message: unknown): Response {
  const error = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" }[status] ?? "Internal Server Error";
  return Response.json({ status, error, response: { message } }, { status });
}

/** `5511999990001` → `5511999990001@s.whatsapp.net`; a full JID is kept. */
export function toJid(number: string): string {
  if (number.includes("@")) return number;
  return `${number.replace(/\D/g, "")}@s.whatsapp.net`;
}

/** Baileys-style id of an API send: `3EB0` + 18 hex digits. */
function messageId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return `3EB0${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").toUpperCase()}`;
}

async function readJson(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const body = (await request.json()) as unknown;
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Creates the stand-in.
 *
 * @example
 * const evo = createEvolutionStandin({ instances: { "padaria-demo": "demo-token" }, delayScale: 1 });
 * const res = await evo.handle(new Request("http://evo/message/sendText/padaria-demo", {
 *   method: "POST", headers: { apikey: "demo-token" },
 *   body: JSON.stringify({ number: "5511999990001", text: "Oi!", delay: 0 }),
 * }));
 * (await res.json()).key.id; // "3EB0…"
 */
export function createEvolutionStandin(opts: StandinOptions): EvolutionStandin {
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const keep = opts.keepEvents ?? 10_000;
  const delayScale = opts.delayScale ?? 1;
  let info = opts.info ?? {};
  let seq = 0;
  const kept: StandinEvent[] = [];
  const waiters = new Set<() => void>();

  function record(e: Omit<StandinEvent, "seq" | "at">): StandinEvent {
    const event: StandinEvent = { seq: ++seq, at: now(), ...e };
    kept.push(event);
    if (kept.length > keep) kept.splice(0, kept.length - keep);
    opts.onEvent?.(event);
    for (const wake of waiters) wake();
    waiters.clear();
    return event;
  }

  const eventsAfter = (since: number, number: string | null) =>
    kept.filter((e) => e.seq > since && (number === null || e.jid.split("@")[0] === number));

  function authorize(request: Request, instance: string): Response | null {
    const apikey = request.headers.get("apikey");
    if (opts.instances === null) return apikey ? null : evolutionError(401, "Unauthorized");
    const token = opts.instances[instance];
    if (token === undefined) return evolutionError(404, [`The "${instance}" instance does not exist`]);
    if (apikey && (apikey === token || (opts.globalApiKey && apikey === opts.globalApiKey))) return null;
    return evolutionError(401, "Unauthorized");
  }

  async function sendText(request: Request, instance: string): Promise<Response> {
    const body = await readJson(request);
    if (!body) return evolutionError(400, [["instance requires property \"number\"", "instance requires property \"text\""]]);
    const missing = ["number", "text"].filter((k) => typeof body[k] !== "string");
    if (missing.length) return evolutionError(400, [missing.map((k) => `instance requires property "${k}"`)]);
    if (body.delay !== undefined && !Number.isInteger(body.delay)) {
      return evolutionError(400, [["instance.delay is not of a type(s) integer"]]);
    }
    const number = body.number as string;
    const text = body.text as string;
    if (!text.trim()) return evolutionError(400, ["Text is required"]);
    const jid = toJid(number);
    const delayMs = (body.delay as number | undefined) ?? 0;
    const base = { instance, number, jid, text, delayMs };
    if (opts.sendFailureRate && random() < opts.sendFailureRate) {
      record({ ...base, type: "failed", id: null, status: 500 });
      return evolutionError(500, "Connection Closed");
    }
    record({ ...base, type: "typing", id: null, status: null });
    await sleep(delayMs * delayScale, request.signal);
    const id = messageId();
    const timestamp = Math.floor(now() / 1000);
    record({ ...base, type: "sent", id, status: 201 });
    return Response.json(
      {
        key: { remoteJid: jid, fromMe: true, id },
        pushName: "Você",
        status: "PENDING",
        message: { conversation: text },
        contextInfo: {
          mentionedJid: [],
          groupMentions: [],
          ephemeralSettingTimestamp: { low: timestamp, high: 0, unsigned: false },
          disappearingMode: { initiator: 0 },
        },
        messageType: "conversation",
        messageTimestamp: timestamp,
        instanceId: INSTANCE_ID,
        source: "web",
      },
      { status: 201 },
    );
  }

  async function sendPresence(request: Request, instance: string): Promise<Response> {
    const body = await readJson(request);
    const presences = ["unavailable", "available", "composing", "recording", "paused"];
    if (!body || typeof body.number !== "string" || !presences.includes(body.presence as string)) {
      return evolutionError(400, [["instance requires property \"number\"", "instance.presence is not one of enum values"]]);
    }
    const delayMs = typeof body.delay === "number" ? body.delay : 0;
    record({ instance, number: body.number, jid: toJid(body.number), text: body.presence as string, delayMs, type: "presence", id: null, status: null });
    await sleep(delayMs * delayScale, request.signal);
    return Response.json({ presence: body.presence }, { status: 201 });
  }

  async function markRead(request: Request, instance: string): Promise<Response> {
    const body = await readJson(request);
    const keys = body?.readMessages;
    const valid =
      Array.isArray(keys) &&
      keys.length > 0 &&
      keys.every((k: { id?: unknown; fromMe?: unknown; remoteJid?: unknown }) => typeof k?.id === "string" && typeof k.fromMe === "boolean" && typeof k.remoteJid === "string");
    if (!valid) return evolutionError(400, [["instance requires property \"readMessages\""]]);
    for (const k of keys as { id: string; remoteJid: string }[]) {
      record({ instance, number: k.remoteJid, jid: k.remoteJid, text: null, delayMs: 0, type: "read", id: k.id, status: null });
    }
    return Response.json({ message: "Read messages", read: "success" }, { status: 201 });
  }

  async function media(request: Request, instance: string): Promise<Response> {
    const body = await readJson(request);
    const message = (body?.message ?? null) as { key?: { id?: unknown; remoteJid?: unknown }; message?: Record<string, unknown> } | null;
    const id = message?.key?.id;
    if (typeof id !== "string") return evolutionError(400, ["TypeError: Cannot read properties of undefined (reading 'id')"]);
    const kind = Object.keys(message?.message ?? {}).find((k) => k in FAKE_MEDIA) ?? "audioMessage";
    const inner = (message?.message?.[kind] ?? {}) as { mimetype?: unknown; caption?: unknown };
    const fake = FAKE_MEDIA[kind]!;
    const remote = typeof message?.key?.remoteJid === "string" ? message.key.remoteJid : "";
    record({ instance, number: remote, jid: remote, text: kind, delayMs: 0, type: "media", id, status: null });
    return Response.json(
      {
        mediaType: kind,
        fileName: `${id}.${fake.fileName.split(".")[1]}`,
        ...(typeof inner.caption === "string" ? { caption: inner.caption } : {}),
        size: { fileLength: { low: Math.floor((fake.base64.length * 3) / 4), high: 0, unsigned: true } },
        mimetype: typeof inner.mimetype === "string" ? inner.mimetype : fake.mimetype,
        base64: fake.base64,
        buffer: null,
      },
      { status: 201 },
    );
  }

  async function captured(url: URL, signal: AbortSignal): Promise<Response> {
    const since = Number(url.searchParams.get("since") ?? "0") || 0;
    const wait = Math.min(MAX_WAIT_MS, Number(url.searchParams.get("wait") ?? "0") || 0);
    const number = url.searchParams.get("number");
    let events = eventsAfter(since, number);
    const deadline = now() + wait;
    while (events.length === 0 && now() < deadline && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, deadline - now()));
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
        signal.addEventListener("abort", done);
      });
      events = eventsAfter(since, number);
    }
    return Response.json({ events, lastSeq: seq });
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, "");
    if (request.method === "GET" && path === "/_status") return Response.json({ lastSeq: seq, ...info });
    if (request.method === "GET" && path === "/_captured") return captured(url, request.signal);

    const match = /^\/(message\/sendText|chat\/sendPresence|chat\/markMessageAsRead|chat\/getBase64FromMediaMessage|instance\/connectionState)\/([^/]+)$/.exec(path);
    const route = match?.[1];
    const expected = route === "instance/connectionState" ? "GET" : "POST";
    if (!match || request.method !== expected) {
      return evolutionError(404, [`Cannot ${request.method} ${url.pathname}`]);
    }
    const instance = decodeURIComponent(match[2]!);
    const denied = authorize(request, instance);
    if (denied) return denied;
    switch (route) {
      case "message/sendText":
        return sendText(request, instance);
      case "chat/sendPresence":
        return sendPresence(request, instance);
      case "chat/markMessageAsRead":
        return markRead(request, instance);
      case "chat/getBase64FromMediaMessage":
        return media(request, instance);
      default:
        return Response.json({ instance: { instanceName: instance, state: "open" } });
    }
  }

  return {
    handle,
    events: (since = 0) => eventsAfter(since, null),
    lastSeq: () => seq,
    setInfo: (next) => {
      info = next;
    },
  };
}
