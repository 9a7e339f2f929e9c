import { z } from "zod";
import { KNOWLEDGE_BUDGET } from "./knowledge";

/** "HH:MM", 00:00–24:00. */
const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "expected HH:MM (24h)");

export const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

/** Where the business is when it has not said: AtenBot serves Brazilian businesses first. */
export const DEFAULT_TIMEZONE = "America/Sao_Paulo";

export const businessHoursSchema = z.object({
  timezone: z
    .string()
    .default(DEFAULT_TIMEZONE)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "unknown IANA timezone"),
  /** Per weekday, a list of [open, close] intervals; close < open means it runs past midnight. */
  weekly: z.partialRecord(z.enum(weekdays), z.array(z.tuple([clock, clock])).max(8)).default({}),
  outsideHours: z.enum(["answer", "away"]).default("answer"),
  awayMessage: z
    .string()
    .min(1)
    .max(4000)
    .default("Estamos fechados agora. Assim que abrirmos, respondemos você!"),
});
export type BusinessHours = z.infer<typeof businessHoursSchema>;

export const quickReplySchema = z.object({
  match: z.enum(["contains", "equals"]).default("contains"),
  keywords: z.array(z.string().min(1).max(200)).min(1).max(50),
  reply: z.string().min(1).max(4000),
});
export type QuickReply = z.infer<typeof quickReplySchema>;

export const handoffSchema = z.object({
  keywords: z
    .array(z.string().min(1).max(200))
    .max(50)
    .default(["atendente", "humano", "falar com uma pessoa"]),
  message: z.string().min(1).max(4000).default("Certo! Vou chamar um atendente, só um instante."),
  pauseMinutes: z.number().int().min(1).max(60 * 24 * 30).default(120),
  /** Phone number (digits) or JID that receives a summary of each handoff. */
  notifyNumber: z
    .string()
    .regex(/^(\d{8,15}|\d{8,15}@s\.whatsapp\.net)$/, "digits with country code, or a @s.whatsapp.net JID")
    .nullable()
    .default(null),
});

/** Every tunable of a tenant's bot, with the defaults a new tenant gets. */
export const botSettingsSchema = z.object({
  systemPrompt: z
    .string()
    .max(20000)
    .default("Você é um atendente virtual simpático e objetivo. Responda em português do Brasil."),
  /** Facts about the business (address, prices, FAQ) appended to the instructions. */
  businessProfile: z.string().max(20000).default(""),
  model: z.string().min(1).max(100).nullable().default(null),
  debounceMs: z.number().int().min(0).max(60000).default(3000),
  maxWaitMs: z.number().int().min(0).max(120000).default(15000),
  historyTurns: z.number().int().min(0).max(100).default(20),
  sessionTtlMinutes: z.number().int().min(1).max(60 * 24 * 90).default(1440),
  ignoreGroups: z.boolean().default(true),
  maxParts: z.number().int().min(1).max(10).default(3),
  typingMsPerChar: z.number().int().min(0).max(1000).default(25),
  aiTimeoutMs: z.number().int().min(1000).max(120000).default(30000),
  fallbackText: z
    .string()
    .min(1)
    .max(4000)
    .default("Desculpe, tive um problema agora. Pode repetir em instantes?"),
  quotaText: z
    .string()
    .min(1)
    .max(4000)
    .default("No momento não consigo responder. Um atendente falará com você em breve."),
  monthlyAiReplies: z.number().int().min(0).nullable().default(null),
  /** Platform protection: AI calls per tenant per day, whatever the monthly quota says. */
  dailyAiCalls: z.number().int().min(0).max(1_000_000).default(5000),
  /** Abuse limit: AI calls per contact per hour; past it messages are stored, not answered. */
  contactAiCallsPerHour: z.number().int().min(1).max(1000).default(30),
  /** Abuse limit: messages a contact may send per minute before the bot stops answering it (they are still stored). */
  contactMessagesPerMinute: z.number().int().min(1).max(10_000).default(20),
  /** Abuse limit: messages a tenant may receive per minute (per Worker isolate) before the excess is stored unanswered. */
  tenantMessagesPerMinute: z.number().int().min(1).max(1_000_000).default(3000),
  retentionDays: z.number().int().min(1).max(3650).default(90),
  handoff: handoffSchema.prefault({}),
  businessHours: businessHoursSchema.nullable().default(null),
  quickReplies: z.array(quickReplySchema).max(200).default([]),
  /** Characters of the prompt's "Conhecimento da empresa" block; 0 leaves the knowledge out. */
  knowledgeBudgetChars: z.number().int().min(0).max(KNOWLEDGE_BUDGET.max).default(KNOWLEDGE_BUDGET.default),
});
export type BotSettings = z.infer<typeof botSettingsSchema>;

/** The business's timezone: its hours, its usage days and the clock the model is told. */
export const timezoneOf = (s: BotSettings): string => s.businessHours?.timezone ?? DEFAULT_TIMEZONE;

/** Defaults for every key, as a tenant created without `bot` gets them. */
export const defaultBotSettings = (): BotSettings => botSettingsSchema.parse({});

/**
 * The settings are stored as JSON in the tenant's row. Every field has its own bound, yet all of
 * them at their maximum would pass what a D1 row holds; this is far above any real bot.
 */
export const MAX_BOT_SETTINGS_BYTES = 128 * 1024;

/** Why `settings` cannot be stored, or null when they fit. */
export function botSettingsSizeProblem(settings: BotSettings): string | null {
  const bytes = new TextEncoder().encode(JSON.stringify(settings)).length;
  return bytes > MAX_BOT_SETTINGS_BYTES
    ? `settings take ${Math.ceil(bytes / 1024)} KB stored; at most ${MAX_BOT_SETTINGS_BYTES / 1024} KB`
    : null;
}
