/**
 * `npm start`: the whole bot on this machine.
 *
 * 1. creates `.dev.vars` from `.dev.vars.example` when absent;
 * 2. builds the panel (web/) into the Worker's static assets, and applies the D1 migrations to
 *    the local database;
 * 3. starts a stand-in for Evolution API on 127.0.0.1:8790 that records what the bot sends, and,
 *    without a GEMINI_API_KEY in `.dev.vars`, the fake Gemini on 127.0.0.1:8791 (its answers
 *    quote the business's knowledge);
 * 4. runs `wrangler dev` on 127.0.0.1:8787 and waits for /health;
 * 5. seeds the demo tenant "Padaria Pão Quente" (instance padaria-demo) through the admin API,
 *    its knowledge (catalog CSV, FAQs, policy document) through the knowledge routes, and its
 *    owner, who signs in to the panel;
 * 6. prints the panel's address, how to sign in, and tells you to run `npm run chat` in another terminal. Ctrl-C stops
 *    everything.
 *
 * Options: --quiet (hide the worker's request logs).
 */
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { adminClient } from "../tools/admin-client.ts";
import { DEMO_DEBOUNCE_MS, DEMO_INSTANCE, DEMO_NAME, DEMO_OWNER, DEMO_TOKEN, FAKE_GEMINI_PORT, STANDIN_PORT, STANDIN_URL, WORKER_PORT, WORKER_URL, demoTenant } from "../tools/demo.ts";
import { bakeryKnowledge } from "../tools/demo/bakery-knowledge.ts";
import { seedKnowledge } from "../tools/demo/seed-knowledge.ts";
import { createFakeGemini } from "../tools/fakes/gemini.ts";
import { ensureDemoOwner } from "../tools/demo-owner.ts";
import { readDevVars } from "../tools/dev-vars.ts";
import { createEvolutionStandin, type StandinEvent } from "../tools/fakes/evolution.ts";
import { portInUse, serve, type RunningServer } from "../tools/http-server.ts";
import { buildPanel } from "../tools/panel.ts";
import { ROOT, applyMigrations, startWranglerDev, waitForHealth, type DevProcess } from "../tools/wrangler.ts";
import { dim, bold, green, yellow, red, cyan } from "../tools/colors.ts";

const quiet = process.argv.includes("--quiet");
const tty = process.stdout.isTTY;

const say = (line = "") => console.log(line);
const step = (text: string) => say(`${cyan("▸")} ${text}`);

let dev: DevProcess | null = null;
let standin: RunningServer | null = null;
let fakeGemini: RunningServer | null = null;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say();
    step("stopping…");
    await dev?.stop().catch(() => {});
    await standin?.close().catch(() => {});
    await fakeGemini?.close().catch(() => {});
    say(dim("stopped."));
  }
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));

/** Wrangler lines that only say the machine is offline or are wrangler's own chatter. */
const NOISE = [/Request\.cf/, /getaddrinfo|GetAddrInfoReqWrap|callbackTrampoline/, /update available/i, /telemetry/i, /^─+$/, /^\s*$/];

/** Worker output, condensed: JSON log lines become one short line each. */
function workerLine(raw: string): void {
  const line = tty ? raw : raw.replace(/\x1b\[[0-9;]*m/g, "");
  if (quiet || NOISE.some((re) => re.test(line))) return;
  if (line.startsWith("{")) {
    try {
      const log = JSON.parse(line) as Record<string, unknown>;
      if (log.msg === "metrics") return;
      const { level, msg, requestId: _r, ...rest } = log;
      const fields = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
      const tag = level === "error" ? red("error") : level === "warn" ? yellow("warn ") : dim("info ");
      say(`${dim("worker │")} ${tag} ${msg as string} ${dim(fields)}`);
      return;
    } catch {
      // not JSON after all
    }
  }
  if (/^\[wrangler:info\] (GET|POST|PATCH|DELETE) /.test(line)) return; // the worker logs its own requests
  say(`${dim("worker │")} ${dim(line)}`);
}

function standinLine(e: StandinEvent): void {
  const to = e.jid.split("@")[0]!;
  const text = (e.text ?? "").replace(/\s*\n\s*/g, " ⏎ ");
  if (e.type === "typing") say(`${dim("evolution │")} sendText → ${to} ${dim(`(digitando ${e.delayMs} ms)`)} ${text.length > 90 ? `${text.slice(0, 90)}…` : text}`);
  else if (e.type === "presence" || e.type === "read" || e.type === "media") say(`${dim("evolution │")} ${e.type} ${to}`);
}

async function main(): Promise<void> {
  say(bold("AtenBot — local run"));

  const devVarsPath = join(ROOT, ".dev.vars");
  if (!existsSync(devVarsPath)) {
    copyFileSync(join(ROOT, ".dev.vars.example"), devVarsPath);
    step(`created ${bold(".dev.vars")} from .dev.vars.example (put a GEMINI_API_KEY there to turn the AI on)`);
  }
  const vars = readDevVars(devVarsPath);
  if (!vars.ADMIN_TOKEN) throw new Error(".dev.vars has no ADMIN_TOKEN (see .dev.vars.example)");
  const aiOn = Boolean(vars.GEMINI_API_KEY?.trim());

  const ports: [number, string][] = [[WORKER_PORT, "the worker"], [STANDIN_PORT, "the Evolution stand-in"]];
  if (!aiOn) ports.push([FAKE_GEMINI_PORT, "the fake Gemini"]);
  for (const [port, what] of ports) {
    if (await portInUse(port)) {
      throw new Error(`port ${port} (${what}) is already in use — is another \`npm start\` running? Stop it first.`);
    }
  }

  const evolution = createEvolutionStandin({
    instances: { [DEMO_INSTANCE]: DEMO_TOKEN },
    globalApiKey: vars.EVOLUTION_API_KEY || null,
    delayScale: 1,
    info: { workerUrl: WORKER_URL, instance: DEMO_INSTANCE, tenantName: DEMO_NAME, aiEnabled: aiOn, debounceMs: DEMO_DEBOUNCE_MS, ready: false },
    onEvent: quiet ? undefined : standinLine,
  });
  standin = await serve(evolution.handle, { port: STANDIN_PORT });
  step(`Evolution stand-in on ${STANDIN_URL} (sendText, sendPresence, markMessageAsRead, getBase64FromMediaMessage, connectionState)`);

  if (!aiOn) {
    fakeGemini = await serve(createFakeGemini({ latencyMs: 300 }).handle, { port: FAKE_GEMINI_PORT });
    step(`fake Gemini on ${fakeGemini.url} (no GEMINI_API_KEY in .dev.vars): answers quote the knowledge`);
  }

  step("building the panel and applying D1 migrations to the local database…");
  await Promise.all([buildPanel(), applyMigrations()]);

  step(`starting the worker (wrangler dev) on ${WORKER_URL}…`);
  const fakeAi: Record<string, string> = fakeGemini ? { GEMINI_API_KEY: "fake-gemini-local-key", GEMINI_BASE_URL: fakeGemini.url } : {};
  const started = startWranglerDev({ port: WORKER_PORT, vars: { EVOLUTION_URL: STANDIN_URL, ...fakeAi }, onLine: workerLine });
  dev = started;
  void started.exited.then((code) => {
    if (!stopping) {
      say(red(`wrangler dev exited (code ${code}).`));
      void shutdown(1);
    }
  });
  await waitForHealth(started);

  const seeded = await adminClient(WORKER_URL, vars.ADMIN_TOKEN).upsertTenant(demoTenant(STANDIN_URL));
  evolution.setInfo({ workerUrl: WORKER_URL, instance: DEMO_INSTANCE, tenantName: DEMO_NAME, aiEnabled: aiOn || fakeGemini !== null, debounceMs: DEMO_DEBOUNCE_MS, ready: true });
  step(`demo tenant ${bold(DEMO_NAME)} (instance ${DEMO_INSTANCE}) ${seeded}`);
  const knowledge = await seedKnowledge(WORKER_URL, vars.ADMIN_TOKEN, DEMO_INSTANCE, bakeryKnowledge());
  step(`demo knowledge: ${knowledge.imported + knowledge.updated} catalog items, ${knowledge.faqs} new FAQs, ${knowledge.documents} new documents`);
  const owner = await ensureDemoOwner(WORKER_URL, vars.ADMIN_TOKEN);
  step(`demo owner ${bold(DEMO_OWNER.name)} ${owner === "created" ? "created" : "already there"}`);

  say();
  say(green(bold("✔ AtenBot is running.")));
  say(`  panel       ${bold(`${WORKER_URL}/`)}   (open it in a browser and sign in)`);
  say(`  worker      ${WORKER_URL}   (admin API: Authorization: Bearer <ADMIN_TOKEN from .dev.vars>)`);
  say(`  evolution   ${STANDIN_URL}   (stand-in: what the bot sends is printed here)`);
  say(`  sign in     login ${bold(DEMO_OWNER.phone)}  password ${bold(DEMO_OWNER.password)}   (the demo owner, ${DEMO_OWNER.name})`);
  say(dim(`              or "Receber código" with that number: the stand-in prints the WhatsApp message with the code`));
  say(
    aiOn
      ? `  AI          ${green("on")} — answers come from Gemini (GEMINI_API_KEY in .dev.vars)`
      : `  AI          ${yellow("fake")} — no GEMINI_API_KEY in .dev.vars: the fake Gemini answers from the knowledge (prices,\n              FAQs, policy); quick replies and handoff ("atendente") as configured. Add a key and restart for Gemini.`,
  );
  say();
  say(`  Next: in another terminal, ${bold("npm run chat")}   (or: echo "qual o horário?" | npm run chat)`);
  say(dim("  Ctrl-C stops everything."));
  say();
}

main().catch(async (err: unknown) => {
  say(red(`✖ ${err instanceof Error ? err.message : String(err)}`));
  await shutdown(1);
});
