/// <reference types="node" />
/**
 * The benchmark end to end, in Node (it starts workerd, fake Gemini and fake Evolution, which a
 * workerd test cannot): a small run completes and reports no lost message, no duplicate reply and
 * no order violation, also under injected faults. Each run takes about half a minute (bundling,
 * migrations and workerd's start included).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";


interface Report {
  messagesLost: number;
  duplicateReplies: number;
  orderViolations: number;
  aiCallsPerBurst: number;
  operationsPer1000: Record<string, number>;
  costPer1000Usd: number;
  details: { messages: number; answeredBursts: number; bursts: number; webhookDeliveries: number; duplicateDeliveries: number; geminiOutcomes: Record<string, number> };
}

function runBench(args: string[]): Promise<Report> {
  return new Promise((resolve, reject) => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    execFile(process.execPath, ["bench/run.ts", ...args], { cwd: root, timeout: 240_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`bench failed: ${err.message}\n${stderr.slice(-4000)}`));
      const last = stdout.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(last) as Report);
      } catch {
        reject(new Error(`the last line of stdout is not the JSON report:\n${last}\n${stderr.slice(-4000)}`));
      }
    });
  });
}

describe("npm run bench -- --quick", () => {
  it("answers every burst once, in timestamp order, with one AI call per burst", { timeout: 240_000 }, async () => {
    const report = await runBench(["--quick", "--dir", ".bench/test-quick", "--seed", "7"]);
    expect(report).toMatchObject({ messagesLost: 0, duplicateReplies: 0, orderViolations: 0, aiCallsPerBurst: 1 });
    expect(report.details.answeredBursts).toBe(report.details.bursts);
    expect(report.details.duplicateDeliveries).toBeGreaterThan(0);
    for (const value of Object.values(report.operationsPer1000)) expect(value).toBeGreaterThan(0);
    expect(report.costPer1000Usd).toBeGreaterThan(0);
  });

  it("loses, repeats and reorders nothing under Gemini 429/500/timeouts and Evolution 500s", { timeout: 240_000 }, async () => {
    const report = await runBench(["--quick", "--faults", "--dir", ".bench/test-faults", "--seed", "11", "--gemini-429-rate", "0.2", "--gemini-500-rate", "0.1", "--gemini-timeout-rate", "0.05", "--evolution-500-rate", "0.15"]);
    expect(report).toMatchObject({ messagesLost: 0, duplicateReplies: 0, orderViolations: 0 });
    expect(report.details.answeredBursts).toBe(report.details.bursts);
    const failures = Object.entries(report.details.geminiOutcomes).filter(([k]) => k !== "ok").reduce((n, [, v]) => n + v, 0);
    expect(failures).toBeGreaterThan(0);
  });
});
