import { Hono, type Context } from "hono";
import { actorOf } from "../../services/accounts/sessions";
import type { ProvisionDeps } from "../../services/tenants/provisioning";
import { connectWhatsapp, whatsappState } from "../../services/tenants/whatsapp";
import { requires, tenantOf } from "../middleware/role";
import type { ApiEnv } from "../middleware/session";

const provisionDeps = (c: Context<ApiEnv>): ProvisionDeps => ({
  db: c.var.db,
  secretsKey: c.var.config.SECRETS_KEY,
  defaultEvolutionUrl: c.var.config.EVOLUTION_URL,
  evolutionApiKey: c.var.config.EVOLUTION_API_KEY,
  publicUrl: c.var.config.PUBLIC_URL,
});

/** `/api/whatsapp`: the connection's state and a QR code; connecting provisions when needed. */
export const whatsappRoutes = new Hono<ApiEnv>()
  .get("/", requires("whatsapp.read"), async (c) => c.json(await whatsappState(provisionDeps(c), tenantOf(c)), 200))
  .post("/connect", requires("whatsapp.connect"), async (c) => {
    const result = await connectWhatsapp(provisionDeps(c), tenantOf(c), actorOf(c.var.signedIn.user));
    if (result.ok) return c.json(result.whatsapp, 200);
    if (result.error === "not_found") return c.json({ error: "not_found" }, 404);
    c.var.log.warn("whatsapp connect failed", { tenantId: tenantOf(c).id, error: result.error, detail: result.detail });
    if (result.error === "not_configured") return c.json({ error: result.error, detail: result.detail }, 409);
    return c.json({ error: result.error, detail: result.detail }, 502);
  });
