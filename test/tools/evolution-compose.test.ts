// The files come in as raw strings (Vite `?raw`): workerd has no file system.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import compose from "../../evolution/docker-compose.yml?raw";
import envExample from "../../evolution/.env.example?raw";

interface Service {
  image?: string;
  ports?: unknown[];
  network_mode?: string;
  environment?: Record<string, unknown>;
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] };
  volumes?: string[];
}
const file = parse(compose) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const evolution = file.services["evolution-api"]!;
const env = evolution.environment!;

/** Settings whose baked-in fallback would be wrong or unsafe, with the value AtenBot needs. */
const REQUIRED: Record<string, string | RegExp> = {
  SERVER_TYPE: "http",
  SERVER_PORT: "8080",
  SERVER_URL: /^\$\{SERVER_URL:\?/,
  TZ: "UTC",
  CORS_ORIGIN: "*",
  AUTHENTICATION_API_KEY: /^\$\{EVOLUTION_API_KEY:\?/,
  AUTHENTICATION_EXPOSE_IN_FETCH_INSTANCES: "false",
  LANGUAGE: "en",
  DEL_INSTANCE: "false",
  DATABASE_PROVIDER: "postgresql",
  DATABASE_CONNECTION_URI: /^postgresql:\/\/evolution:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/evolution\?schema=/,
  DATABASE_CONNECTION_CLIENT_NAME: "atenbot",
  DATABASE_SAVE_DATA_INSTANCE: "true",
  DATABASE_SAVE_DATA_NEW_MESSAGE: "true",
  CACHE_REDIS_ENABLED: "true",
  CACHE_REDIS_URI: /^redis:\/\/redis:6379\//,
  CACHE_REDIS_PREFIX_KEY: "evolution",
  CACHE_REDIS_SAVE_INSTANCES: "false",
  CACHE_LOCAL_ENABLED: "false",
  WEBHOOK_GLOBAL_ENABLED: "false",
  WEBHOOK_GLOBAL_URL: "",
  WEBHOOK_EVENTS_MESSAGES_UPSERT: "true",
  WEBHOOK_EVENTS_CONNECTION_UPDATE: "true",
  WEBHOOK_EVENTS_QRCODE_UPDATED: "true",
  WEBHOOK_EVENTS_ERRORS: "false",
  WEBHOOK_REQUEST_TIMEOUT_MS: "30000",
  WEBHOOK_RETRY_MAX_ATTEMPTS: "10",
  WEBHOOK_RETRY_INITIAL_DELAY_SECONDS: "5",
  WEBHOOK_RETRY_USE_EXPONENTIAL_BACKOFF: "true",
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: "300",
  WEBHOOK_RETRY_JITTER_FACTOR: "0.2",
  // AtenBot answers exactly these as final refusals; Evolution must not retry them.
  WEBHOOK_RETRY_NON_RETRYABLE_STATUS_CODES: "400,401,403,404,422",
  CONFIG_SESSION_PHONE_CLIENT: /\S/,
  CONFIG_SESSION_PHONE_NAME: "Chrome",
  QRCODE_LIMIT: /^\d+$/,
  LOG_LEVEL: /^(?!.*WEBHOOKS)[A-Z,]+$/,
  LOG_BAILEYS: "error",
  TELEMETRY_ENABLED: "false",
};

describe("evolution/docker-compose.yml", () => {
  it("pins Evolution 2.3.7 and versioned databases, never latest", () => {
    expect(evolution.image).toBe("evoapicloud/evolution-api:v2.3.7");
    expect(file.services.postgres?.image).toBe("postgres:15");
    expect(file.services.redis?.image).toBe("redis:7");
  });

  it.each(Object.entries(REQUIRED))("sets %s explicitly", (name, expected) => {
    expect(env[name]).toEqual(typeof expected === "string" ? expected : expect.stringMatching(expected));
  });

  it("gives every variable as a string and sets no ignored one", () => {
    for (const [name, value] of Object.entries(env)) expect(typeof value, name).toBe("string");
    expect(env).not.toHaveProperty("CONFIG_SESSION_PHONE_VERSION");
  });

  it("publishes Evolution on loopback only, and the databases not at all", () => {
    expect(evolution.ports).toEqual(["127.0.0.1:8080:8080"]);
    for (const name of ["postgres", "redis"]) {
      expect(file.services[name]!.ports, name).toBeUndefined();
      expect(file.services[name]!.network_mode, name).toBeUndefined();
    }
  });

  it("starts Evolution only once both databases report healthy", () => {
    expect(file.services.postgres?.healthcheck?.test?.join(" ")).toMatch(/pg_isready -U evolution -d evolution/);
    expect(file.services.redis?.healthcheck?.test).toEqual(["CMD", "redis-cli", "ping"]);
    expect(evolution.depends_on).toEqual({
      postgres: { condition: "service_healthy" },
      redis: { condition: "service_healthy" },
    });
  });

  it("keeps sessions, database and cache on named volumes", () => {
    const mounted = Object.values(file.services).flatMap((s) => s.volumes ?? []);
    const names = mounted.map((v) => v.split(":")[0]);
    expect(names.sort()).toEqual(["evolution_instances", "postgres_data", "redis_data"]);
    expect(Object.keys(file.volumes).sort()).toEqual(["evolution_instances", "postgres_data", "redis_data"]);
  });

  it("takes every interpolated variable from .env.example, each one required", () => {
    const used = [...compose.matchAll(/\$\{([A-Z_]+)([^}]*)\}/g)];
    const documented = [...envExample.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(new Set(used.map((m) => m[1]))).toEqual(new Set(["EVOLUTION_API_KEY", "POSTGRES_PASSWORD", "SERVER_URL"]));
    for (const [, name, modifier] of used) {
      expect(documented, name).toContain(name);
      expect(modifier, name).toMatch(/^:\?/);
    }
  });
});
