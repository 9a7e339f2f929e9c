import { and, desc, eq, isNull, lt } from "drizzle-orm";
import type { Statement } from "./batch";
import type { Database } from "./db";
import { auditEvents, type AuditEventRow } from "./schema";

export type NewAuditEvent = Omit<AuditEventRow, "id">;

export function insertAuditEvent(db: Database, event: NewAuditEvent): Statement {
  return db.insert(auditEvents).values(event);
}

/** The tenant's trail (null: the operator-level one), newest first, before the event id `before`. */
export async function listAuditEvents(
  db: Database,
  tenantId: string | null,
  page: { before: number | null; limit: number },
): Promise<AuditEventRow[]> {
  return db
    .select()
    .from(auditEvents)
    .where(and(tenantId === null ? isNull(auditEvents.tenantId) : eq(auditEvents.tenantId, tenantId), page.before === null ? undefined : lt(auditEvents.id, page.before)))
    .orderBy(desc(auditEvents.id))
    .limit(page.limit)
    .all();
}
