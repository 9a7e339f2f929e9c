/**
 * The demo tenant's owner for `npm start`: invited through the admin API and signed up through
 * the panel's own invite route, as a real owner would be. Idempotent: a second run finds them.
 */
import { adminClient } from "./admin-client.ts";
import { DEMO_INSTANCE, DEMO_OWNER } from "./demo.ts";

export async function ensureDemoOwner(workerUrl: string, adminToken: string): Promise<"created" | "existing"> {
  const token = await adminClient(workerUrl, adminToken).invite(DEMO_INSTANCE, { role: "owner", name: DEMO_OWNER.name, phone: DEMO_OWNER.phone });
  if (token === null) return "existing";
  const res = await fetch(`${workerUrl}/api/auth/invite/accept`, {
    method: "POST",
    // The panel's API refuses state changes from any other origin than its own.
    headers: { "content-type": "application/json", origin: workerUrl },
    body: JSON.stringify({ token, password: DEMO_OWNER.password }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`signing the demo owner up: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  return "created";
}
