/**
 * What the panel's browser tests and its benchmark run against: the real Worker under `wrangler
 * dev` (the panel served as its static assets), with its own state folder and free ports, the
 * dev kit's Evolution and Gemini fakes, and one seeded tenant. Started once, stopped after.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adminClient } from "./admin-client.ts";
import { createEvolutionStandin, type EvolutionStandin, type StandinEvent } from "./fakes/evolution.ts";
import { createFakeGemini, type FakeGemini } from "./fakes/gemini.ts";
import { freePort, serve, type RunningServer } from "./http-server.ts";
import { buildPanel } from "./panel.ts";
import { textUpsert } from "./upsert.ts";
import { ROOT, applyMigrations, startWranglerDev, waitForHealth, type DevProcess } from "./wrangler.ts";

export const INSTANCE = "padaria-painel";
const INSTANCE_TOKEN = "padaria-painel-token-0001";
const ADMIN_TOKEN = "browser-admin-token-0123456789abcdef";

/**
 * The fake model quotes the customer's last message (the text after the prompt's last
 * "Cliente:" label) and signs with the name the system prompt asks for, so a settings change
 * shows in the reply.
 */
export function fakeAnswer(systemInstruction: string, userTurn: string): string {
  const asked = userTurn.split(/Cliente:\s*/).pop()!.trim();
  const signature = /assine como (\p{L}+)/iu.exec(systemInstruction)?.[1];
  return `Claro! Sobre "${asked.slice(0, 60)}", já te ajudo.${signature ? ` — ${signature}` : ""}`;
}

export interface Stack {
  url: string;
  evolution: EvolutionStandin;
  gemini: FakeGemini;
  admin: ReturnType<typeof adminClient>;
  adminFetch(method: string, path: string, body?: unknown): Promise<Response>;
  /** Accepts an invite through the panel's API, as the invite page does; resolves with the session id. */
  acceptInvite(token: string, password: string): Promise<string>;
  /** Posts a customer's text as Evolution would; resolves when the Worker acknowledged it. */
  customerSays(number: string, text: string, pushName?: string): Promise<void>;
  /** The first Evolution event after `since` that `match` accepts; waits for it (a few seconds at most). */
  nextEvent(since: number, match: (e: StandinEvent) => boolean, timeoutMs?: number): Promise<StandinEvent>;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  // `npm test` builds it first (pretest); a run of this file alone may find no build.
  if (!existsSync(join(ROOT, "web/dist/index.html"))) await buildPanel();
  const gemini = createFakeGemini({
    latencyMs: 20,
    jitter: 0,
    respond: (call) => ({ text: fakeAnswer(call.systemInstruction, call.lastUserTexts.join("\n")) }),
  });
  const evolution = createEvolutionStandin({ instances: { [INSTANCE]: INSTANCE_TOKEN }, delayScale: 0 });
  const servers: RunningServer[] = [await serve(gemini.handle), await serve(evolution.handle)];
  const [geminiServer, evolutionServer] = servers as [RunningServer, RunningServer];
  const state = mkdtempSync(join(tmpdir(), "atenbot-browser-"));
  let dev: DevProcess | null = null;
  const log: string[] = [];
  const stop = async () => {
    await dev?.stop().catch(() => {});
    await Promise.all(servers.map((s) => s.close().catch(() => {})));
    rmSync(state, { recursive: true, force: true });
  };
  try {
    await applyMigrations({ persistTo: state });
    dev = startWranglerDev({
      port: await freePort(),
      persistTo: state,
      vars: {
        ADMIN_TOKEN,
        SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"),
        GEMINI_API_KEY: "browser-test-key",
        GEMINI_BASE_URL: geminiServer.url,
        EVOLUTION_URL: evolutionServer.url,
        EVOLUTION_API_KEY: "",
        LOGIN_INSTANCE: "",
        PUBLIC_URL: "",
      },
      onLine: (line) => {
        log.push(line);
        if (log.length > 200) log.shift();
      },
    });
    await waitForHealth(dev).catch((err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${log.join("\n")}`);
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const url = dev.url;
  const admin = adminClient(url, ADMIN_TOKEN);
  await admin.upsertTenant({
    instance: INSTANCE,
    name: "Padaria do Painel",
    evolution: { url: evolutionServer.url, apiKey: INSTANCE_TOKEN },
    bot: { systemPrompt: "Você é a atendente virtual da Padaria do Painel.", debounceMs: 300, maxWaitMs: 3000, quickReplies: [], handoff: { keywords: [] } },
  });

  return {
    url,
    evolution,
    gemini,
    admin,
    adminFetch: (method, path, body) =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    async acceptInvite(token, password) {
      const res = await fetch(`${url}/api/auth/invite/accept`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: url },
        body: JSON.stringify({ token, password }),
      });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("atenbot_session="));
      if (res.status !== 200 || !cookie) throw new Error(`invite not accepted: ${res.status} ${await res.text()}`);
      return cookie.split(";")[0]!.slice("atenbot_session=".length);
    },
    async customerSays(number, text, pushName = "Cliente") {
      const body = textUpsert({ instance: INSTANCE, apikey: INSTANCE_TOKEN, number, pushName, text, destination: `${url}/webhook` });
      const res = await fetch(`${url}/webhook`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
    },
    async nextEvent(since, match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = evolution.events(since).find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no such Evolution call within ${timeoutMs} ms; calls: ${JSON.stringify(evolution.events(since).map((e) => [e.type, e.number, e.text]))}`);
    },
    stop,
  };
}
