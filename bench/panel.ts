/**
 * `npm run bench:panel`: the panel's two latency numbers, on this machine, against the real
 * Worker (`wrangler dev`, the built panel) with the Evolution and Gemini fakes:
 *
 * - live: a customer's webhook is acknowledged → the message event reaches an open panel's
 *   WebSocket (`GET /api/live`, the owner's session), for `--messages` messages from 5 customers
 *   writing at once;
 * - send: the panel posts an attendant's message (`POST /api/conversations/{c}/messages`, what a
 *   click on Enviar does) → Evolution's `sendText` receives it, `--sends` times.
 *
 * Prints progress on stderr and one JSON report (p50/p95/p99/max in ms) as the last stdout line.
 */
import { INSTANCE, startStack } from "../tools/panel-stack.ts";
import { sleep } from "../tools/timing.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MESSAGES = arg("messages", 60);
const SENDS = arg("sends", 30);
const CUSTOMERS = 5;

const progress = (line: string) => process.stderr.write(`bench:panel │ ${line}\n`);

function percentiles(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(sorted.at(-1) ?? NaN) };
}

progress("starting the worker (wrangler dev) and the fakes");
const stack = await startStack();
try {
  const token = await stack.admin.invite(INSTANCE, { role: "owner", name: "Bench", phone: "5511988887000" });
  const session = await stack.acceptInvite(token!, "senha-do-benchmark");

  const arrivals = new Map<string, number>();
  const socket = new WebSocket(`${stack.url.replace("http", "ws")}/api/live`, {
    headers: { cookie: `atenbot_session=${session}`, origin: stack.url },
  } as unknown as string[]);
  socket.addEventListener("message", (e) => {
    const event = JSON.parse(String(e.data)) as { type: string; message?: { direction: string; text: string | null } };
    if (event.type === "message" && event.message?.direction === "in" && event.message.text) arrivals.set(event.message.text, performance.now());
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve());
    socket.addEventListener("close", (e) => reject(new Error(`live socket closed: ${e.code}`)));
  });

  progress(`live: ${MESSAGES} customer messages from ${CUSTOMERS} customers`);
  const live: number[] = [];
  let lost = 0;
  await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, c) => {
      const number = `55119777700${String(c + 10)}`;
      for (let i = c; i < MESSAGES; i += CUSTOMERS) {
        const text = `mensagem ${i} do cliente ${c}`;
        await stack.customerSays(number, text, `Cliente ${c}`);
        const acked = performance.now();
        const deadline = acked + 10_000;
        while (!arrivals.has(text) && performance.now() < deadline) await sleep(5);
        const at = arrivals.get(text);
        if (at === undefined) lost++;
        else live.push(at - acked);
        await sleep(300);
      }
    }),
  );

  progress(`send: ${SENDS} attendant messages`);
  const contact = encodeURIComponent("5511977770010@s.whatsapp.net");
  const send: number[] = [];
  for (let i = 0; i < SENDS; i++) {
    const text = `resposta da atendente ${i}`;
    const since = stack.evolution.lastSeq();
    const clicked = Date.now();
    const res = await fetch(`${stack.url}/api/conversations/${contact}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: `atenbot_session=${session}`, origin: stack.url },
      body: JSON.stringify({ text }),
    });
    if (res.status !== 202) throw new Error(`panel message refused: ${res.status} ${await res.text()}`);
    const called = await stack.nextEvent(since, (e) => e.type === "typing" && e.text === text);
    send.push(called.at - clicked);
  }
  socket.close();
  console.log(JSON.stringify({ liveMs: { ...percentiles(live), lost }, sendMs: percentiles(send), budget: { liveP95Ms: 1500, sendMs: 500 } }));
} finally {
  await stack.stop();
}
