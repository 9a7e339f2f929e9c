/**
 * `npm run bench -- --knowledge`: retrieval at the catalog limits, on the real worker.
 *
 * Serves the fake Gemini (model and embeddings) and the Evolution stand-in on loopback and the
 * bundled worker in workerd with METRICS=1, then:
 * 1. loads `--tenants` tenants (default 4) with 5,000 items each through the import route, the
 *    measured one also with 1,000 FAQs posted one by one (everything embedded by the fake, off
 *    the request path), so the keyword index holds every tenant's rows, as one database would;
 * 2. latency: `--queries` searches (default 400) on one of them through
 *    `GET /knowledge/search` — the same read and ranking a turn makes, plus the loopback HTTP
 *    around it, so an upper bound of what retrieval adds to a turn;
 * 3. D1 per answered burst: `--bursts` single-message bursts (default 100) to that tenant and as
 *    many to a tenant with the knowledge turned off (`knowledgeBudgetChars: 0`, no read), each
 *    phase's D1 statements and rows read counted by the worker's metrics; the difference is what
 *    knowledge adds; the worker times each of those turns' retrieval (read, query embedding,
 *    ranking) and prints it with its metrics: the in-turn figure;
 * 4. quality: every case of `quality-set.ts` as real turns on the demo bakery at
 *    `QUALITY_BUDGET_CHARS` (the previous message first for follow-ups), scored on the knowledge
 *    block of the system instruction the fake Gemini received.
 * Prints one JSON report as the last line of stdout.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { adminClient } from "../../tools/admin-client.ts";
import { bakeryKnowledge } from "../../tools/demo/bakery-knowledge.ts";
import { seedKnowledge } from "../../tools/demo/seed-knowledge.ts";
import { createEvolutionStandin } from "../../tools/fakes/evolution.ts";
import { createFakeGemini, type GeminiCall } from "../../tools/fakes/gemini.ts";
import { freePort, serve, type RunningServer } from "../../tools/http-server.ts";
import { sleep } from "../../tools/timing.ts";
import { textUpsert } from "../../tools/upsert.ts";
import { ROOT, applyMigrations, buildWorker, waitForHealth } from "../../tools/wrangler.ts";
import { startLocalWorker, type LocalWorker } from "../local-worker.ts";
import { knowledgeBlockOf } from "../../tools/knowledge-block.ts";
import { percentiles } from "../report.ts";
import { QUALITY_BUDGET_CHARS, QUALITY_SET, scoreQuality } from "./quality-set.ts";
import { catalogCsv, faqEntries, searchQueries } from "./synthetic.ts";

export interface KnowledgeBenchOptions {
  tenants: number;
  queries: number;
  bursts: number;
  dir: string;
  seed: number;
}

const progress = (text: string) => process.stderr.write(`bench │ ${text}\n`);

/** At most `n` tasks at once. */
async function pool<T>(items: T[], n: number, task: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) await task(items[i]!, i);
    }),
  );
}

export async function runKnowledgeBench(opts: KnowledgeBenchOptions): Promise<void> {
  const started = Date.now();
  const benchDir = resolve(ROOT, opts.dir);
  const stateDir = join(benchDir, "knowledge-state");
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(benchDir, { recursive: true });

  const calls: GeminiCall[] = [];
  const gemini = createFakeGemini({ latencyMs: 0, jitter: 0, onCall: (c) => calls.push(c) });
  const instances = {
    "kb-plain": "kb-token-plain",
    "kb-quality": "kb-token-quality",
    ...Object.fromEntries(Array.from({ length: opts.tenants }, (_, i) => [`kb-big-${i + 1}`, `kb-token-big-${i + 1}`])),
  } as Record<string, string>;
  /** Who is waiting for a reply, by the customer's JID. */
  const waiting = new Map<string, () => void>();
  const evolution = createEvolutionStandin({
    instances,
    delayScale: 0,
    keepEvents: 50,
    onEvent: (e) => {
      if (e.type !== "sent") return;
      waiting.get(e.jid)?.();
      waiting.delete(e.jid);
    },
  });

  let d1 = { statements: 0, read: 0 };
  let metricLines = 0;
  /** The worker's own timing of each turn's retrieval. */
  const turnRetrievalMs: number[] = [];
  const workerLog = createWriteStream(join(benchDir, "knowledge-worker.log"));
  const onLine = (line: string) => {
    if (!line.startsWith('{"msg":"metrics"')) {
      workerLog.write(`${line}\n`);
      return;
    }
    try {
      const m = JSON.parse(line) as { d1Statements?: number; d1Read?: number; knowledgeMs?: number[] };
      d1 = { statements: d1.statements + (m.d1Statements ?? 0), read: d1.read + (m.d1Read ?? 0) };
      if (phaseTimed) turnRetrievalMs.push(...(m.knowledgeMs ?? []));
      metricLines++;
    } catch {
      // a partial line
    }
  };

  /** Set while the big tenant's turns run: their retrieval times are the ones reported. */
  let phaseTimed = false;
  const servers: RunningServer[] = [];
  let worker: LocalWorker | null = null;
  try {
    const geminiServer = await serve(gemini.handle);
    const evolutionServer = await serve(evolution.handle);
    servers.push(geminiServer, evolutionServer);
    const adminToken = randomBytes(24).toString("hex");
    const port = await freePort();
    progress("bundling the worker");
    const script = await buildWorker(join(benchDir, "knowledge-build"));
    await applyMigrations({ persistTo: stateDir });
    progress(`starting the worker (log: ${join(benchDir, "knowledge-worker.log")})`);
    worker = await startLocalWorker({
      script,
      port,
      persistTo: stateDir,
      onLine,
      vars: {
        ADMIN_TOKEN: adminToken,
        SECRETS_KEY: randomBytes(32).toString("base64"),
        GEMINI_API_KEY: "bench-dummy-gemini-key",
        GEMINI_BASE_URL: geminiServer.url,
        EVOLUTION_URL: evolutionServer.url,
        EVOLUTION_API_KEY: "",
        METRICS: "1",
      },
    });
    await waitForHealth(worker);
    progress("worker up; loading the tenants");
    const base = worker.url;
    const admin = adminClient(base, adminToken);
    const auth = { authorization: `Bearer ${adminToken}` };
    const bot = (extra: Record<string, unknown> = {}) => ({ systemPrompt: "Você é a atendente virtual da padaria.", debounceMs: 0, maxWaitMs: 0, contactAiCallsPerHour: 1000, ...extra });
    for (const [instance, token] of Object.entries(instances)) {
      await admin.upsertTenant({ instance, name: `Padaria ${instance}`, evolution: { url: evolutionServer.url, apiKey: token }, bot: bot(instance === "kb-quality" ? { knowledgeBudgetChars: QUALITY_BUDGET_CHARS } : instance === "kb-plain" ? { knowledgeBudgetChars: 0 } : {}) });
    }

    // 1. The big tenants.
    const big = Object.keys(instances).filter((i) => i.startsWith("kb-big-"));
    const loadStarted = Date.now();
    for (const [n, instance] of big.entries()) {
      const t0 = Date.now();
      const csv = await fetch(`${base}/admin/tenants/${instance}/knowledge/import`, { method: "POST", headers: { ...auth, "content-type": "text/csv" }, body: catalogCsv(opts.seed + n) });
      const report = (await csv.json()) as { imported: number; errors: unknown[] };
      if (report.imported !== 5000) throw new Error(`import into ${instance}: ${JSON.stringify(report).slice(0, 300)}`);
      const importMs = Date.now() - t0;
      if (n > 0) {
        progress(`${instance}: 5,000 items imported in ${importMs} ms`);
        continue;
      }
      await pool(faqEntries(opts.seed + n), 2, async (faq) => {
        const res = await fetchRetrying(`${base}/admin/tenants/${instance}/knowledge`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ kind: "faq", ...faq }) });
        // 409: a retried POST whose first attempt had gone through filled the last places.
        if (res.status !== 201 && res.status !== 409) throw new Error(`faq into ${instance}: ${res.status} ${await res.text()}`);
      });
      progress(`${instance}: 5,000 items imported in ${importMs} ms, 1,000 FAQs in ${Date.now() - t0 - importMs} ms`);
    }
    await seedKnowledge(base, adminToken, "kb-quality", bakeryKnowledge());
    const loadMs = Date.now() - loadStarted;
    // Let the embeddings (written off the request path) finish before measuring.
    let embedded = -1;
    for (let quiet = 0; quiet < 3; ) {
      await sleep(1000);
      const now = gemini.embeddings.reduce((n, e) => n + (e.ok ? e.texts : 0), 0);
      quiet = now === embedded ? quiet + 1 : 0;
      embedded = now;
    }
    progress(`loaded ${big.length} tenants (5,000 items each, 1,000 FAQs on the first) in ${Math.round(loadMs / 1000)} s; ${embedded} texts embedded`);

    // 2. Latency of retrieval for the first big tenant.
    const target = big[0]!;
    const queries = searchQueries(opts.seed, opts.queries);
    const latencies: number[] = [];
    let hitsWithItems = 0;
    for (const q of queries) {
      const t0 = performance.now();
      const res = await fetch(`${base}/admin/tenants/${target}/knowledge/search?q=${encodeURIComponent(q)}`, { headers: auth });
      const body = (await res.json()) as { items: unknown[] };
      latencies.push(performance.now() - t0);
      if (body.items.length > 0) hitsWithItems++;
    }
    const searchMs = percentiles(latencies);
    progress(`search p50/p95/p99 ${searchMs.p50}/${searchMs.p95}/${searchMs.p99} ms over ${queries.length} queries (${hitsWithItems} with entries)`);

    // 3. D1 per answered burst, with and without knowledge.
    const flush = async () => {
      await sleep(1100);
      const before = metricLines;
      await fetch(`${base}/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(textUpsert({ instance: "kb-flush", apikey: "none", number: "5511900000000", pushName: "flush", text: "flush" })) });
      const deadline = Date.now() + 5000;
      while (metricLines === before && Date.now() < deadline) await sleep(50);
      await sleep(300);
    };
    const turn = async (instance: string, number: string, text: string) => {
      const jid = `${number}@s.whatsapp.net`;
      const answered = new Promise<void>((done) => waiting.set(jid, done));
      const res = await fetch(`${base}/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(textUpsert({ instance, apikey: instances[instance]!, number, pushName: "Cliente", text })) });
      if (res.status !== 200) throw new Error(`webhook ${instance}: ${res.status}`);
      await Promise.race([answered, sleep(30_000).then(() => Promise.reject(new Error(`no reply for ${instance} ${number}`)))]);
    };
    // What a flush itself costs, taken out of each phase.
    await flush();
    const calibrated = { ...d1 };
    await flush();
    const flushCost = { statements: d1.statements - calibrated.statements, read: d1.read - calibrated.read };
    const phase = async (instance: string, offset: number) => {
      await flush();
      const before = { ...d1 };
      for (let i = 0; i < opts.bursts; i++) await turn(instance, `55119${String(offset + i).padStart(8, "0")}`, queries[i % queries.length]!);
      await flush();
      return {
        statements: (d1.statements - before.statements - flushCost.statements) / opts.bursts,
        rowsRead: (d1.read - before.read - flushCost.read) / opts.bursts,
      };
    };
    const plain = await phase("kb-plain", 10_000);
    phaseTimed = true;
    const withKnowledge = await phase(target, 20_000);
    phaseTimed = false;
    const inTurnMs = percentiles(turnRetrievalMs);
    progress(`retrieval inside the turn (worker's timing, ${turnRetrievalMs.length} turns): p50/p95/p99 ${inTurnMs.p50}/${inTurnMs.p95}/${inTurnMs.p99} ms`);
    const perBurst = {
      withoutKnowledge: round(plain),
      withKnowledge: round(withKnowledge),
      addedStatements: Math.round((withKnowledge.statements - plain.statements) * 100) / 100,
      addedRowsRead: Math.round(withKnowledge.rowsRead - plain.rowsRead),
    };
    progress(`D1 per answered burst: ${JSON.stringify(perBurst)}`);

    // 4. Quality on the demo bakery.
    const blocks: string[] = new Array(QUALITY_SET.length).fill("");
    await pool(QUALITY_SET, 6, async (c, i) => {
      const number = `55219${String(30_000 + i).padStart(8, "0")}`;
      if (c.previous) await turn("kb-quality", number, c.previous);
      await turn("kb-quality", number, c.question);
      const call = [...calls].reverse().find((k) => k.lastUserTexts.some((t) => t.includes(c.question)));
      blocks[i] = call ? knowledgeBlockOf(call.systemInstruction) : "";
    });
    const quality = scoreQuality(QUALITY_SET, blocks);
    progress(`quality: ${quality.hits}/${quality.cases} (${Math.round(quality.hitRate * 1000) / 10}%) at a ${QUALITY_BUDGET_CHARS}-character budget`);

    const report = {
      knowledge: {
        tenants: big.length,
        measuredTenant: { items: 5000, faqs: 1000 },
        otherTenants: { count: big.length - 1, items: 5000 },
        embeddedTexts: embedded,
        loadSeconds: Math.round(loadMs / 1000),
        retrievalInTurnMs: { ...inTurnMs, turns: turnRetrievalMs.length },
        searchRouteMs: searchMs,
        searchQueries: queries.length,
        d1PerAnsweredBurst: perBurst,
        quality: { cases: quality.cases, hits: quality.hits, hitRate: Math.round(quality.hitRate * 1000) / 1000, budgetChars: QUALITY_BUDGET_CHARS, misses: quality.misses },
        seconds: Math.round((Date.now() - started) / 1000),
      },
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    workerLog.end();
    await worker?.stop().catch(() => {});
    await Promise.all(servers.map((s) => s.close().catch(() => {})));
  }
}

/** A loopback fetch, tried again when the connection itself failed (never for an HTTP answer). */
async function fetchRetrying(url: string, init: RequestInit, attempts = 6): Promise<Response> {
  for (let i = 1; ; i++) {
    try {
      return await fetch(url, init);
    } catch (err) {
      if (i >= attempts) throw new Error(`${url}: ${err instanceof Error ? `${err.message} (${String((err as { cause?: unknown }).cause)})` : String(err)}`);
      progress(`retrying after: ${err instanceof Error ? String((err as { cause?: unknown }).cause ?? err.message) : String(err)}`);
      await sleep(1000 * i);
    }
  }
}

function round(v: { statements: number; rowsRead: number }) {
  return { statements: Math.round(v.statements * 100) / 100, rowsRead: Math.round(v.rowsRead) };
}
