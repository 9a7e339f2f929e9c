/** Command-line options of `npm run bench`. */
import { parseArgs } from "node:util";

export interface BenchOptions {
  tenants: number;
  contacts: number;
  bursts: number;
  concurrency: number;
  geminiLatencyMs: number;
  gemini429Rate: number;
  gemini500Rate: number;
  geminiTimeoutRate: number;
  evolution500Rate: number;
  /** Tenants' debounceMs. */
  debounceMs: number;
  /** Multiplies Evolution's typing `delay` (the real delay is still what the bot asked for). */
  evolutionDelayScale: number;
  /** Share of messages delivered 2–3 times. */
  duplicateRate: number;
  /** Share of multi-message bursts delivered out of messageTimestamp order. */
  reorderRate: number;
  /** What-if: the INBOX consumer's max_batch_timeout in seconds (default: wrangler.toml's). */
  queueBatchTimeoutS: number | undefined;
  /** Longest wait for a burst's reply, ms. */
  replyTimeoutMs: number;
  seed: number;
  /** Working folder for state, bundle and worker log (default .bench). */
  dir: string;
  keepState: boolean;
  faults: boolean;
  quick: boolean;
  /** Ingest run: /webhook against the bare route, side by side. */
  ingest: boolean;
  /** Counted seconds of each of the eight ingest phases. */
  ingestSeconds: number;
  verbose: boolean;
  /** `--knowledge`: the retrieval benchmark instead of the load run (bench/knowledge/run.ts). */
  knowledge: boolean;
  /** `--knowledge`: searches timed. */
  queries: number;
}

export const USAGE = `usage: npm run bench -- [options]
  --tenants N               tenants (default 10; --quick 2)
  --contacts N              contacts per tenant (default 20; --quick 3)
  --bursts N                bursts per contact (default 3; --quick 2)
  --concurrency N           customers writing at the same time, each one a sender (default 50; --quick 6)
  --gemini-latency-ms MS    fake Gemini model time (default 200)
  --gemini-429-rate R       share of Gemini calls answered 429 with RetryInfo (default 0; --faults 0.08)
  --gemini-500-rate R       share answered 500 (default 0; --faults 0.05)
  --gemini-timeout-rate R   share that hang until the bot's aiTimeoutMs (default 0; --faults 0.03)
  --evolution-500-rate R    share of sendText calls answered 500 (default 0; --faults 0.05)
  --faults                  turn on the default fault mix above
  --ingest                  ingest only: /webhook against a bare parse-and-queue route, side by side
                            (--concurrency connections, default 50; no queue consumer)
  --ingest-seconds S        counted seconds of each of the eight alternating phases (default 5)
  --quick                   a few seconds: 2 tenants x 3 contacts x 2 bursts
  --debounce-ms MS          tenants' debounceMs (default 2000)
  --evolution-delay-scale F scale of Evolution's typing delay (default 0.05)
  --duplicate-rate R        share of messages delivered 2-3 times (default 0.3)
  --reorder-rate R          share of multi-message bursts delivered out of order (default 0.5)
  --reply-timeout-ms MS     longest wait for one reply (default 30000; with faults 120000)
  --queue-batch-timeout S   what-if: the INBOX consumer's max_batch_timeout (default: wrangler.toml's)
  --seed N                  workload seed (default: random)
  --dir DIR                 working folder: state, bundle, worker.log (default .bench)
  --keep-state              keep DIR/state from the previous run
  --verbose                 print the worker's output
  --knowledge               retrieval instead: --tenants (default 4) with 5,000 items (the first + 1,000 FAQs),
                            --queries N searches timed (default 400), --bursts N turns per phase for the
                            D1 count and the in-turn timing (default 100), and the quality set's hit rate`;

const FAULT_MIX = { gemini429Rate: 0.08, gemini500Rate: 0.05, geminiTimeoutRate: 0.03, evolution500Rate: 0.05 };

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenants: { type: "string" },
      contacts: { type: "string" },
      bursts: { type: "string" },
      concurrency: { type: "string" },
      "gemini-latency-ms": { type: "string" },
      "gemini-429-rate": { type: "string" },
      "gemini-500-rate": { type: "string" },
      "gemini-timeout-rate": { type: "string" },
      "evolution-500-rate": { type: "string" },
      "debounce-ms": { type: "string" },
      "evolution-delay-scale": { type: "string" },
      "duplicate-rate": { type: "string" },
      "reorder-rate": { type: "string" },
      "reply-timeout-ms": { type: "string" },
      "queue-batch-timeout": { type: "string" },
      seed: { type: "string" },
      dir: { type: "string" },
      "keep-state": { type: "boolean", default: false },
      faults: { type: "boolean", default: false },
      quick: { type: "boolean", default: false },
      ingest: { type: "boolean", default: false },
      "ingest-seconds": { type: "string" },
      verbose: { type: "boolean", default: false },
      knowledge: { type: "boolean", default: false },
      queries: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick;
  const faults = values.faults;
  const num = (name: keyof typeof values, fallback: number, check: (n: number) => boolean = (n) => n >= 0): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || !check(n)) throw new Error(`--${name}: invalid value ${JSON.stringify(raw)}`);
    return n;
  };
  const rate = (name: keyof typeof values, fallback: number) => num(name, fallback, (n) => n >= 0 && n <= 1);
  const positiveInt = (n: number) => Number.isInteger(n) && n > 0;
  const gemini429Rate = rate("gemini-429-rate", faults ? FAULT_MIX.gemini429Rate : 0);
  const gemini500Rate = rate("gemini-500-rate", faults ? FAULT_MIX.gemini500Rate : 0);
  const geminiTimeoutRate = rate("gemini-timeout-rate", faults ? FAULT_MIX.geminiTimeoutRate : 0);
  const evolution500Rate = rate("evolution-500-rate", faults ? FAULT_MIX.evolution500Rate : 0);
  const anyFault = gemini429Rate + gemini500Rate + geminiTimeoutRate + evolution500Rate > 0;
  return {
    tenants: num("tenants", values.knowledge ? 4 : quick ? 2 : 10, positiveInt),
    contacts: num("contacts", quick ? 3 : 20, positiveInt),
    bursts: num("bursts", values.knowledge ? 100 : quick ? 2 : 3, positiveInt),
    concurrency: num("concurrency", quick ? 6 : 50, positiveInt),
    geminiLatencyMs: num("gemini-latency-ms", 200),
    gemini429Rate,
    gemini500Rate,
    geminiTimeoutRate,
    evolution500Rate,
    debounceMs: num("debounce-ms", 2000, (n) => Number.isInteger(n) && n >= 0 && n <= 60_000),
    evolutionDelayScale: num("evolution-delay-scale", 0.05),
    duplicateRate: rate("duplicate-rate", 0.3),
    reorderRate: rate("reorder-rate", 0.5),
    queueBatchTimeoutS: values["queue-batch-timeout"] === undefined ? undefined : num("queue-batch-timeout", 1, (n) => n >= 0 && n <= 60),
    replyTimeoutMs: num("reply-timeout-ms", anyFault ? 120_000 : 30_000, positiveInt),
    seed: num("seed", Math.floor(Math.random() * 2 ** 31), Number.isInteger),
    dir: values.dir ?? ".bench",
    keepState: values["keep-state"],
    faults,
    quick,
    ingest: values.ingest,
    ingestSeconds: num("ingest-seconds", 5, (n) => n > 0 && n <= 120),
    verbose: values.verbose,
    knowledge: values.knowledge,
    queries: num("queries", 400, positiveInt),
  };
}
