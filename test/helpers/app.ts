import { env, SELF } from "cloudflare:test";
import { EVOLUTION_URL } from "./fake-providers";

export const ADMIN = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
export const INSTANCE_TOKEN = "B6D711FC-DE4D-4FD5-9365-44120E713976";

export function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return SELF.fetch(`http://atenbot.test${path}`, {
    method,
    headers: { ...ADMIN, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

let counter = 0;

/** Creates a tenant through the admin API; debounce is long so tests fire alarms themselves. */
export async function createTenant({ apiKey, ...overrides }: Record<string, any> = {}) {
  const instance = overrides.instance ?? `tenant-${Date.now().toString(36)}-${++counter}`;
  const res = await admin("POST", "/admin/tenants", {
    instance,
    name: overrides.name ?? "Padaria Teste",
    evolution: { url: EVOLUTION_URL, apiKey: apiKey ?? INSTANCE_TOKEN },
    ...overrides,
    bot: { debounceMs: 60_000, maxWaitMs: 120_000, systemPrompt: "Você é a atendente da Padaria Teste.", ...overrides.bot },
  });
  if (res.status !== 201) throw new Error(`tenant not created: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { id: string; instance: string; webhookSecret: string };
  return body;
}

export function postWebhook(body: unknown, headers: Record<string, string> = {}, path = "/webhook"): Promise<Response> {
  return SELF.fetch(`http://atenbot.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
