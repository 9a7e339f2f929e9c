import { Hono } from "hono";
import { settingsPatchSchema } from "../../domain/panel-api";
import { actorOf } from "../../services/accounts/sessions";
import { operatorOnlyIssues, updateSettings } from "../../services/tenants/settings";
import { invalidRequest } from "../middleware/errors";
import { requires, tenantOf } from "../middleware/role";
import type { ApiEnv } from "../middleware/session";
import { jsonBody } from "./validate";

/** `/api/settings`: the tenant's bot settings; an owner changes what the bot says and when. */
export const settingsRoutes = new Hono<ApiEnv>()
  .get("/", requires("settings.read"), (c) => c.json(tenantOf(c).bot, 200))
  .patch(
    "/",
    requires("settings.write"),
    // Named before the schema's own check, so the answer says the key is the operator's.
    async (c, next) => {
      const issues = operatorOnlyIssues(await c.req.json().catch(() => null));
      return issues.length > 0 ? invalidRequest(c, issues.map((i) => ({ path: [i.path], message: i.message }))) : next();
    },
    jsonBody(settingsPatchSchema),
    async (c) => {
      const deps = { db: c.var.db, secretsKey: c.var.config.SECRETS_KEY, defaultEvolutionUrl: c.var.config.EVOLUTION_URL };
      const bot = await updateSettings(deps, tenantOf(c), c.req.valid("json"), actorOf(c.var.signedIn.user));
      return bot ? c.json(bot, 200) : c.json({ error: "not_found" }, 404);
    },
  );
