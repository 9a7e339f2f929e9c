import { Hono, type Context, type MiddlewareHandler } from "hono";
import type { Tenant } from "../domain/tenant";
import { nestsDeeperThan } from "../platform/json-depth";
import { parseEnvelope } from "../services/evolution/normalize";
import { authenticTenant, ingestWebhook } from "../services/evolution/ingress";
import type { WebhookCredentials } from "../services/evolution/webhook-auth";
import { limitBody } from "./middleware/body-limit";
import type { AppEnv } from "./middleware/context";

/** What a request that has not proven its tenant may make the worker read. */
const UNPROVEN_MAX_BYTES = 1024 * 1024;
/** A proven tenant's webhook may carry inline media (instances set to `webhookBase64`). */
const PROVEN_MAX_BYTES = 32 * 1024 * 1024;
/** Evolution's envelopes nest a few levels deep (quoted messages included); this is far above. */
const MAX_DEPTH = 64;

type WebhookEnv = AppEnv & { Variables: { proven: Tenant | null } };

/**
 * `POST /webhook`, `POST /webhook/{event}` (Evolution's byEvents mode appends the event name to
 * the URL), and the same under `/webhook/instance/{instance}`, the URL provisioning sets. The
 * event segment is accepted and not read: the envelope's own `event` field names the event.
 *
 * Nothing of the body is read before its size is allowed: a request whose URL names an instance
 * and whose headers (JWT or `x-webhook-token`) authenticate it may send up to 32 MiB; any other
 * is held to 1 MiB and authenticated after parsing (the body's `apikey` works there). Nesting is
 * checked before `JSON.parse` builds anything.
 */
export const webhookRoutes = new Hono<WebhookEnv>();

const credentialsOf = (c: Context<WebhookEnv>): WebhookCredentials => ({
  authorization: c.req.header("authorization") ?? null,
  webhookToken: c.req.header("x-webhook-token") ?? null,
  apikey: null,
});

const proveFromUrl: MiddlewareHandler<WebhookEnv> = async (c, next) => {
  if (c.req.param("scope") !== "instance") return c.notFound();
  const deps = { db: c.get("db"), config: c.get("config") };
  c.set("proven", await authenticTenant(deps, c.req.param("instance") ?? "", credentialsOf(c), Date.now()));
  await next();
};

const provenLimit = limitBody(PROVEN_MAX_BYTES);
const unprovenLimit = limitBody(UNPROVEN_MAX_BYTES);
const capBody: MiddlewareHandler<WebhookEnv> = (c, next) => (c.get("proven") ? provenLimit : unprovenLimit)(c, next);

async function receive(c: Context<WebhookEnv>) {
  const receivedAt = Date.now();
  const text = await c.req.text();
  if (nestsDeeperThan(text, MAX_DEPTH)) {
    return c.json({ error: "invalid_payload", details: [`body nests deeper than ${MAX_DEPTH} levels`] }, 400);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return c.json({ error: "invalid_payload", details: ["body is not valid JSON"] }, 400);
  }
  const parsed = parseEnvelope(body);
  if (!parsed.ok) return c.json({ error: "invalid_payload", details: parsed.details }, 400);
  const result = await ingestWebhook(
    // c.get, not c.var: Hono builds a new object of every variable on each c.var read.
    { db: c.get("db"), inbox: c.env.INBOX, config: c.get("config"), log: c.get("log"), hubs: c.env.HUB },
    parsed.envelope,
    credentialsOf(c),
    receivedAt,
    c.get("proven") ?? null,
  );
  switch (result.status) {
    case "queued":
      c.set("quiet", true);
      return c.json({ status: "queued" }, 200);
    case "ignored":
      c.set("quiet", true);
      return c.json({ status: "ignored", reason: result.reason }, 200);
    case "unauthorized":
      return c.json({ error: "unauthorized" }, 401);
    case "invalid":
      return c.json({ error: "invalid_payload", details: result.details }, 400);
    case "unavailable":
      return c.json({ error: "unavailable" }, 503);
  }
}

/**
 * `/instance/{instance}` is matched as a `:scope` parameter that `proveFromUrl` requires to be
 * "instance": a static segment beside the `:event` parameter would make Hono's SmartRouter fall
 * back from its RegExpRouter (one precompiled match) to the TrieRouter for every route of the app.
 */
const SEGMENT = "{[a-z0-9._-]+}";
webhookRoutes.post(`/:scope${SEGMENT}/:instance/:event${SEGMENT}?`, proveFromUrl, capBody, receive);
// Only the instance URL proves a tenant before its body is read.
webhookRoutes.post(`/:event${SEGMENT}?`, unprovenLimit, receive);
