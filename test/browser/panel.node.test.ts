/**
 * The panel in a real Chromium against the real Worker (wrangler dev, the built assets) with the
 * Evolution and Gemini fakes: what an owner and an attendant do on their phones. One browser and
 * one Worker for the whole file; the tests run in order and share the conversation they build.
 * Screenshots of every screen, at phone and desktop widths, go to the folder printed at the end.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StandinEvent } from "../../tools/fakes/evolution.ts";
import { ROOT } from "../../tools/wrangler.ts";
import { launchChromium } from "./chromium.ts";
import { INSTANCE, startStack, type Stack } from "../../tools/panel-stack.ts";

const SHOTS = join(ROOT, ".screenshots");
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

const OWNER = { name: "Dona Maria", phone: "5511988880001", password: "senha-da-maria-1" };
const CUSTOMER = { number: "5511977770001", name: "Carla Cliente" };
const CUSTOMER_JID = `${CUSTOMER.number}@s.whatsapp.net`;

/** Live updates ride the queue's batching wait (about a second): polls wait longer than the default second. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 50 });

let stack: Stack;
let browser: Browser;
let owner: BrowserContext;
let page: Page;

/** A text the bot or the attendant sent to the customer (the fake records the call as "typing"). */
const toCustomer = (e: StandinEvent) => e.type === "typing" && e.jid === CUSTOMER_JID;

async function newContext(viewport = PHONE): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: "pt-BR", timezoneId: "America/Sao_Paulo", baseURL: stack.url });
}

/** Signs a person up through an invite (the admin API creates it), returning the link's token. */
async function invite(person: { role: "owner" | "agent"; name: string; phone: string }): Promise<string> {
  const token = await stack.admin.invite(INSTANCE, person);
  if (!token) throw new Error(`${person.name} already exists`);
  return token;
}

/** The operator (role platform), signed in: invited with the admin token, as the first operator is. */
async function operatorContext(): Promise<BrowserContext> {
  const res = await stack.adminFetch("POST", "/admin/platform/invites", { name: "Operadora", phone: "5511988889999" });
  expect(res.status, await res.clone().text()).toBe(201);
  const { inviteUrl } = (await res.json()) as { inviteUrl: string };
  const session = await stack.acceptInvite(new URL(inviteUrl).pathname.split("/").pop()!, "senha-da-operadora");
  const context = await newContext();
  await context.addCookies([{ name: "atenbot_session", value: session, url: stack.url }]);
  return context;
}

/** Waits until the contact's transcript in D1 holds a message with `text`: its turn has run. */
async function storedTurn(text: string): Promise<void> {
  const path = `/admin/tenants/${INSTANCE}/contacts/${encodeURIComponent(CUSTOMER_JID)}/messages`;
  for (let i = 0; i < 200; i++) {
    const res = await stack.adminFetch("GET", path);
    if (res.ok) {
      const body = (await res.json()) as { items: { text: string | null }[] };
      if (body.items.some((m) => m.text === text)) return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`"${text}" was never stored`);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [stack, browser] = await Promise.all([startStack(), launchChromium()]);
  await stack.acceptInvite(await invite({ role: "owner", name: OWNER.name, phone: OWNER.phone }), OWNER.password);
  owner = await newContext();
  page = await owner.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  process.stderr.write(`\npanel screenshots: ${SHOTS}\n`);
});

describe("the panel in a browser", () => {
  it("signs the owner in with a code sent over WhatsApp", async () => {
    await page.goto("/");
    await eventually(() => new URL(page.url()).pathname).toBe("/entrar");
    const since = stack.evolution.lastSeq();
    await page.getByLabel("Número do WhatsApp").fill("(11) 98888-0001");
    await page.getByRole("button", { name: "Receber código" }).click();
    const sent = await stack.nextEvent(since, (e) => e.type === "sent" && e.jid.startsWith(OWNER.phone));
    const code = /\b(\d{6})\b/.exec(sent.text ?? "")?.[1];
    expect(code, sent.text ?? "").toBeDefined();
    await page.getByLabel("Código de 6 dígitos").fill(code!);
    const live = page.waitForEvent("websocket");
    await page.getByRole("button", { name: "Entrar" }).click();
    await eventually(() => new URL(page.url()).pathname).toBe("/conversas");
    // Signed in, the panel opens its live socket.
    expect(new URL((await live).url()).pathname).toBe("/api/live");
  });

  it("shows a customer's message in the open conversation without reloading", async () => {
    let since = stack.evolution.lastSeq();
    await stack.customerSays(CUSTOMER.number, "Oi, bom dia!", CUSTOMER.name);
    await stack.nextEvent(since, toCustomer);
    // The list learns of the new conversation live.
    await page.getByRole("link", { name: new RegExp(CUSTOMER.name) }).click();
    const log = page.getByRole("log", { name: "Mensagens da conversa" });
    await eventually(() => log.textContent()).toContain("Oi, bom dia!");

    since = stack.evolution.lastSeq();
    await stack.customerSays(CUSTOMER.number, "Vocês têm pão de queijo?", CUSTOMER.name);
    await eventually(() => log.textContent()).toContain("Vocês têm pão de queijo?");
    await stack.nextEvent(since, toCustomer);
    await eventually(() => log.textContent()).toContain('Sobre "Vocês têm pão de queijo?"');
  });

  it("after Assumir, the bot does not answer the customer's next message", async () => {
    await page.getByRole("button", { name: "Assumir" }).click();
    await page.getByRole("button", { name: "Devolver ao robô" }).waitFor();
    const since = stack.evolution.lastSeq();
    await stack.customerSays(CUSTOMER.number, "Quero encomendar um bolo", CUSTOMER.name);
    await eventually(() => page.getByRole("log", { name: "Mensagens da conversa" }).textContent()).toContain("Quero encomendar um bolo");
    // Once the message is in D1 its turn has run: whatever the bot was going to send, it has.
    await storedTurn("Quero encomendar um bolo");
    expect(stack.evolution.events(since).filter(toCustomer)).toEqual([]);
  });

  it("sends what the attendant types in Mensagem through Evolution", async () => {
    const since = stack.evolution.lastSeq();
    await page.getByRole("textbox", { name: "Mensagem" }).fill("Oi Carla, aqui é a Maria. Qual sabor?");
    await page.getByRole("button", { name: "Enviar" }).click();
    const sent = await stack.nextEvent(since, toCustomer);
    expect(sent.text).toBe("Oi Carla, aqui é a Maria. Qual sabor?");
  });

  it("after Devolver ao robô, the bot answers again", async () => {
    await page.getByRole("button", { name: "Devolver ao robô" }).click();
    await page.getByRole("button", { name: "Assumir" }).waitFor();
    const since = stack.evolution.lastSeq();
    await stack.customerSays(CUSTOMER.number, "Chocolate, por favor", CUSTOMER.name);
    const reply = await stack.nextEvent(since, toCustomer);
    expect(reply.text).toContain('Sobre "Chocolate, por favor"');
    await eventually(() => page.getByRole("log", { name: "Mensagens da conversa" }).textContent()).toContain('Sobre "Chocolate, por favor"');
  });

  it("a setting saved in Robô changes the next reply", async () => {
    await page.goto("/robo");
    const prompt = page.getByLabel("Instruções do robô");
    await prompt.fill("Você é a atendente virtual da Padaria do Painel. Assine como Luzia.");
    await page.getByRole("button", { name: "Salvar ajustes" }).click();
    await page.getByText("Ajustes salvos.").waitFor();
    const since = stack.evolution.lastSeq();
    await stack.customerSays(CUSTOMER.number, "Até que horas vocês abrem?", CUSTOMER.name);
    const reply = await stack.nextEvent(since, toCustomer);
    expect(reply.text).toMatch(/— Luzia$/);
  });

  it("Testar o robô answers in the panel and sends nothing to WhatsApp", async () => {
    await page.goto("/robo/testar");
    const since = stack.evolution.lastSeq();
    await page.getByLabel("Mensagem de teste").fill("Vocês entregam?");
    await page.getByRole("button", { name: "Enviar teste" }).click();
    const chat = page.getByRole("log", { name: "Conversa de teste" });
    await eventually(() => chat.textContent()).toContain('Sobre "Vocês entregam?", já te ajudo. — Luzia');
    expect(stack.evolution.events(since).filter((e) => e.type === "typing" || e.type === "sent")).toEqual([]);
    // The test conversation is nobody's customer.
    await page.goto("/conversas");
    await page.getByRole("link", { name: new RegExp(CUSTOMER.name) }).waitFor();
    expect(await page.getByRole("link", { name: /Vocês entregam/ }).count()).toBe(0);
  });

  it("an agent signs up from the invite and sees neither Robô nor Equipe", async () => {
    const token = await invite({ role: "agent", name: "Júlia", phone: "5511988880002" });
    const agent = await newContext();
    const agentPage = await agent.newPage();
    await agentPage.goto(`/convite/${token}`);
    await agentPage.getByLabel("Senha", { exact: true }).fill("senha-da-julia-1");
    await agentPage.getByLabel("Repita a senha").fill("senha-da-julia-1");
    await agentPage.getByRole("button", { name: "Criar senha e entrar" }).click();
    await eventually(() => new URL(agentPage.url()).pathname).toBe("/conversas");
    await agentPage.getByRole("link", { name: new RegExp(CUSTOMER.name) }).waitFor();
    const screens = agentPage.getByRole("navigation", { name: "Telas" }).first();
    expect(await screens.getByRole("link", { name: "Robô" }).count()).toBe(0);
    expect(await screens.getByRole("link", { name: "Equipe" }).count()).toBe(0);
    await agentPage.goto("/robo");
    await eventually(() => new URL(agentPage.url()).pathname).toBe("/conversas");
    await agent.close();
  });

  it("serves the panel at every page address and leaves the Worker's routes to the Worker", async () => {
    const navigate = { "sec-fetch-mode": "navigate", accept: "text/html" };
    for (const path of ["/", "/conversas/5511977770001%40s.whatsapp.net", "/convite/abc", "/robo/testar"]) {
      const res = await fetch(`${stack.url}${path}`, { headers: navigate });
      expect([path, res.status, await res.text()]).toEqual([path, 200, expect.stringContaining('<html lang="pt-BR">')]);
    }
    const manifest = await fetch(`${stack.url}/manifest.webmanifest`);
    expect((await manifest.json()) as unknown).toMatchObject({ lang: "pt-BR" });
    for (const [path, status] of [["/api/me", 401], ["/health", 200], ["/admin/tenants", 401]] as const) {
      const res = await fetch(`${stack.url}${path}`, { headers: navigate });
      expect([path, res.status, res.headers.get("content-type")]).toEqual([path, status, expect.stringContaining("application/json")]);
    }
  });

  it("every screen fits a 360 px phone and has no serious accessibility problem, on phone and desktop", async () => {
    const signedOut = await newContext();
    const operator = await operatorContext();
    const screens: { name: string; path: string; page: Page }[] = [
      { name: "entrar", path: "/entrar", page: await signedOut.newPage() },
      { name: "convite", path: "/convite/convite-de-exemplo-expirado-0000", page: await signedOut.newPage() },
      { name: "conversas", path: "/conversas", page },
      { name: "conversa", path: `/conversas/${encodeURIComponent(CUSTOMER_JID)}`, page },
      { name: "conectar", path: "/conectar", page },
      { name: "robo", path: "/robo", page },
      { name: "testar", path: "/robo/testar", page },
      { name: "conhecimento", path: "/conhecimento", page },
      { name: "uso", path: "/uso", page },
      { name: "equipe", path: "/equipe", page },
      { name: "empresas", path: "/empresas", page: await operator.newPage() },
    ];
    const problems: string[] = [];
    for (const viewport of [PHONE, DESKTOP]) {
      for (const screen of screens) {
        await screen.page.setViewportSize(viewport);
        await screen.page.goto(screen.path);
        await screen.page.locator("main").first().waitFor();
        await screen.page.waitForLoadState("networkidle");
        const overflow = await screen.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (viewport === PHONE && overflow > 0) problems.push(`${screen.name}: scrolls sideways by ${overflow} px at 360 px`);
        const axe = await new AxeBuilder({ page: screen.page }).analyze();
        for (const v of axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
          problems.push(`${screen.name} @${viewport.width}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        }
        await screen.page.screenshot({ path: join(SHOTS, `${screen.name}-${viewport.width}.png`), fullPage: true });
      }
    }
    await signedOut.close();
    await operator.close();
    expect(problems).toEqual([]);
  });
});
