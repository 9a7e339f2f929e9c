import { timezoneOf } from "../../domain/bot-settings";
import type { InboundEvent } from "../../domain/inbound-event";
import { dayIn } from "../../domain/usage";
import { recordUsage, saveDeadLetter } from "../../repositories/conversations";
import type { Database } from "../../repositories/db";
import { findTenantById } from "../../repositories/tenants";

/**
 * An event that exhausted its retries: kept in the transcript, so the operator sees what went
 * unanswered, and counted as a failure on the tenant's business day. Nothing is kept for a
 * tenant that no longer exists.
 */
export async function storeDeadLetter(db: Database, event: InboundEvent, now: number): Promise<void> {
  const tenant = await findTenantById(db, event.tenantId);
  if (!tenant) return;
  await saveDeadLetter(db, event);
  await recordUsage(db, tenant.id, dayIn(timezoneOf(tenant.bot), now), { failures: 1 });
}
