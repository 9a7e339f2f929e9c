import type { Context } from "hono";
import type { AppEnv } from "../middleware/context";

/** Where the panel is served: `PUBLIC_URL`, or this request's own origin in local development. */
export function panelUrl<E extends AppEnv>(c: Context<E>): string {
  return c.get("config").PUBLIC_URL ?? new URL(c.req.url).origin;
}
