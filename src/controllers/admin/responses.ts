import { OpenAPIHono, z } from "@hono/zod-openapi";
import { instanceNameSchema } from "../../domain/api/tenants";
import { invalidRequest } from "../middleware/errors";
import type { AppEnv } from "../middleware/context";

/**
 * A router for one admin resource. Every one validates with the same hook, so a bad parameter,
 * query or body is always answered 400 `invalid_request` with the fields named.
 */
export const adminRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return invalidRequest(c, result.error.issues);
    },
  });

/** The security requirement of every admin route: the admin token, or a platform user's session. */
export const adminSecurity: Record<string, string[]>[] = [{ bearer: [] }, { platformSession: [] }];

/** Shared OpenAPI pieces of the admin API: params, errors. */
export const errorBody = z.object({ error: z.string() }).openapi("Error");
export const validationErrorBody = z
  .object({
    error: z.literal("invalid_request"),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .openapi("ValidationError");

export const instanceParam = z.object({
  instance: instanceNameSchema.openapi({ param: { name: "instance", in: "path" }, example: "padaria-centro" }),
});

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

/** A JSON request body, required. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});

/** Responses every admin route can give besides its own. */
export const commonErrors = {
  400: json(validationErrorBody, "Invalid request"),
  401: json(errorBody, "Missing or wrong admin token, and no platform user's session"),
};
export const notFound = { 404: json(errorBody, "Unknown tenant or contact") };

export const cursorQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};
