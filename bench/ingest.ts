/**
 * `npm run bench -- --ingest`: how close `/webhook` comes to the runtime's floor. The worker is
 * bundled from bench/ingest-entry.ts (the production worker plus `POST /webhook-bench-bare`, which only
 * parses the body and queues it) and served in workerd without queue consumers, so what is
 * measured is the webhook's own work. `--concurrency` connections (50) post Evolution
 * `messages.upsert` webhooks of seeded tenants as fast as they are answered, from a client process
 * of its own (bench/ingest-load.ts), in eight phases ordered bare-webhook-webhook-bare then the
 * mirror image, so that a drift in the machine's speed over the run (a steady one, or one that
 * rises and falls) weighs on both routes alike; each route gets four phases and 20 s in all by
 * default. The first half second of each phase, while the connections open, is not counted.
 * Prints one JSON report as the last line of stdout.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { adminClient } from "../tools/admin-client.ts";
import { freePort } from "../tools/http-server.ts";
import { ROOT, applyMigrations, buildWorker, waitForHealth } from "../tools/wrangler.ts";
import { startLocalWorker } from "./local-worker.ts";
import type { LoadPhase } from "./ingest-load.ts";
import type { BenchOptions } from "./options.ts";
import { percentiles } from "./report.ts";

const progress = (text: string) => process.stderr.write(`bench │ ${text}\n`);
const TENANTS = 10;
const ORDER = ["bare", "webhook", "webhook", "bare", "webhook", "bare", "bare", "webhook"] as const;
const SETTLE_SECONDS = 0.5;
const LOAD = join(ROOT, "bench", "ingest-load.ts");

interface Phase {
  route: "bare" | "webhook";
  requests: number;
  non200: number;
  seconds: number;
  ackMs: number[];
}

/** One phase, driven by bench/ingest-load.ts in a process of its own. */
function phase(url: string, route: Phase["route"], seconds: number, connections: number, tenants: LoadPhase["tenants"]): Promise<Phase> {
  const target = route === "bare" ? `${url}/webhook-bench-bare` : `${url}/webhook`;
  const settings: LoadPhase = { target, seconds, settleSeconds: SETTLE_SECONDS, connections, tenants };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [LOAD, JSON.stringify(settings)], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", fail);
    child.on("exit", (code) => {
      if (code !== 0) return fail(new Error(`load client exited with ${code}`));
      const r = JSON.parse(out.trim().split("\n").at(-1)!) as Omit<Phase, "route">;
      done({ route, ...r });
    });
  });
}

export async function runIngest(opts: BenchOptions): Promise<void> {
  const benchDir = resolve(ROOT, opts.dir);
  const stateDir = join(benchDir, "ingest-state");
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(benchDir, { recursive: true });
  const tenants = Array.from({ length: TENANTS }, (_, i) => ({
    instance: `ingest-t${String(i + 1).padStart(2, "0")}`,
    token: `ingest-token-${i + 1}-${randomBytes(6).toString("hex")}`,
  }));

  progress("bundling the worker with the bench's bare route (bench/ingest-entry.ts)");
  const script = await buildWorker(join(benchDir, "ingest-build"), "bench/ingest-entry.ts");
  await applyMigrations({ persistTo: stateDir });
  const port = await freePort();
  const adminToken = randomBytes(24).toString("hex");
  const dev = await startLocalWorker({
    script,
    port,
    persistTo: stateDir,
    withoutConsumers: true,
    vars: { ADMIN_TOKEN: adminToken, SECRETS_KEY: randomBytes(32).toString("base64"), GEMINI_API_KEY: "bench-dummy-gemini-key", EVOLUTION_URL: "http://127.0.0.1:9", EVOLUTION_API_KEY: "" },
    onLine: (line) => {
      if (opts.verbose) process.stderr.write(`worker │ ${line}\n`);
    },
  });
  try {
    await waitForHealth(dev);
    const admin = adminClient(dev.url, adminToken);
    for (const t of tenants) await admin.upsertTenant({ instance: t.instance, name: `Ingest ${t.instance}`, evolution: { url: "http://127.0.0.1:9", apiKey: t.token }, bot: {} });
    // Warm both paths (JIT, the tenant cache), then measure.
    await phase(dev.url, "bare", 1, opts.concurrency, tenants);
    await phase(dev.url, "webhook", 1, opts.concurrency, tenants);
    const phases: Phase[] = [];
    for (const route of ORDER) {
      progress(`${route}: ${opts.ingestSeconds} s at ${opts.concurrency} connections`);
      phases.push(await phase(dev.url, route, opts.ingestSeconds, opts.concurrency, tenants));
    }
    const of = (route: Phase["route"]) => {
      const p = phases.filter((x) => x.route === route);
      const requests = p.reduce((s, x) => s + x.requests, 0);
      const seconds = p.reduce((s, x) => s + x.seconds, 0);
      return { requestsPerSecond: Math.round((requests / seconds) * 10) / 10, ackMs: percentiles(p.flatMap((x) => x.ackMs)), requests, non200: p.reduce((s, x) => s + x.non200, 0) };
    };
    const bare = of("bare");
    const webhook = of("webhook");
    const report = {
      throughputRatio: Math.round((webhook.requestsPerSecond / bare.requestsPerSecond) * 1000) / 1000,
      ackP99Ratio: Math.round((webhook.ackMs.p99 / bare.ackMs.p99) * 1000) / 1000,
      webhook,
      bare,
      details: { connections: opts.concurrency, phaseSeconds: opts.ingestSeconds, phases: phases.map((p) => ({ route: p.route, requestsPerSecond: Math.round((p.requests / p.seconds) * 10) / 10, p99: percentiles(p.ackMs).p99 })) },
    };
    progress(`webhook ${webhook.requestsPerSecond}/s (p99 ${webhook.ackMs.p99} ms) vs bare ${bare.requestsPerSecond}/s (p99 ${bare.ackMs.p99} ms): ratio ${report.throughputRatio}, p99 ×${report.ackP99Ratio}`);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await dev.stop();
  }
}
