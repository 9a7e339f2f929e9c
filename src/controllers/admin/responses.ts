import { z } from "@hono/zod-openapi";
import { botSettingsSchema } from "../../domain/bot-settings";
import { instanceNameSchema } from "../../services/tenants/tenants";

/** The security requirement of every admin route: the `bearer` scheme (ADMIN_TOKEN). */
export const adminSecurity = [{ bearer: [] }];

/** Shared OpenAPI pieces of the admin API: params, errors, views. */
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

export const connectionStateSchema = z.enum(["unknown", "open", "connecting", "close", "refused"]);

export const tenantViewSchema = z
  .object({
    id: z.string(),
    instance: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    evolution: z.object({ url: z.string().nullable(), hasApiKey: z.boolean() }),
    bot: botSettingsSchema,
    connectionState: connectionStateSchema,
    qrCodeUpdatedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Tenant");

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

/** Responses every admin route can give besides its own. */
export const commonErrors = {
  400: json(validationErrorBody, "Invalid request"),
  401: json(errorBody, "Missing or wrong admin token"),
};
export const notFound = { 404: json(errorBody, "Unknown tenant or contact") };

export const cursorQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};
