/**
 * `npm run chat`: talk to the local bot as a WhatsApp customer.
 *
 * Each line you type is posted to the worker as the `messages.upsert` webhook Evolution v2.3.7
 * would send; the bot's replies, caught by the Evolution stand-in of `npm start`, are printed as
 * they arrive ("digitando…" while Evolution's typing delay runs).
 *
 *   npm run chat                                   asks your name and number
 *   npm run chat -- --name Bruno --number 5511999990002
 *   echo "qual o horário?" | npm run chat          sends the lines, prints the replies, exits
 *
 * Commands: /as <name> [number] (switch customer), /quem (customers), /ajuda, /sair.
 */
import { createInterface, type Interface } from "node:readline";
import { parseArgs } from "node:util";
import { DEMO_TOKEN, STANDIN_URL } from "../tools/demo.ts";
import type { StandinEvent } from "../tools/fakes/evolution.ts";
import { textUpsert } from "../tools/upsert.ts";
import { dim, bold, green, yellow, red } from "../tools/colors.ts";

interface Status {
  lastSeq: number;
  workerUrl: string;
  instance: string;
  tenantName: string;
  aiEnabled: boolean;
  debounceMs: number;
  ready: boolean;
}

interface Customer {
  name: string;
  number: string;
}

const { values: flags } = parseArgs({
  options: {
    name: { type: "string" },
    number: { type: "string" },
    evolution: { type: "string", default: STANDIN_URL },
    help: { type: "boolean", short: "h" },
  },
});

const interactive = Boolean(process.stdin.isTTY);
/** Notes go to stderr when piped, so stdout holds only the conversation. */
const note = (text: string) => (interactive ? console.log(dim(text)) : console.error(text));

function fail(message: string): never {
  console.error(red(`✖ ${message}`));
  process.exit(1);
}

const NOT_RUNNING = "The bot is not running. Start it first, in another terminal: npm start";

async function getJson<T>(url: string, timeoutMs: number): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
  return (await res.json()) as T;
}

/** Waits for `npm start` to be ready (stand-in up, worker healthy, tenant seeded). */
async function connect(): Promise<Status> {
  const deadline = Date.now() + 60_000;
  let warned = false;
  for (;;) {
    let status: Status;
    try {
      status = await getJson<Status>(`${flags.evolution}/_status`, 3_000);
    } catch {
      fail(`${NOT_RUNNING}\n  (nothing answers on ${flags.evolution}, the Evolution stand-in that npm start runs)`);
    }
    if (status.ready) {
      try {
        await getJson(`${status.workerUrl}/health`, 3_000);
        return status;
      } catch {
        fail(`${NOT_RUNNING}\n  (the worker does not answer on ${status.workerUrl}/health)`);
      }
    }
    if (Date.now() > deadline) fail("npm start did not finish starting within a minute; look at its terminal.");
    if (!warned) note("npm start is still starting; waiting…");
    warned = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function normalizeNumber(raw: string): string | null {
  const digits = raw.replace(/[\s+()-]/g, "");
  return /^\d{10,15}$/.test(digits) ? digits : null;
}

let status: Status;
const customers = new Map<string, Customer>();
let current: Customer;
let rl: Interface | null = null;
let typingShown = false;
/** Replies whose typing delay is running (piped mode waits for them). */
const pendingTyping = new Set<string>();
let replies = 0;
let lastEventAt = Date.now();

/** Prints above the input line (interactive) or plainly (piped). */
function print(text: string, opts: { typing?: boolean; replaceTyping?: boolean } = {}): void {
  if (!interactive) {
    if (opts.typing) console.error(text);
    else console.log(text);
    return;
  }
  process.stdout.write("\r\x1b[2K");
  if (opts.replaceTyping && typingShown) process.stdout.write("\x1b[1A\x1b[2K");
  console.log(text);
  typingShown = Boolean(opts.typing);
  rl?.prompt(true);
}

const who = (c: Customer | undefined) => (customers.size > 1 && c ? ` → ${c.name}` : "");

function show(event: StandinEvent): void {
  const customer = customers.get(event.jid.split("@")[0] ?? "");
  if (!customer) return;
  const bot = status.tenantName;
  if (event.type === "typing") {
    pendingTyping.add(event.number + event.text);
    print(dim(`${bot}${who(customer)} está digitando…`), { typing: true });
  } else if (event.type === "sent") {
    pendingTyping.delete(event.number + event.text);
    replies++;
    const text = (event.text ?? "").split("\n").join(`\n${" ".repeat(4)}`);
    print(`${green(bold(`${bot}${who(customer)}`))} ${dim("›")} ${text}`, { replaceTyping: true });
  } else if (event.type === "failed") {
    print(yellow(`(Evolution refused a reply to ${customer.name}: HTTP ${event.status})`));
  }
}

/** Follows the stand-in's captured events (long poll) for as long as the chat runs. */
async function follow(since: number): Promise<void> {
  for (;;) {
    let body: { events: StandinEvent[]; lastSeq: number };
    try {
      body = await getJson(`${flags.evolution}/_captured?since=${since}&wait=25000`, 35_000);
    } catch {
      print(red("✖ The bot stopped (npm start is no longer running)."));
      process.exit(1);
    }
    for (const event of body.events) {
      if (customers.has(event.jid.split("@")[0] ?? "")) lastEventAt = Date.now();
      show(event);
    }
    since = Math.max(since, body.lastSeq);
  }
}

async function send(customer: Customer, text: string): Promise<boolean> {
  const body = textUpsert({ instance: status.instance, apikey: DEMO_TOKEN, number: customer.number, pushName: customer.name, text, destination: `${status.workerUrl}/webhook` });
  try {
    const res = await fetch(`${status.workerUrl}/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status === 200) return true;
    print(red(`✖ the worker answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`));
  } catch {
    print(red(`✖ ${NOT_RUNNING}`));
    if (!interactive) process.exit(1);
  }
  return false;
}

function aiNote(): string {
  return status.aiEnabled
    ? "AI is on: answers come from Gemini (without a GEMINI_API_KEY, from the fake Gemini npm start serves, which quotes the knowledge)."
    : "AI is off (no GEMINI_API_KEY in .dev.vars): quick replies (horário, endereço, pix, preços, bolo), handoff (\"atendente\")\nand a fallback text answer. Put a key in .dev.vars and restart npm start to get Gemini's answers.";
}

function addCustomer(name: string, number: string): Customer {
  const customer = { name, number };
  customers.set(number, customer);
  return customer;
}

async function ask(question: string, fallback: string): Promise<string> {
  const answer = await new Promise<string>((resolve) => rl!.question(`${question} ${dim(`[${fallback}]`)} `, resolve));
  return answer.trim() || fallback;
}

async function runInteractive(): Promise<void> {
  rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  rl.on("close", () => process.exit(0));
  console.log(bold(`Chat with ${status.tenantName} (instance ${status.instance}) as a WhatsApp customer.`));
  console.log(dim(aiNote()));
  const name = flags.name ?? (await ask("Your name:", "Ana Souza"));
  let number = flags.number ? normalizeNumber(flags.number) : null;
  while (!number) {
    number = normalizeNumber(await ask("Your WhatsApp number (country + area code):", "5511999990001"));
    if (!number) console.log(yellow("  digits only, 10 to 15 of them, e.g. 5511999990001"));
  }
  current = addCustomer(name, number);
  console.log(dim("Type a message and press Enter. /as <name> [number] switches customer, /quem lists them, /sair quits."));
  const setPrompt = () => rl!.setPrompt(`${bold(current.name)} ${dim("›")} `);
  setPrompt();
  void follow(status.lastSeq);
  rl.prompt();
  rl.on("line", (line) => {
    typingShown = false;
    const text = line.trim();
    if (!text) return rl!.prompt();
    if (text.startsWith("/")) {
      const [command, ...args] = text.split(/\s+/);
      if (command === "/sair" || command === "/exit" || command === "/quit") process.exit(0);
      else if (command === "/as") {
        const last = args.at(-1) ?? "";
        const given = args.length > 1 ? normalizeNumber(last) : null;
        const name = (given ? args.slice(0, -1) : args).join(" ");
        if (!name) console.log(yellow("usage: /as <name> [number]"));
        else {
          const existing = [...customers.values()].find((c) => c.name.toLowerCase() === name.toLowerCase() && !given);
          const num = given ?? existing?.number ?? String(5511999990001 + customers.size);
          current = customers.get(num) ?? addCustomer(name, num);
          current.name = name;
          console.log(dim(`now writing as ${current.name} (${current.number})`));
          setPrompt();
        }
      } else if (command === "/quem") {
        for (const c of customers.values()) console.log(`  ${c === current ? "▸" : " "} ${c.name} ${dim(c.number)}`);
      } else {
        console.log(dim("/as <name> [number]   write as another customer (each has its own conversation)"));
        console.log(dim("/quem                 list the customers of this chat"));
        console.log(dim("/sair                 quit (Ctrl-D works too)"));
        console.log(dim(aiNote()));
      }
      return rl!.prompt();
    }
    void send(current, text).then(() => rl!.prompt(true));
  });
}

async function readStdin(): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: process.stdin })) if (line.trim()) lines.push(line.trim());
  return lines;
}

/** Replies come after the debounce; then waits until nothing more arrives for a few seconds. */
async function waitForReplies(lastSent: number): Promise<void> {
  lastEventAt = lastSent;
  const quietMs = 4_000;
  const hardStop = lastSent + 120_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const now = Date.now();
    const debounced = now >= lastSent + status.debounceMs + 2_500;
    if (debounced && pendingTyping.size === 0 && now - lastEventAt >= quietMs) return;
    if (now > hardStop) {
      note("(stopped waiting for more replies after two minutes)");
      return;
    }
  }
}

async function runPiped(): Promise<void> {
  const number = normalizeNumber(flags.number ?? "5511999990001");
  if (!number) fail("--number: digits only, 10 to 15 of them, e.g. 5511999990001");
  current = addCustomer(flags.name ?? "Ana Souza", number);
  const lines = await readStdin();
  if (lines.length === 0) fail("nothing to send: pipe one message per line, e.g. echo \"qual o horário?\" | npm run chat");
  note(aiNote());
  void follow(status.lastSeq);
  // One line, one turn: each line waits for its answer, like a customer reading before typing on.
  for (const text of lines) {
    console.log(`${current.name} › ${text}`);
    if (!(await send(current, text))) process.exit(1);
    await waitForReplies(Date.now());
  }
  if (replies === 0) note("(no reply: the bot may be paused for this contact after a handoff; resume it with the admin API, or use another --number)");
  process.exit(0);
}

async function main(): Promise<void> {
  if (flags.help) {
    console.log("usage: npm run chat [-- --name <name> --number <digits>]   |   echo \"text\" | npm run chat");
    return;
  }
  status = await connect();
  if (interactive) await runInteractive();
  else await runPiped();
}

void main();
