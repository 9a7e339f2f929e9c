/**
 * Builds the panel (web/) into the Worker's static assets, once or on every change, with this
 * Node and the repository's Vite (the same build as `npm run build`, without the size report).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { ROOT } from "./wrangler.ts";

const VITE = join(ROOT, "node_modules/vite/bin/vite.js");
const CONFIG = ["--config", "web/vite.config.ts"];

/** `vite build` of the panel; rejects with Vite's output when it fails. */
export function buildPanel(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITE, "build", ...CONFIG, "--logLevel", "warn"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`building the panel failed (exit ${code}):\n${output}`))));
  });
}

export interface PanelWatch {
  child: ChildProcess;
  stop(): void;
}

/** `vite build --watch`: the assets are rebuilt whenever a file under web/ changes. */
export function watchPanel(onLine: (line: string) => void): PanelWatch {
  const child = spawn(process.execPath, [VITE, "build", "--watch", ...CONFIG], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on("line", onLine);
  return {
    child,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
  };
}
