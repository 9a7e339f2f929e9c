import { and, eq, gt, isNull, lte } from "drizzle-orm";
import type { Statement } from "./batch";
import type { Database } from "./db";
import { invites } from "./schema";

export type Invite = typeof invites.$inferSelect;

/** A new invite; the login's older invites that were never used stop working. */
export function insertInvite(db: Database, invite: Invite): Statement[] {
  return [
    db.delete(invites).where(and(eq(invites.login, invite.login), isNull(invites.usedAt))),
    db.insert(invites).values(invite),
  ];
}

/** The invite behind a token hash, when it is neither used nor expired. */
export async function findUsableInvite(db: Database, tokenHash: string, now: number): Promise<Invite | null> {
  const row = await db
    .select()
    .from(invites)
    .where(and(eq(invites.tokenHash, tokenHash), isNull(invites.usedAt), gt(invites.expiresAt, now)))
    .get();
  return row ?? null;
}

export function markInviteUsed(db: Database, tokenHash: string, now: number): Statement {
  return db.update(invites).set({ usedAt: now }).where(and(eq(invites.tokenHash, tokenHash), isNull(invites.usedAt)));
}

/** Forgets invites past their validity, used or not (the daily purge). */
export async function purgeExpiredInvites(db: Database, now: number): Promise<void> {
  await db.delete(invites).where(lte(invites.expiresAt, now));
}
