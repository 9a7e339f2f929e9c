/**
 * `npm run bench`: the whole pipeline under load on this machine.
 *
 * Starts a fake Gemini and the Evolution stand-in (as fake Evolution) on 127.0.0.1, bundles the
 * worker as `wrangler deploy` would and serves it in workerd on a free port with its own state
 * (`.bench/state`) and vars (METRICS=1, a dummy GEMINI_API_KEY, the fakes' URLs; `.dev.vars` is
 * not read), seeds N tenants, and plays many WhatsApp customers: bursts of 1–4 messages a few
 * hundred ms apart, duplicate deliveries (same key.id 2–3 times) and deliveries out of
 * messageTimestamp order. It waits until every burst is answered and the pipeline is quiet, and
 * prints one JSON report as the last line of stdout (progress goes to stderr). See bench/README.md.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { adminClient } from "../tools/admin-client.ts";
import { createEvolutionStandin, type StandinEvent } from "../tools/fakes/evolution.ts";
import { freePort, serve, type RunningServer } from "../tools/http-server.ts";
import { messageId, textUpsert } from "../tools/upsert.ts";
import { ROOT, applyMigrations, buildWorker, waitForHealth } from "../tools/wrangler.ts";
import { createFakeGemini, type GeminiCall } from "../tools/fakes/gemini.ts";
import { runIngest } from "./ingest.ts";
import { startLocalWorker, type LocalWorker } from "./local-worker.ts";
import { USAGE, parseOptions, type BenchOptions } from "./options.ts";
import { WorkerCounters, answerSeqOf, buildReport, contactKeyOf, parseTags, type BenchMessage, type Burst, type Delivery } from "./report.ts";
import { seeded, sleep } from "../tools/timing.ts";

const progress = (text: string) => process.stderr.write(`bench │ ${text}\n`);


/** What customers say (no handoff keyword, so every burst goes to the model). */
const PHRASES = [
  "oi, bom dia!",
  "vocês abrem amanhã cedo?",
  "quanto está o pão de queijo?",
  "tem bolo de cenoura hoje?",
  "dá pra entregar na Vila Mariana?",
  "queria encomendar um bolo para sábado",
  "aceitam cartão?",
  "obrigada!",
  "e o croissant, tem?",
  "qual o valor da entrega?",
  "vocês fazem salgados para festa?",
  "pode ser às 10h?",
];

/**
 * A bakery's profile of realistic size (~900 tokens): with it the prompt is the size real
 * tenants send, and its stable part is long enough for Gemini's implicit cache (1,024 tokens).
 */
const PROFILE = (n: number) =>
  [
    `Padaria Bench ${n}, Rua das Flores, ${100 + n}, Vila Mariana, São Paulo. Aberta de segunda a sábado das 6h às 20h e domingo das 7h às 13h.`,
    "Cardápio e preços: pão francês R$ 0,90 a unidade; pão de queijo R$ 4,50; croissant de manteiga R$ 8,00; croissant de chocolate R$ 9,50; baguete R$ 7,00; pão de forma integral R$ 12,00; bolo de cenoura com cobertura de chocolate R$ 38,00 inteiro ou R$ 7,00 a fatia; bolo de fubá R$ 30,00; bolo de laranja R$ 32,00; torta de limão R$ 55,00; quiche de alho-poró R$ 12,00 a fatia; coxinha R$ 7,50; empada de palmito R$ 8,00; esfiha de carne R$ 6,50; café coado R$ 5,00; cappuccino R$ 9,00; suco de laranja R$ 10,00.",
    "Encomendas: bolos inteiros e salgados para festa com 48 horas de antecedência, pedido mínimo de 50 salgados (cento a R$ 120,00), sinal de 50% por Pix. Bolos decorados a partir de R$ 90,00 (1,5 kg). Tortas salgadas por encomenda.",
    "Entrega: pelo próprio time da padaria num raio de 5 km (Vila Mariana, Moema, Paraíso, Saúde e Aclimação), taxa de R$ 8,00, grátis acima de R$ 80,00; entregas das 8h às 19h. Fora desse raio, só retirada no balcão.",
    "Pagamento: Pix, dinheiro, cartões de débito e crédito (Visa, Mastercard, Elo) e vale-refeição (Alelo, Sodexo, VR). Não aceitamos cheque.",
    "Alergias e restrições: pão sem glúten às terças e sextas (encomendar na véspera); opções sem lactose: pão francês, baguete e bolo de laranja. Todos os produtos podem conter traços de leite, ovos, trigo e castanhas.",
    "Políticas: trocas de produtos com defeito no mesmo dia, com o cupom; cancelamento de encomenda sem custo até 24 horas antes, depois disso o sinal não é devolvido. Não fazemos reservas de mesa.",
    "Estacionamento conveniado na Rua das Flores, 150 (30 minutos grátis com compra acima de R$ 30,00). Wi-Fi para clientes: PadariaBench-Clientes.",
    "Café da manhã no balcão das 6h às 11h: pão na chapa com manteiga R$ 6,00, misto quente R$ 14,00, omelete com queijo R$ 18,00, tapioca de queijo coalho R$ 15,00, iogurte com granola e frutas R$ 16,00, vitamina de banana R$ 12,00. Combo café coado + pão de queijo R$ 8,50.",
    "Almoço de segunda a sexta das 11h30 às 14h30: prato do dia R$ 32,00 (segunda feijoada leve, terça frango assado, quarta lasanha à bolonhesa, quinta picadinho com arroz e farofa, sexta peixe grelhado com legumes), salada do dia R$ 24,00, sopa do dia R$ 19,00 (só no inverno).",
  ].join("\n");

/** At most `n` tasks at once. */
function limiter(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

interface Contact {
  key: string;
  instance: string;
  token: string;
  number: string;
  jid: string;
  name: string;
  lastTs: number;
  open: Burst | null;
  last: Burst | null;
  answered: (() => void) | null;
}

async function main(opts: BenchOptions): Promise<void> {
  const started = Date.now();
  const rand = seeded(opts.seed);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!;
  const between = (lo: number, hi: number) => lo + rand() * (hi - lo);

  const benchDir = resolve(ROOT, opts.dir);
  const stateDir = join(benchDir, "state");
  if (!opts.keepState) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(benchDir, { recursive: true });

  // Tenants and contacts.
  const tenants = Array.from({ length: opts.tenants }, (_, i) => ({
    n: i + 1,
    instance: `bench-t${String(i + 1).padStart(2, "0")}`,
    token: `bench-token-${i + 1}-${randomBytes(6).toString("hex")}`,
  }));
  const contacts: Contact[] = [];
  const contactByJid = new Map<string, Contact>();
  for (const t of tenants) {
    for (let c = 1; c <= opts.contacts; c++) {
      const number = `55${11 + (t.n % 80)}9${String(t.n).padStart(2, "0")}${String(c).padStart(6, "0")}`;
      const contact: Contact = {
        key: contactKeyOf(t.n, c),
        instance: t.instance,
        token: t.token,
        number,
        jid: `${number}@s.whatsapp.net`,
        name: `Cliente ${t.n}.${c}`,
        lastTs: 0,
        open: null,
        last: null,
        answered: null,
      };
      contacts.push(contact);
      contactByJid.set(`${t.instance}|${contact.jid}`, contact);
    }
  }

  // Bookkeeping shared with the fakes' callbacks.
  const bursts: Burst[] = [];
  const burstByKey = new Map<string, Burst>();
  const deliveries: Delivery[] = [];
  const callBySeq = new Map<number, GeminiCall>();
  const sendTextDelaysMs: number[] = [];
  let evolutionFailures = 0;
  /** Non-200 webhook answers by status (0: no answer). */
  const webhookFailures = new Map<number, number>();
  let strayReplies = 0;
  let lastActivityAt = Date.now();

  /** The burst a reply or typing event belongs to: by the answer's tags, else the open one. */
  function burstFor(contact: Contact, text: string | null): Burst | null {
    const seq = text ? answerSeqOf(text) : null;
    const call = seq !== null ? callBySeq.get(seq) : undefined;
    if (call) {
      const keys = parseTags(call.lastUserTexts.join("\n")).map((t) => t.burstKey);
      const owned = keys.map((k) => burstByKey.get(k)).filter((b): b is Burst => !!b && b.contactKey === contact.key);
      if (owned.length) return owned.reduce((a, b) => (b.n > a.n ? b : a));
    }
    return contact.open ?? contact.last;
  }

  function onEvolution(e: StandinEvent): void {
    lastActivityAt = Date.now();
    const contact = contactByJid.get(`${e.instance}|${e.jid}`);
    if (!contact) {
      if (e.type === "sent") strayReplies++;
      return;
    }
    const burst = burstFor(contact, e.text);
    if (e.type === "failed") {
      evolutionFailures++;
      if (burst) burst.evolutionFailures++;
      return;
    }
    if (!burst) {
      if (e.type === "sent") strayReplies++;
      return;
    }
    if (e.type === "typing") {
      burst.firstSendTextAt ??= e.at;
      sendTextDelaysMs.push(e.delayMs);
    } else if (e.type === "sent") {
      burst.replies.push({ at: e.at, text: e.text ?? "", answerSeq: answerSeqOf(e.text ?? "") });
      if (burst === contact.open) {
        contact.open = null;
        contact.answered?.();
      }
    }
  }

  const gemini = createFakeGemini({
    latencyMs: opts.geminiLatencyMs,
    rate429: opts.gemini429Rate,
    rate500: opts.gemini500Rate,
    timeoutRate: opts.geminiTimeoutRate,
    retryDelay: "1s",
    respond: (call) => {
      const tags = parseTags(call.lastUserTexts.join("\n"));
      return { text: `Certo! (ans=${call.seq}) Recebi ${tags.map((t) => `{${t.burstKey}m${t.idx}}`).join(" ")} e já te ajudo.` };
    },
    onCall: (call) => {
      lastActivityAt = Date.now();
      callBySeq.set(call.seq, call);
    },
  });
  const evolution = createEvolutionStandin({
    instances: Object.fromEntries(tenants.map((t) => [t.instance, t.token])),
    delayScale: opts.evolutionDelayScale,
    sendFailureRate: opts.evolution500Rate,
    keepEvents: 100,
    onEvent: onEvolution,
  });

  const servers: RunningServer[] = [];
  let dev: LocalWorker | null = null;
  const cleanup = async () => {
    await dev?.stop().catch(() => {});
    await Promise.all(servers.map((s) => s.close().catch(() => {})));
  };
  const onSignal = () => {
    progress("interrupted; stopping…");
    void cleanup().then(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const counters = new WorkerCounters();
  let counting = false;
  let d1Size = 0;
  let workerErrors = 0;
  let metricLines = 0;
  const tail: string[] = [];
  const workerLog = createWriteStream(join(benchDir, "worker.log"));
  const onLine = (line: string) => {
    workerLog.write(`${line}\n`);
    if (line.startsWith('{"msg":"metrics"')) {
      try {
        const m = JSON.parse(line) as Record<string, unknown>;
        if (typeof m.d1Size === "number" && m.d1Size > 0) d1Size = m.d1Size;
        metricLines++;
        if (counting) counters.add(m);
      } catch {
        // a partial line: ignore
      }
      return;
    }
    if (line.includes('"level":"error"')) workerErrors++;
    if (opts.verbose) process.stderr.write(`worker │ ${line}\n`);
    tail.push(line);
    if (tail.length > 60) tail.shift();
  };

  try {
    const geminiServer = await serve(gemini.handle);
    const evolutionServer = await serve(evolution.handle);
    servers.push(geminiServer, evolutionServer);
    const port = await freePort();
    const adminToken = randomBytes(24).toString("hex");
    const vars = {
      ADMIN_TOKEN: adminToken,
      SECRETS_KEY: randomBytes(32).toString("base64"),
      GEMINI_API_KEY: "bench-dummy-gemini-key",
      GEMINI_BASE_URL: geminiServer.url,
      EVOLUTION_URL: evolutionServer.url,
      EVOLUTION_API_KEY: "",
      METRICS: "1",
    };

    progress("bundling the worker (wrangler deploy --dry-run)");
    const buildDir = join(benchDir, "build");
    rmSync(buildDir, { recursive: true, force: true });
    const script = await buildWorker(buildDir);
    progress(`applying migrations to ${stateDir}`);
    await applyMigrations({ persistTo: stateDir });
    progress(`starting the worker in workerd on 127.0.0.1:${port} (fake Gemini ${geminiServer.url}, fake Evolution ${evolutionServer.url})`);
    dev = await startLocalWorker({ script, port, persistTo: stateDir, vars, onLine, queueBatchTimeoutS: opts.queueBatchTimeoutS });
    await waitForHealth(dev).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${tail.join("\n")}`);
    });

    const admin = adminClient(dev.url, adminToken);
    const seedLimit = limiter(4);
    await Promise.all(
      tenants.map((t) =>
        seedLimit(() =>
          admin.upsertTenant({
            instance: t.instance,
            name: `Padaria Bench ${t.n}`,
            evolution: { url: evolutionServer.url, apiKey: t.token },
            bot: {
              systemPrompt: `Você é a atendente virtual da Padaria Bench ${t.n}.`,
              businessProfile: PROFILE(t.n),
              debounceMs: opts.debounceMs,
              maxWaitMs: 15_000,
              aiTimeoutMs: Math.max(1000, Math.min(120_000, Math.round(opts.geminiLatencyMs * 2 + 800))),
              contactAiCallsPerHour: 1000,
            },
          }),
        ),
      ),
    );
    progress(`seeded ${tenants.length} tenants; ${contacts.length} customers × ${opts.bursts} bursts, ${opts.concurrency} writing at a time`);

    const webhookUrl = `${dev.url}/webhook`;
    /**
     * The worker prints its counts at most once a second, so some may still be pending: after a
     * quiet second, one webhook for an unknown instance (a counted request, answered 401) makes it
     * print them.
     */
    const flushWorkerCounts = async () => {
      await sleep(1100);
      const before = metricLines;
      const body = textUpsert({ instance: "bench-flush", apikey: "none", number: "5511900000000", pushName: "flush", text: "flush" });
      await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.arrayBuffer());
      const deadline = Date.now() + 5000;
      while (metricLines === before && Date.now() < deadline) await sleep(50);
      await sleep(200);
    };

    // Seeding is not part of the measured load: print its counts first, then count.
    await flushWorkerCounts();
    const d1SizeBefore = d1Size;
    counting = true;
    const loadStartedAt = Date.now();
    let firstPostAt = Number.POSITIVE_INFINITY;
    let lastAckAt = 0;

    /** One webhook POST, retried like Evolution retries a non-2xx (1 s, 2 s …). */
    async function deliver(contact: Contact, m: BenchMessage, flags: { duplicate: boolean; late: boolean }): Promise<number> {
      const body = JSON.stringify(
        textUpsert({ instance: contact.instance, apikey: contact.token, number: contact.number, pushName: contact.name, text: m.text, id: m.id, timestamp: m.ts, destination: webhookUrl }),
      );
      let attempts = 0;
      for (;;) {
        attempts++;
        const t0 = performance.now();
        const at = Date.now();
        firstPostAt = Math.min(firstPostAt, at);
        let status = 0;
        try {
          const res = await fetch(webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(30_000) });
          status = res.status;
          await res.arrayBuffer();
        } catch {
          status = 0;
        }
        lastAckAt = Date.now();
        const result = { at, status, ackMs: performance.now() - t0 };
        if (result.status !== 200) webhookFailures.set(result.status, (webhookFailures.get(result.status) ?? 0) + 1);
        if (result.status === 200 || attempts >= 6) {
          deliveries.push({ ...flags, ackMs: result.ackMs, status: result.status, attempts });
          return result.at;
        }
        await sleep(1000 * 2 ** (attempts - 1));
      }
    }

    async function runBurst(contact: Contact, n: number): Promise<void> {
      const size = 1 + Math.floor(rand() * 4);
      const key = `${contact.key}b${n}`;
      const nowTs = Math.floor(Date.now() / 1000);
      const firstTs = Math.max(contact.lastTs + 1, nowTs - (size - 1));
      const messages: BenchMessage[] = Array.from({ length: size }, (_, i) => ({
        key: `${key}m${i + 1}`,
        burstKey: key,
        idx: i + 1,
        id: messageId(),
        ts: firstTs + i,
        text: `${pick(PHRASES)} {${key}m${i + 1}}`,
      }));
      contact.lastTs = firstTs + size - 1;
      // Delivery order: sometimes not messageTimestamp order; some messages 2–3 times, a few of
      // the copies only after the reply (Evolution retries for up to 20 minutes).
      let order = messages.map((_, i) => i);
      const reordered = size > 1 && rand() < opts.reorderRate;
      if (reordered) {
        do order = order.map((i) => ({ i, r: rand() })).sort((a, b) => a.r - b.r).map((x) => x.i);
        while (order.every((x, i) => x === i));
      }
      const plan: { idx: number; duplicate: boolean }[] = order.map((idx) => ({ idx, duplicate: false }));
      const late: number[] = [];
      let duplicates = 0;
      for (let i = 0; i < size; i++) {
        if (rand() >= opts.duplicateRate) continue;
        const copies = 1 + Math.floor(rand() * 2);
        duplicates += copies;
        for (let k = 0; k < copies; k++) {
          if (rand() < 0.25) late.push(i);
          else {
            const first = plan.findIndex((p) => p.idx === i);
            const at = first + 1 + Math.floor(rand() * (plan.length - first));
            plan.splice(at, 0, { idx: i, duplicate: true });
          }
        }
      }
      const burst: Burst = { key, contactKey: contact.key, n, messages, lastNewPostAt: null, reordered, duplicates, firstSendTextAt: null, replies: [], evolutionFailures: 0, timedOut: false };
      bursts.push(burst);
      burstByKey.set(key, burst);
      contact.open = burst;
      contact.last = burst;
      const answered = new Promise<void>((resolve) => (contact.answered = resolve));

      for (const [i, step] of plan.entries()) {
        if (i > 0) await sleep(between(100, 400));
        const postedAt = await deliver(contact, messages[step.idx]!, { duplicate: step.duplicate, late: false });
        if (!step.duplicate) burst.lastNewPostAt = Math.max(burst.lastNewPostAt ?? 0, postedAt);
      }
      const timeout = sleep(opts.replyTimeoutMs).then(() => "timeout" as const);
      if ((await Promise.race([answered.then(() => "answered" as const), timeout])) === "timeout") {
        burst.timedOut = true;
        if (contact.open === burst) contact.open = null;
        progress(`no reply for ${key} within ${opts.replyTimeoutMs} ms`);
      }
      contact.answered = null;
      for (const idx of late) {
        await sleep(between(50, 300));
        await deliver(contact, messages[idx]!, { duplicate: true, late: true });
      }
    }

    // `concurrency` senders: each plays one customer at a time (all its bursts), then the next;
    // customers are shuffled so every tenant is busy from the start.
    const queue = contacts.map((c) => ({ c, r: rand() })).sort((a, b) => a.r - b.r).map((x) => x.c);
    let done = 0;
    const reporter = setInterval(() => progress(`${done}/${contacts.length} customers done, ${deliveries.length} webhooks, ${gemini.calls.length} model calls`), 5000);
    await Promise.all(
      Array.from({ length: Math.min(opts.concurrency, contacts.length) }, async () => {
        await sleep(rand() * 1000);
        for (let contact = queue.shift(); contact; contact = queue.shift()) {
          for (let n = 1; n <= opts.bursts; n++) {
            await runBurst(contact, n);
            if (n < opts.bursts) await sleep(between(200, 800));
          }
          done++;
        }
      }),
    );
    clearInterval(reporter);

    // Drain: nothing more may arrive (late duplicates must stay unanswered), then the last metric lines.
    const quietFor = Math.max(2000, opts.debounceMs + 1500);
    const drainDeadline = Date.now() + 60_000;
    while (Date.now() - lastActivityAt < quietFor && Date.now() < drainDeadline) await sleep(100);
    await flushWorkerCounts();
    counters.webhookRequests -= 1; // the flush request itself
    const loadEndedAt = Date.now();
    counting = false;
    const hostileBody = await timeHostileBody(webhookUrl);

    const report = buildReport({
      config: {
        tenants: opts.tenants,
        contacts: opts.contacts,
        bursts: opts.bursts,
        concurrency: opts.concurrency,
        debounceMs: opts.debounceMs,
        geminiLatencyMs: opts.geminiLatencyMs,
        gemini429Rate: opts.gemini429Rate,
        gemini500Rate: opts.gemini500Rate,
        geminiTimeoutRate: opts.geminiTimeoutRate,
        evolution500Rate: opts.evolution500Rate,
        evolutionDelayScale: opts.evolutionDelayScale,
        duplicateRate: opts.duplicateRate,
        reorderRate: opts.reorderRate,
        seed: opts.seed,
        queueBatchTimeoutS: opts.queueBatchTimeoutS ?? "wrangler.toml",
      },
      bursts,
      deliveries,
      calls: gemini.calls,
      sendTextDelaysMs,
      evolutionFailures,
      counters,
      d1SizeBefore,
      loadStartedAt,
      loadEndedAt,
      firstPostAt: Number.isFinite(firstPostAt) ? firstPostAt : loadStartedAt,
      lastAckAt: lastAckAt || loadEndedAt,
      debounceMs: opts.debounceMs,
      workerErrors,
      strayReplies,
      hostileBody,
    });
    await cleanup();
    dev = null;
    workerLog.end();
    if (webhookFailures.size) progress(`webhook failures by status: ${JSON.stringify(Object.fromEntries(webhookFailures))} (worker output in ${join(benchDir, "worker.log")})`);
    progress(
      `done in ${Math.round((Date.now() - started) / 1000)} s: ${report.details.messages} messages, ${report.details.webhookDeliveries} webhooks, ` +
        `lost ${report.messagesLost}, duplicate replies ${report.duplicateReplies}, order violations ${report.orderViolations}, ` +
        `ack p99 ${report.ackMs.p99} ms, overhead p50/p99 ${report.pipelineOverheadMs.p50}/${report.pipelineOverheadMs.p99} ms, US$${report.costPer1000Usd} per 1,000`,
    );
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await cleanup();
  }
}

/**
 * An unauthenticated 30 MB body of nested arrays against a webhook for an unknown instance: the
 * worker must refuse it (413) without reading or parsing it, in no more time than the small one
 * takes. Timed here, after the load, so that the tests only assert what happens.
 */
async function timeHostileBody(url: string): Promise<{ status: number; ms: number; unknownInstanceMs: number }> {
  const post = async (body: string) => {
    const t0 = performance.now();
    let status = 0;
    try {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      // The worker may close the connection once it has answered: the status is what counts.
    }
    return { status, ms: Math.round((performance.now() - t0) * 10) / 10 };
  };
  const unknown = await post(JSON.stringify(textUpsert({ instance: "bench-unknown", apikey: "none", number: "5511900000000", pushName: "x", text: "oi" })));
  const hostile = await post("[".repeat(30_000_000));
  return { status: hostile.status, ms: hostile.ms, unknownInstanceMs: unknown.ms };
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  process.exit(2);
}
const run = options.knowledge
  ? import("./knowledge/run.ts").then(({ runKnowledgeBench }) => runKnowledgeBench({ tenants: options.tenants, queries: options.queries, bursts: options.bursts, dir: options.dir, seed: options.seed }))
  : options.ingest
    ? runIngest(options)
    : main(options);
run.then(
  () => process.exit(0),
  (err: unknown) => {
    progress(`failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
