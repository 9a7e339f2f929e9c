/**
 * The worker as the ingest benchmark serves it: the production worker, plus one bare route,
 * `POST /webhook-bench-bare`, that only reads the body, parses it and queues it — the floor `/webhook` is
 * measured against on the same runtime (under `/webhook*`, a path the Worker runs first for). This entry is bundled by `npm run bench -- --ingest`
 * only; `wrangler.toml`'s `main` (src/index.ts) has no such route, so production never serves it.
 */
import worker from "../src/index";

export { Conversation, TenantHub, TenantLedger } from "../src/index";

export default {
  ...worker,
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    if (request.method === "POST" && new URL(request.url).pathname === "/webhook-bench-bare") {
      const body: unknown = JSON.parse(await request.text());
      await env.INBOX.send(body as never, { contentType: "json" });
      return Response.json({ status: "queued" });
    }
    return worker.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env, unknown>;
