/**
 * The ingest benchmark's client, run as a process of its own as `wrk` would be: the worker's log
 * sink (Miniflare, in the bench's process) then never competes with the client for one event
 * loop. Reads one phase's settings as JSON from argv, posts Evolution `messages.upsert` webhooks
 * over `connections` connections as fast as they are answered, and prints one JSON line:
 * `{ requests, non200, seconds, ackMs }` for the requests sent after `settleSeconds`: the first
 * ones wait for every connection to open at once, a spike of the client's making.
 */
import { messageId, textUpsert } from "../tools/upsert.ts";

export interface LoadPhase {
  target: string;
  seconds: number;
  /** Leading seconds whose requests are sent but not counted. */
  settleSeconds: number;
  connections: number;
  tenants: { instance: string; token: string }[];
}

const { target, seconds, settleSeconds, connections, tenants } = JSON.parse(process.argv[2]!) as LoadPhase;
let n = 0;
const body = () => {
  const t = tenants[n++ % tenants.length]!;
  return JSON.stringify(textUpsert({ instance: t.instance, apikey: t.token, number: `55119${String(n % 100_000).padStart(8, "0")}`, pushName: "Cliente", text: "oi, vocês abrem amanhã?", id: messageId() }));
};
const ackMs: number[] = [];
let non200 = 0;
const started = performance.now() + settleSeconds * 1000;
const until = started + seconds * 1000;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      const res = await fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body: body() });
      await res.arrayBuffer();
      if (t0 < started) continue;
      ackMs.push(performance.now() - t0);
      if (res.status !== 200) non200++;
    }
  }),
);
process.stdout.write(`${JSON.stringify({ requests: ackMs.length, non200, seconds: (performance.now() - started) / 1000, ackMs })}\n`);
