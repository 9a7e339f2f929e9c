/**
 * Serves the worker for the benchmark: the bundle `wrangler deploy --dry-run` produced, with the
 * bindings wrangler itself derives from wrangler.toml (`unstable_getMiniflareWorkerOptions`), in
 * workerd through Miniflare — the same runtime `wrangler dev` uses, without its dev proxy.
 *
 * Why not `wrangler dev`: under sustained concurrent POSTs, wrangler 4.124's dev proxy loses a
 * connection to the user worker now and then ("Error inside ProxyWorker: Network connection
 * lost") and wrangler exits; its console path (the inspector, a debug log file) also costs more
 * CPU than the worker. `npm start` keeps `wrangler dev` (live reload); the bench needs a runtime
 * that stays up under load.
 */
import { join } from "node:path";
import { ROOT } from "../tools/wrangler.ts";

export interface LocalWorker {
  url: string;
  stop(): Promise<void>;
}

export async function startLocalWorker(opts: {
  script: string;
  port: number;
  persistTo: string;
  vars: Record<string, string>;
  onLine: (line: string) => void;
  /** What-if: the INBOX consumer's max_batch_timeout (seconds) instead of wrangler.toml's. */
  queueBatchTimeoutS?: number;
  /** Ingest runs: the queues are written but not consumed, so only the webhook's own work is measured. */
  withoutConsumers?: boolean;
}): Promise<LocalWorker> {
  // wrangler logs "Using secrets defined in .dev.vars" while reading the config; the bench uses none.
  process.env.WRANGLER_LOG ??= "error";
  const { unstable_getMiniflareWorkerOptions, unstable_readConfig } = await import("wrangler");
  const { Miniflare, convertV4MiniflareOptions } = await import("miniflare");
  const configPath = join(ROOT, "wrangler.toml");
  // modulesRules only matter to bundling (done already) and cannot be converted to Miniflare 5's options.
  const { modulesRules: _rules, ...workerOptions } = unstable_getMiniflareWorkerOptions(configPath).workerOptions;
  const inbox = (workerOptions.queueConsumers as Record<string, { maxBatchTimeout?: number }> | undefined)?.["atenbot-inbox"];
  if (inbox && opts.queueBatchTimeoutS !== undefined) inbox.maxBatchTimeout = opts.queueBatchTimeoutS;
  if (opts.withoutConsumers) delete (workerOptions as { queueConsumers?: unknown }).queueConsumers;
  // Only wrangler.toml's [vars] and ours: nothing from the developer's .dev.vars.
  const { vars } = unstable_readConfig({ config: configPath });
  // Miniflare 5 takes a new options shape; wrangler's options are the v4 one it converts.
  const mf = new Miniflare(convertV4MiniflareOptions({
    host: "127.0.0.1",
    port: opts.port,
    resourcePersistencePath: join(opts.persistTo, "v3"),
    logRequests: false,
    handleStructuredLogs: ({ message }) => {
      for (const line of message.split("\n")) opts.onLine(line);
    },
    workers: [
      {
        ...workerOptions,
        name: "atenbot",
        bindings: { ...(vars as Record<string, string>), ...opts.vars },
        modules: true,
        scriptPath: opts.script,
      },
    ],
  }));
  const url = await mf.ready;
  return {
    url: url.origin,
    stop: () => mf.dispose(),
  };
}
