import { DurableObject } from "cloudflare:workers";
export class Conversation extends DurableObject<Env> {}
export default { async fetch() { return new Response("ok"); } } satisfies ExportedHandler<Env>;
