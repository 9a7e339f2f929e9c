/**
 * `npm run dev`: `wrangler dev` on 127.0.0.1:8787 (the Worker reloads when src/ changes) beside
 * `vite build --watch` (the panel's assets are rebuilt when web/ changes; reload the page to see
 * them). No demo data and no Evolution stand-in: `npm start` is the whole local setup. Ctrl-C
 * stops both.
 */
import { dim } from "../tools/colors.ts";
import { buildPanel, watchPanel } from "../tools/panel.ts";
import { startWranglerDev } from "../tools/wrangler.ts";

const PORT = 8787;

// Built once before the Worker starts: wrangler refuses an assets directory that does not exist.
await buildPanel();
const panel = watchPanel((line) => console.log(`${dim("panel │")} ${line}`));
const worker = startWranglerDev({ port: PORT, onLine: (line) => console.log(`${dim("worker │")} ${line}`) });

const stop = async (code: number) => {
  panel.stop();
  await worker.stop();
  process.exit(code);
};
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));
void worker.exited.then((code) => stop(code ?? 1));
panel.child.on("exit", (code) => {
  if (code) void stop(code);
});
console.log(`panel and worker on http://127.0.0.1:${PORT}/ (assets rebuilt on every change under web/)`);
