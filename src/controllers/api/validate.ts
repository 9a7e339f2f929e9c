import type { Context } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { invalidRequest } from "../middleware/errors";

/**
 * Validators of the panel's API, answering 400 `invalid_request` with the fields named. A body
 * not sent as JSON reads as `{}`, so a route whose fields are all optional takes no body at all.
 */
const validate =
  <T extends z.ZodType>(schema: T) =>
  (value: unknown, c: Context) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? (parsed.data as z.output<T>) : invalidRequest(c, parsed.error.issues);
  };

export const jsonBody = <T extends z.ZodType>(schema: T) => validator("json", validate(schema));
export const query = <T extends z.ZodType>(schema: T) => validator("query", validate(schema));
export const params = <T extends z.ZodType>(schema: T) => validator("param", validate(schema));
