import { z } from "zod";

/** Empty strings in wrangler.toml mean "not set". */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : null));

const optionalUrl = optionalString.pipe(z.url().nullable());

const base64Key = z
  .string({ error: "is required" })
  .refine((v) => {
    try {
      return atob(v.trim()).length === 32;
    } catch {
      return false;
    }
  }, "must be base64 of exactly 32 bytes");

const envSchema = z.object({
  ADMIN_TOKEN: z.string({ error: "is required" }).min(16, "must be at least 16 characters"),
  SECRETS_KEY: base64Key,
  GEMINI_API_KEY: optionalString,
  GEMINI_MODEL: optionalString.transform((v) => v ?? "gemini-2.5-flash"),
  GEMINI_BASE_URL: optionalUrl,
  PUBLIC_URL: optionalUrl,
  EVOLUTION_URL: optionalUrl,
  EVOLUTION_API_KEY: optionalString,
  /** The instance (a tenant row) that sends sign-in codes; unset: the user's own tenant's. */
  LOGIN_INSTANCE: optionalString,
  /** "1" turns on the benchmark's operation counters (src/platform/metrics.ts). */
  METRICS: z
    .string()
    .optional()
    .transform((v) => v === "1"),
});

export type Config = z.infer<typeof envSchema>;

export class MisconfiguredError extends Error {
  constructor(readonly problems: string[]) {
    // Names the variables, never their values.
    super(`misconfigured: ${problems.join("; ")}`);
    this.name = "MisconfiguredError";
  }
}

let cached: { source: Env; config: Config } | null = null;

/**
 * Reads and validates every var and secret once per isolate (env objects are stable per isolate).
 * Throws MisconfiguredError naming the bad variables.
 */
export function loadConfig(env: Env): Config {
  if (cached?.source === env) return cached.config;
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new MisconfiguredError(
      parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`),
    );
  }
  cached = { source: env, config: parsed.data };
  return parsed.data;
}

/** Whether the benchmark's counters are on; a misconfigured worker answers errors and counts nothing. */
export function metricsRequested(env: Env): boolean {
  try {
    return loadConfig(env).METRICS;
  } catch {
    return false;
  }
}
