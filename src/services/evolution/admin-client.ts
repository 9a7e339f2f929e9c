/**
 * The Evolution API v2.3.7 calls that onboard a tenant: `POST /instance/create` (global key) and
 * `GET /instance/connect/{instance}` (instance token or global key). Like the conversation client
 * it never throws and never echoes a response body or a key: a failure is one of two codes plus a
 * short detail naming the cause, safe to show to an operator.
 */
import { z } from "zod";
import { withDeadline } from "../../platform/deadline";
import { isTimeoutError } from "../../platform/timeouts";
import { withoutTrailingSlash } from "../../platform/url";

export interface EvolutionAdminOptions {
  baseUrl: string;
  /** Sent as the `apikey` header. */
  apiKey: string;
  fetch?: typeof fetch;
}

export type AdminFailure = {
  ok: false;
  error: "evolution_unreachable" | "evolution_rejected";
  detail: string;
};

export interface QrCode {
  /** The raw QR string. */
  code: string;
  /** `data:image/png;base64,…` as Evolution renders it. */
  base64: string;
}

export interface WebhookInput {
  webhookUrl: string;
  /** Evolution signs every webhook as an HS256 JWT with this secret (`Authorization: Bearer`). */
  jwtKey: string;
  events: readonly string[];
}

export interface CreateInstanceInput extends WebhookInput {
  instance: string;
  groupsIgnore: boolean;
}

/** The nested webhook object 2.3.7 accepts (`byEvents`/`base64` inside `webhook`, not at the top level). */
function webhookConfig(input: WebhookInput) {
  return {
    enabled: true,
    url: input.webhookUrl,
    headers: { jwt_key: input.jwtKey },
    byEvents: false,
    base64: false,
    events: [...input.events],
  };
}

export type CreateResult = { ok: true; token: string; qrcode: QrCode | null } | AdminFailure;
export type ConnectResult = { ok: true; state: "qrcode"; qrcode: QrCode } | { ok: true; state: "open" } | AdminFailure;

/** Evolution holds the create response up to 5 s while the first QR is generated. */
const CREATE_TIMEOUT_MS = 30_000;
/** Connecting a closed instance holds the response 2 s. */
const CONNECT_TIMEOUT_MS = 20_000;

type Operation = "create" | "connect" | "webhook";

/** Status meanings that depend on the route: Evolution's guards run before its auth, so a 404 can come first. */
const ROUTE_DETAILS: Record<Operation, Record<number, string>> = {
  create: { 403: "name in use (403)", 404: "not found (404): check the Evolution URL" },
  connect: { 404: "instance not found (404)" },
  webhook: { 404: "instance not found (404)" },
};
const STATUS_DETAILS: Record<number, string> = {
  400: "bad request (400)",
  401: "unauthorized (401): check the API key",
  403: "forbidden (403)",
};

const qrCodeSchema = z.object({ code: z.string().min(1), base64: z.string().min(1) });
const createdSchema = z.object({ hash: z.string().min(1), qrcode: z.unknown().optional() });
const openSchema = z.object({ instance: z.object({ state: z.literal("open") }) });

export async function createInstance(opts: EvolutionAdminOptions, input: CreateInstanceInput): Promise<CreateResult> {
  // Flat instance fields, nested webhook with `byEvents`/`base64`; `events` must be present or
  // Evolution fails the create with a 500.
  const body = {
    instanceName: input.instance,
    integration: "WHATSAPP-BAILEYS",
    qrcode: true,
    groupsIgnore: input.groupsIgnore,
    webhook: webhookConfig(input),
  };
  const outcome = await call(opts, "POST", "/instance/create", body, CREATE_TIMEOUT_MS, "create");
  if (!outcome.ok) return outcome;
  const created = createdSchema.safeParse(outcome.body);
  if (!created.success) return rejected("unexpected response (no instance token)");
  const qrcode = qrCodeSchema.safeParse(created.data.qrcode);
  return { ok: true, token: created.data.hash, qrcode: qrcode.success ? qrcode.data : null };
}

/** Points an existing instance's webhook at AtenBot (`POST /webhook/set/{instance}`). */
export async function setWebhook(
  opts: EvolutionAdminOptions,
  instance: string,
  input: WebhookInput,
): Promise<{ ok: true } | AdminFailure> {
  const path = `/webhook/set/${encodeURIComponent(instance)}`;
  const outcome = await call(opts, "POST", path, { webhook: webhookConfig(input) }, CONNECT_TIMEOUT_MS, "webhook");
  return outcome.ok ? { ok: true } : outcome;
}

export async function connectInstance(opts: EvolutionAdminOptions, instance: string): Promise<ConnectResult> {
  const path = `/instance/connect/${encodeURIComponent(instance)}`;
  const outcome = await call(opts, "GET", path, undefined, CONNECT_TIMEOUT_MS, "connect");
  return outcome.ok ? parseConnect(outcome.body) : outcome;
}

/**
 * `/instance/connect` answers 200 with: the connection state when already open, the QR itself
 * (`connecting`/`close`), `{instance, qrcode}` for other states, or `{error: true, message}` when
 * the controller caught an exception.
 */
function parseConnect(body: unknown): ConnectResult {
  if (openSchema.safeParse(body).success) return { ok: true, state: "open" };
  const qrcode = qrCodeSchema.safeParse(body);
  if (qrcode.success) return { ok: true, state: "qrcode", qrcode: qrcode.data };
  const nested = qrCodeSchema.safeParse((body as { qrcode?: unknown } | null)?.qrcode);
  if (nested.success) return { ok: true, state: "qrcode", qrcode: nested.data };
  if ((body as { error?: unknown } | null)?.error === true) return rejected("Evolution could not start the connection");
  return rejected("no QR code yet: retry in a few seconds");
}

async function call(
  opts: EvolutionAdminOptions,
  method: "GET" | "POST",
  path: string,
  payload: unknown,
  timeoutMs: number,
  op: Operation,
): Promise<{ ok: true; body: unknown } | AdminFailure> {
  // Resolved per call, not captured: tests swap `globalThis.fetch` at run time.
  const doFetch: typeof fetch = opts.fetch ?? ((input, init) => fetch(input, init));
  return withDeadline(timeoutMs, async (signal) => {
    let response: Response;
    try {
      response = await doFetch(`${withoutTrailingSlash(opts.baseUrl)}${path}`, {
        method,
        headers: {
          apikey: opts.apiKey,
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        // Following a redirect would resend the `apikey` header to wherever it points, and turns
        // the POST into a GET (http→https redirects).
        redirect: "manual",
        signal,
      });
    } catch (err) {
      return unreachable(isTimeoutError(err) ? `timeout after ${timeoutMs / 1000} s` : "unreachable (network error)");
    }
    if (!response.ok) {
      await response.body?.cancel();
      return statusFailure(response.status, op);
    }
    try {
      return { ok: true, body: JSON.parse(await response.text()) };
    } catch {
      return rejected("unexpected response (not JSON)");
    }
  });
}

function statusFailure(status: number, op: Operation): AdminFailure {
  if (status >= 300 && status < 400) return rejected(`redirect (${status}): use the final https URL`);
  // A TLS proxy in front answers these when the Evolution container is down.
  if (status === 502 || status === 503 || status === 504) return unreachable(`proxy error (${status}): Evolution is not answering`);
  const detail = ROUTE_DETAILS[op][status] ?? STATUS_DETAILS[status];
  if (detail) return rejected(detail);
  return rejected(status >= 500 ? `server error (${status})` : `unexpected status (${status})`);
}

const rejected = (detail: string): AdminFailure => ({ ok: false, error: "evolution_rejected", detail });
const unreachable = (detail: string): AdminFailure => ({ ok: false, error: "evolution_unreachable", detail });
