import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { InvalidSettingsError } from "../../services/tenants/tenants";
import { errorKind } from "../../platform/log";
import type { AppEnv } from "./context";

/** Every validation failure of a request, in one shape: which field, and what is wrong with it. */
export function invalidRequest(c: Context, issues: { path: PropertyKey[]; message: string }[]) {
  const details = issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  return c.json({ error: "invalid_request" as const, details }, 400);
}

export const notFound = (c: Context) => c.json({ error: "not_found" }, 404);

/** The app's last word on a thrown error: a clear status and body, never a stack or a 500 for bad input. */
export function handleError(err: Error, c: Context<AppEnv>) {
  // Middleware that answers by throwing (bearerAuth) carries its own response.
  if (err instanceof HTTPException && err.res) return err.getResponse();
  // Hono's validators throw these for a body that is not JSON (400) or not sent as JSON (415).
  if (err instanceof HTTPException && (err.status === 400 || err.status === 415)) {
    const message = err.status === 415 ? "send the body as application/json" : "malformed JSON";
    return c.json({ error: "invalid_request", details: [{ path: "body", message }] }, 400);
  }
  if (err instanceof InvalidSettingsError) return c.json({ error: "invalid_request", details: err.details }, 400);
  if (err instanceof HTTPException) return c.json({ error: "http_error" }, err.status);
  // Limits are checked before storing; should a value still pass what D1 stores, the request
  // carried it, so it is refused as too large rather than reported as our failure.
  if (isTooBigForD1(err)) return c.json({ error: "payload_too_large" }, 413);
  c.var.log?.error("unhandled error", { error: errorKind(err) });
  return c.json({ error: "internal" }, 500);
}

/** D1's "string or blob too big" (SQLITE_TOOBIG), possibly wrapped by drizzle as the cause. */
function isTooBigForD1(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (/SQLITE_TOOBIG|too big/i.test(e.message)) return true;
  }
  return false;
}
