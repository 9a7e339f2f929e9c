import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** The one answer to a body over its route's limit. */
export const payloadTooLarge = (c: Context) => c.json({ error: "payload_too_large" }, 413);

/**
 * Hono's bodyLimit answering 413 `payload_too_large`: a declared `Content-Length` over `maxBytes`
 * is refused before anything is read, a streamed body as soon as it passes the limit.
 */
export const limitBody = (maxBytes: number): MiddlewareHandler => bodyLimit({ maxSize: maxBytes, onError: payloadTooLarge });
