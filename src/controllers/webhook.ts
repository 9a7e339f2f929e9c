import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { parseEnvelope } from "../services/evolution/normalize";
import { ingestWebhook } from "../services/evolution/ingress";
import type { AppEnv } from "./middleware/context";

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * `POST /webhook`, and `POST /webhook/{event}` for instances set to Evolution's byEvents mode,
 * which appends the event name to the URL. The segment is accepted and not read: the envelope's
 * own `event` field names the event either way.
 */
export const webhookRoutes = new Hono<AppEnv>();

webhookRoutes.use(
  "*",
  bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: "payload_too_large" }, 413) }),
);

webhookRoutes.post("/:event{[a-z0-9._-]+}?", async (c) => {
  const receivedAt = Date.now();
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    return c.json({ error: "invalid_payload", details: ["body is not valid JSON"] }, 400);
  }
  const parsed = parseEnvelope(body);
  if (!parsed.ok) return c.json({ error: "invalid_payload", details: parsed.details }, 400);
  const result = await ingestWebhook(
    { db: c.var.db, inbox: c.env.INBOX, config: c.var.config, log: c.var.log },
    parsed.envelope,
    { authorization: c.req.header("authorization") ?? null, webhookToken: c.req.header("x-webhook-token") ?? null, apikey: null },
    receivedAt,
  );
  switch (result.status) {
    case "queued":
      return c.json({ status: "queued" }, 200);
    case "ignored":
      return c.json({ status: "ignored", reason: result.reason }, 200);
    case "unauthorized":
      return c.json({ error: "unauthorized" }, 401);
    case "invalid":
      return c.json({ error: "invalid_payload", details: result.details }, 400);
    case "unavailable":
      return c.json({ error: "unavailable" }, 503);
  }
});
