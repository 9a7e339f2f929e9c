import type { Config } from "../../config/env";
import type { Database } from "../../repositories/db";
import type { Logger } from "../../platform/log";

/** Hono's environment for every route: bindings plus what the middleware prepares. */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: Config; db: Database; log: Logger; requestId: string };
}
