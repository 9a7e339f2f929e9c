/**
 * The audit trail: who signed in, took a conversation over, released it, changed settings or
 * people, and when. Events are written in the same batch as the action they record.
 */
import type { AuditAction, AuditEvent, AuditResponse } from "../../domain/panel-api";
import type { Role } from "../../domain/roles";
import type { Statement } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import { insertAuditEvent, listAuditEvents } from "../../repositories/audit";

/** Who acted; null is the operator through the admin token. */
export type Actor = { id: string; name: string; role: Role } | null;

export type AuditDetails = AuditEvent["details"];

export interface AuditInput {
  tenantId: string | null;
  actor: Actor;
  action: AuditAction;
  target?: string | null;
  details?: AuditDetails;
}

/** The statement that records one event, to run in the batch of the action itself. */
export function auditStatement(db: Database, e: AuditInput, now: number): Statement {
  return insertAuditEvent(db, {
    tenantId: e.tenantId,
    at: now,
    actorUserId: e.actor?.id ?? null,
    actorName: e.actor?.name ?? null,
    actorRole: e.actor?.role ?? null,
    action: e.action,
    target: e.target ?? null,
    details: JSON.stringify(e.details ?? {}),
  });
}

/** Records an event on its own, for actions whose write happens elsewhere (a Durable Object). */
export async function recordAudit(db: Database, e: AuditInput, now: number): Promise<void> {
  await auditStatement(db, e, now);
}

/**
 * A page of the tenant's trail, newest first. The cursor is the last event's id; anything else
 * is "invalid_cursor".
 */
export async function listAudit(
  db: Database,
  tenantId: string,
  q: { cursor?: string | undefined; limit: number },
): Promise<AuditResponse | "invalid_cursor"> {
  const before = q.cursor === undefined ? null : Number(q.cursor);
  if (before !== null && !(Number.isSafeInteger(before) && before > 0)) return "invalid_cursor";
  const rows = await listAuditEvents(db, tenantId, { before, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      actor: r.actorUserId && r.actorName && r.actorRole ? { id: r.actorUserId, name: r.actorName, role: r.actorRole } : null,
      action: r.action,
      target: r.target,
      details: JSON.parse(r.details) as AuditDetails,
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
  };
}
