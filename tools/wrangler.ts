/**
 * Runs wrangler for the local tools: D1 migrations and `wrangler dev`, as child processes that are
 * always stopped with their whole process group (wrangler dev spawns workerd).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { basename, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root (tools/..). */
export const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** wrangler's entry point, run with this Node (wrangler needs Node 22; the system one may be older). */
const WRANGLER = fileURLToPath(new URL("../node_modules/wrangler/bin/wrangler.js", import.meta.url));

/** No telemetry and no `Request.cf` download: both try the internet and only slow a local run down. */
const QUIET_ENV = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1", FORCE_COLOR: "0" };

/** Runs one wrangler command to completion; resolves with its output, rejects with it on failure. */
function runWrangler(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...QUIET_ENV, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`wrangler ${args.slice(0, 3).join(" ")} failed (exit ${code}):\n${output}`))));
  });
}

/** `wrangler d1 migrations apply atenbot --local` (CI=1: no confirmation prompt). */
export function applyMigrations(opts: { persistTo?: string } = {}): Promise<string> {
  return runWrangler(["d1", "migrations", "apply", "atenbot", "--local", ...(opts.persistTo ? ["--persist-to", opts.persistTo] : [])], { CI: "1" });
}

/**
 * Bundles the worker exactly as `wrangler deploy` would (`--dry-run --outdir`): a fixed build that
 * edits to src/ cannot reload halfway through a run. `entry` replaces wrangler.toml's `main`
 * (the ingest benchmark's entry). Resolves with the bundle's entry file.
 */
export async function buildWorker(outdir: string, entry?: string): Promise<string> {
  await runWrangler(["deploy", "--dry-run", "--outdir", outdir, ...(entry ? [entry] : [])]);
  return join(outdir, entry ? `${basename(entry).replace(/\.ts$/, "")}.js` : "index.js");
}

export interface DevOptions {
  port: number;
  /** `--var KEY:VALUE` overrides (they win over .dev.vars). */
  vars?: Record<string, string>;
  /** `--persist-to DIR`: local state (D1, objects, queues) kept apart from `npm start`'s. */
  persistTo?: string;
  /** Every line wrangler and the worker print (stdout and stderr). */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
}

export interface DevProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code when wrangler has exited. */
  exited: Promise<number | null>;
  /** Stops wrangler and workerd (SIGTERM to the process group, SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

// Last resort when this process exits without stopping its children (an uncaught error).
process.on("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/** Starts `wrangler dev --ip 127.0.0.1` in its own process group. */
export function startWranglerDev(opts: DevOptions): DevProcess {
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(opts.port), "--show-interactive-dev-session=false"];
  for (const [key, value] of Object.entries(opts.vars ?? {})) args.push("--var", `${key}:${value}`);
  if (opts.persistTo) args.push("--persist-to", opts.persistTo);

  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...QUIET_ENV },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  running.add(child);
  for (const stream of ["stdout", "stderr"] as const) {
    const lines = createInterface({ input: child[stream]! });
    lines.on("line", (line) => opts.onLine?.(line, stream));
  }
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      running.delete(child);
      // workerd may outlive wrangler for a moment: make sure the group is gone.
      killGroup(child, "SIGKILL");
      resolve(code);
    });
    child.on("error", () => resolve(null));
  });

  return {
    child,
    url: `http://127.0.0.1:${opts.port}`,
    exited,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `{url}/health` until it answers 200; fails early when the process behind it exits. */
export async function waitForHealth(dev: { url: string; exited?: Promise<number | null> }, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | null | undefined;
  void dev.exited?.then((code) => (exitedWith = code));
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) throw new Error(`wrangler dev exited (code ${exitedWith}) before the worker was ready`);
    try {
      const res = await fetch(`${dev.url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the worker did not answer ${dev.url}/health within ${Math.round(timeoutMs / 1000)} s`);
}
