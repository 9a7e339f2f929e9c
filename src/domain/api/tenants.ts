/**
 * The tenant resource of the admin API: what a request may send and what a response shows. The
 * routes, the services and the panel read these same schemas.
 */
import { z } from "zod";
import { botSettingsSchema, botSettingsSizeProblem } from "../bot-settings";
import { connectionStates } from "../tenant";

export const instanceNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only");

export const connectionStateSchema = z.enum(connectionStates);

const secretSchema = z.string().min(16, "must be at least 16 characters").max(512);
/** Real Evolution URLs are short; the bound keeps a stored URL from filling the row. */
const evolutionUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

export const createTenantSchema = z
  .object({
    instance: instanceNameSchema,
    name: z.string().min(1).max(200),
    enabled: z.boolean().default(true),
    evolution: z
      .object({
        url: evolutionUrlSchema.optional(),
        apiKey: z.string().min(1).max(512).optional(),
      })
      .strict()
      .default({}),
    webhookSecret: secretSchema.optional(),
    bot: botSettingsSchema.prefault({}).superRefine((bot, ctx) => {
      const problem = botSettingsSizeProblem(bot);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  })
  .strict();
export type CreateTenantInput = z.infer<typeof createTenantSchema>;

/** PATCH body: every key optional; `bot` is validated after merging key by key. */
export const updateTenantSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    enabled: z.boolean().optional(),
    evolution: z
      .object({
        url: evolutionUrlSchema.optional(),
        apiKey: z.string().min(1).max(512).optional(),
      })
      .strict()
      .optional(),
    bot: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type UpdateTenantInput = z.infer<typeof updateTenantSchema>;

/** What the API shows of a tenant: never a credential. */
export const tenantViewSchema = z.object({
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
});
export type TenantView = z.infer<typeof tenantViewSchema>;
