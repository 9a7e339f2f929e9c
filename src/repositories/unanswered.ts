/** Every D1 query over the questions the bot could not answer, scoped by tenant. */
import { and, asc, desc, eq, lt, or, sql } from "drizzle-orm";
import type { Statement } from "./batch";
import type { Database } from "./db";
import { unansweredQuestions, type UnansweredRow } from "./schema";

export type { UnansweredRow };

/** A question a turn could not answer, ready to record (the turn's contact is the asker). */
export interface UnansweredRecord {
  id: string;
  questionKey: string;
  text: string;
  at: number;
}

/**
 * Records one more asking of a question: a new row, or the row of the similar questions (same
 * key) counted once more and showing the latest wording and asker.
 */
export function recordUnanswered(db: Database, q: UnansweredRecord & { tenantId: string; contactJid: string }): Statement {
  const u = unansweredQuestions;
  return db
    .insert(u)
    .values({ tenantId: q.tenantId, id: q.id, questionKey: q.questionKey, text: q.text, contactJid: q.contactJid, count: 1, firstAt: q.at, lastAt: q.at })
    .onConflictDoUpdate({
      target: [u.tenantId, u.questionKey],
      set: { count: sql`${u.count} + 1`, text: q.text, contactJid: q.contactJid, lastAt: sql`max(${u.lastAt}, ${q.at})` },
    });
}

export interface UnansweredKey {
  lastAt: number;
  id: string;
}

/** A page of the tenant's open questions, latest asked first. */
export async function listUnanswered(db: Database, tenantId: string, page: { after: UnansweredKey | null; limit: number }): Promise<UnansweredRow[]> {
  const u = unansweredQuestions;
  const after = page.after ? or(lt(u.lastAt, page.after.lastAt), and(eq(u.lastAt, page.after.lastAt), sql`${u.id} > ${page.after.id}`)) : undefined;
  return db
    .select()
    .from(u)
    .where(and(eq(u.tenantId, tenantId), after))
    .orderBy(desc(u.lastAt), asc(u.id))
    .limit(page.limit)
    .all();
}

export async function findUnanswered(db: Database, tenantId: string, id: string): Promise<UnansweredRow | null> {
  const u = unansweredQuestions;
  return (await db.select().from(u).where(and(eq(u.tenantId, tenantId), eq(u.id, id))).get()) ?? null;
}

export function deleteUnanswered(db: Database, tenantId: string, id: string) {
  const u = unansweredQuestions;
  return db.delete(u).where(and(eq(u.tenantId, tenantId), eq(u.id, id))).returning({ id: u.id });
}

/** Deletes the question only when the FAQ answering it was written (in the same batch, before it). */
export function deleteUnansweredOnceAnswered(db: Database, tenantId: string, id: string, faqId: string): Statement {
  const u = unansweredQuestions;
  return db
    .delete(u)
    .where(and(eq(u.tenantId, tenantId), eq(u.id, id), sql`EXISTS (SELECT 1 FROM knowledge_entries WHERE tenant_id = ${tenantId} AND id = ${faqId})`));
}

/** A contact's erasure: the questions they were the last to ask go with them. */
export async function deleteContactUnanswered(db: Database, tenantId: string, contactJid: string): Promise<void> {
  const u = unansweredQuestions;
  await db.delete(u).where(and(eq(u.tenantId, tenantId), eq(u.contactJid, contactJid)));
}

/** Retention: the questions last asked before `cutoff` (epoch ms). */
export function deleteUnansweredBefore(db: Database, tenantId: string, cutoff: number) {
  const u = unansweredQuestions;
  return db.delete(u).where(and(eq(u.tenantId, tenantId), lt(u.lastAt, cutoff)));
}
