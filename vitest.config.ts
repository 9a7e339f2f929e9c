import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const migrations = await readD1Migrations("migrations");

export default defineConfig({
  test: {
    // Structured logs are printed for failing tests only.
    silent: "passed-only",
    projects: [
      {
        // Everything that runs inside workerd: the Worker, its objects, its queue, real D1.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: migrations,
                ADMIN_TOKEN: "test-admin-token-0123456789abcdef",
                SECRETS_KEY: "dGVzdC1zZWNyZXRzLWtleS0wMTIzNDU2Nzg5YWJjZGU=",
                GEMINI_API_KEY: "test-gemini-key",
                GEMINI_BASE_URL: "https://gemini.test",
                EVOLUTION_API_KEY: "test-evolution-global-key",
                PUBLIC_URL: "https://atenbot.test",
              },
            },
          }),
        ],
        test: {
          name: "workers",
          setupFiles: ["./test/helpers/apply-migrations.ts"],
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.node.test.ts"],
          testTimeout: 30000,
        },
      },
      {
        // What needs Node: the benchmark starts workerd and the fake servers as processes.
        test: { name: "node", environment: "node", include: ["test/**/*.node.test.ts"], testTimeout: 240000 },
      },
    ],
  },
});
