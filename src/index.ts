import { createApp } from "./app";
import { metricsRequested } from "./config/env";
import { enableMetrics } from "./platform/metrics";
import { consumeDeadLetters, consumeInbox } from "./queue/consumer";
import { runRetention } from "./services/tenants/retention";
import { purgeRetiredTenants } from "./services/tenants/tenant-purge";

export { Conversation } from "./durable-objects/conversation/conversation";
export { TenantHub } from "./durable-objects/tenant-hub";
export { TenantLedger } from "./durable-objects/tenant-ledger";

const app = createApp();
const DEAD_LETTER_QUEUE = "atenbot-inbox-dlq";
/** The nightly cron runs retention; every cron (the frequent one too) finishes tenant deletions. */
const RETENTION_CRON = "0 3 * * *";

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    enableMetrics(metricsRequested(env));
    return app.fetch(request, env, ctx);
  },
  async queue(batch, env) {
    enableMetrics(metricsRequested(env));
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetters(batch, env);
    else await consumeInbox(batch, env);
  },
  async scheduled(controller, env, ctx) {
    if (controller.cron === RETENTION_CRON) ctx.waitUntil(runRetention(env, controller.scheduledTime));
    ctx.waitUntil(purgeRetiredTenants(env));
  },
} satisfies ExportedHandler<Env, unknown>;
