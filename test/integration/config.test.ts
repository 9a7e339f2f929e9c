import { createExecutionContext, env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { loadConfig, MisconfiguredError } from "../../src/config/env";

const app = createApp();
const request = (path: string) => new Request(`http://atenbot.test${path}`, { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } });

afterEach(() => vi.restoreAllMocks());

describe("configuration", () => {
  it("reads vars and secrets, treating empty vars as unset", () => {
    const config = loadConfig({ ...env, GEMINI_BASE_URL: "", PUBLIC_URL: " https://bot.example.dev ", GEMINI_API_KEY: "" } as unknown as Env);
    expect(config.GEMINI_BASE_URL).toBeNull();
    expect(config.PUBLIC_URL).toBe("https://bot.example.dev");
    expect(config.GEMINI_API_KEY).toBeNull();
    expect(config.GEMINI_MODEL).toBe("gemini-2.5-flash");
  });

  it("names every bad variable, never its value", () => {
    const bad = { ...env, ADMIN_TOKEN: undefined, SECRETS_KEY: "c2hvcnQ=", GEMINI_BASE_URL: "not a url" } as unknown as Env;
    let error: unknown;
    try {
      loadConfig(bad);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MisconfiguredError);
    const message = (error as Error).message;
    expect(message).toContain("ADMIN_TOKEN");
    expect(message).toContain("SECRETS_KEY");
    expect(message).toContain("GEMINI_BASE_URL");
    expect(message).not.toContain("c2hvcnQ=");
  });

  it("answers every route 500 misconfigured, with a log line naming the secret, when one is missing", async () => {
    const logs: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void logs.push(line));
    for (const path of ["/health", "/admin/tenants", "/webhook"]) {
      const res = await app.fetch(request(path), { ...env, SECRETS_KEY: undefined } as unknown as Env, createExecutionContext());
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: "misconfigured" });
    }
    expect(logs.some((l) => l.includes("misconfigured") && l.includes("SECRETS_KEY"))).toBe(true);
    expect(logs.join("\n")).not.toContain(env.ADMIN_TOKEN);
  });
});
