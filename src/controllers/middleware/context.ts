import type { Context, MiddlewareHandler } from "hono";
import { loadConfig, MisconfiguredError, type Config } from "../../config/env";
import { createLogger, type Logger } from "../../platform/log";
import { openDatabase, type Database } from "../../repositories/db";
import type { Actor } from "../../services/accounts/audit";

/** Hono's environment for every route: bindings plus what `requestContext` prepares. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    config: Config;
    db: Database;
    log: Logger;
    requestId: string;
    /** Who is acting on the admin API: a platform user's session, or null for the admin token. */
    actor: Actor;
    /**
     * Set by a route whose answer needs no line of its own: a webhook acknowledged 200, the hottest
     * path by far, is on record in the platform's invocation log (method, path, status, duration,
     * ray id = request id), and every line a Worker writes is a billed log event.
     */
    quiet: boolean;
  };
}

/**
 * First on every request: a request id (Cloudflare's ray when there is one), a logger carrying
 * it, the validated configuration and the database; then one log line per request, unless the
 * route marked its answer `quiet`. A worker whose configuration is invalid answers 500
 * `misconfigured`, naming the variables in its log.
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
  const log = createLogger({ requestId });
  c.set("requestId", requestId);
  c.set("log", log);
  let config: Config;
  try {
    config = loadConfig(c.env);
  } catch (err) {
    if (err instanceof MisconfiguredError) {
      log.error("misconfigured", { problems: err.problems.join("; ") });
      return c.json({ error: "misconfigured" }, 500);
    }
    throw err;
  }
  c.set("config", config);
  c.set("db", openDatabase(c.env.DB));
  const started = Date.now();
  await next();
  stampRequestId(c, requestId);
  if (!c.get("quiet")) log.info("request", { method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Date.now() - started });
};

/**
 * The id goes onto the finished response's own headers: one call, where preparing headers before
 * the handler makes every response merge a Headers object. A response with immutable headers
 * (passed through from a fetch or an object) is copied by Hono's `c.header` instead.
 */
function stampRequestId(c: Context<AppEnv>, requestId: string): void {
  try {
    c.res.headers.set("x-request-id", requestId);
  } catch {
    c.header("x-request-id", requestId);
  }
}
