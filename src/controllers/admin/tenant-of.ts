import type { Context } from "hono";
import { instanceNameSchema } from "../../domain/api/tenants";
import type { Tenant } from "../../domain/tenant";
import { getTenant } from "../../services/tenants/tenants";
import type { AppEnv } from "../middleware/context";

/** The tenant an admin path names by `{instance}`; null for a name that is not valid or not there. */
export async function findTenantByInstance(c: Context<AppEnv>): Promise<Tenant | null> {
  const instance = instanceNameSchema.safeParse(c.req.param("instance"));
  if (!instance.success) return null;
  return getTenant({ db: c.var.db, secretsKey: c.var.config.SECRETS_KEY, defaultEvolutionUrl: c.var.config.EVOLUTION_URL }, instance.data);
}
