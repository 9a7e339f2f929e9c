import { createApp } from "./app";
import { consumeDeadLetters, consumeInbox } from "./queue/consumer";
import { runRetention } from "./services/tenants/retention";

export { Conversation } from "./durable-objects/conversation/conversation";
export { MessageLedger } from "./durable-objects/tenant-ledger";

const app = createApp();
const DEAD_LETTER_QUEUE = "atenbot-inbox-dlq";

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetters(batch, env);
    else await consumeInbox(batch, env);
  },
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runRetention(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env, unknown>;
