/// <reference types="node" />
/**
 * Imports run one way: controllers → services → repositories / domain / platform; the queue and
 * the Durable Objects call services; nothing imports a layer above its own. This reads every
 * import under src/ and fails on one that climbs back up (Node: workerd tests cannot read files).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

type Layer = "entry" | "config" | "controllers" | "queue" | "durable-objects" | "services" | "repositories" | "domain" | "platform";

/** What each layer may import besides itself. `repositories/db.ts` is the handle edges open. */
const ALLOWED: Record<Layer, readonly (Layer | "db")[]> = {
  entry: ["config", "controllers", "queue", "durable-objects", "services", "repositories", "domain", "platform"],
  controllers: ["services", "domain", "platform", "config", "db"],
  queue: ["services", "domain", "platform", "config", "db"],
  "durable-objects": ["services", "domain", "platform", "config", "db"],
  services: ["repositories", "domain", "platform", "config"],
  repositories: ["domain", "platform"],
  config: [],
  domain: [],
  platform: [],
};

/** Only a Durable Object extends the runtime's classes; anything else reading `cloudflare:workers` reads the global env. */
const RUNTIME_MODULE = "cloudflare:workers";

function layerOf(path: string): Layer {
  if (path === "index.ts" || path === "app.ts") return "entry";
  const top = path.split("/")[0]!;
  if (top in ALLOWED) return top as Layer;
  throw new Error(`${path}: not in a known layer (add its folder to the rules)`);
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s(?:[^;]*?\sfrom\s)?\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

/** Every import that breaks the rules, as "from → to" (paths relative to src/). */
function backUpImports(files: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [path, source] of files) {
    const from = layerOf(path);
    for (const spec of importsOf(source)) {
      if (spec === RUNTIME_MODULE && from !== "durable-objects" && from !== "entry") problems.push(`${path} → ${spec}`);
      if (!spec.startsWith(".")) continue;
      const base = normalize(join(dirname(path), spec));
      const target = [base, `${base}.ts`, join(base, "index.ts")].find((p) => files.has(p));
      if (!target) {
        problems.push(`${path} → ${spec} (unresolved)`);
        continue;
      }
      const to = layerOf(target);
      if (to === from) continue;
      const allowed = ALLOWED[from];
      if (allowed.includes(to) || (target === "repositories/db.ts" && allowed.includes("db"))) continue;
      problems.push(`${path} → ${target}`);
    }
  }
  return problems;
}

function readSrc(dir = SRC, files = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) readSrc(full, files);
    else if (entry.name.endsWith(".ts")) files.set(relative(SRC, full), readFileSync(full, "utf8"));
  }
  return files;
}

describe("the import graph of src/", () => {
  it("has no import that climbs back up a layer", () => {
    const files = readSrc();
    expect(files.size).toBeGreaterThan(40);
    expect(backUpImports(files)).toEqual([]);
  });

  it("catches each kind of back-up import", () => {
    const files = new Map([
      ["services/tenants/contacts.ts", 'import { conversationName } from "../../queue/consumer";'],
      ["services/attendant/turn.ts", 'import type {\n  ConversationStore,\n} from "../../durable-objects/conversation/store";'],
      ["services/evolution/ingress.ts", 'import { webhookRoutes } from "../../controllers/webhook";'],
      ["repositories/db.ts", 'import { meter } from "../services/metrics";'],
      ["platform/metrics.ts", 'import { env } from "cloudflare:workers";\nimport { loadConfig } from "../config/env";'],
      ["controllers/webhook.ts", 'export { listTenants } from "../repositories/tenants";\nimport { openDatabase } from "../repositories/db";'],
      ["queue/consumer.ts", 'const m = await import("../durable-objects/conversation/store");'],
      ["durable-objects/conversation/store.ts", ""],
      ["services/metrics.ts", ""],
      ["repositories/tenants.ts", ""],
      ["config/env.ts", ""],
    ]);
    expect(backUpImports(files).sort()).toEqual(
      [
        "services/tenants/contacts.ts → queue/consumer.ts",
        "services/attendant/turn.ts → durable-objects/conversation/store.ts",
        "services/evolution/ingress.ts → controllers/webhook.ts",
        "repositories/db.ts → services/metrics.ts",
        "platform/metrics.ts → cloudflare:workers",
        "platform/metrics.ts → config/env.ts",
        "controllers/webhook.ts → repositories/tenants.ts",
        "queue/consumer.ts → durable-objects/conversation/store.ts",
      ].sort(),
    );
  });
});
