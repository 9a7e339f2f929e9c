/**
 * Questions the bot could not answer from the knowledge: recorded by the turn (grouped with the
 * similar ones), listed for the owner, and answered in place, which makes them a FAQ that
 * retrieval finds the next time.
 */
import { KNOWLEDGE_FIELD_LIMITS, TENANT_KNOWLEDGE_LIMITS, type FaqEntry, type UnansweredQuestion } from "../../domain/knowledge";
import { decodeCursor, encodeCursor } from "../../platform/cursor";
import { runBatch } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import { findEntry } from "../../repositories/knowledge";
import * as repo from "../../repositories/unanswered";
import { createStatements, type WriteRefusal } from "./entries";
import { foldText, queryTerms } from "./normalize";
import { entryView } from "./rows";

/**
 * What makes two questions the same one: their sorted distinct search terms ("vocês entregam em
 * Santos?" and "entregam em santos" are one), or the folded text when it has no terms at all.
 */
export function questionKey(text: string): string {
  const terms = queryTerms(text).sort();
  return terms.length > 0 ? terms.join(" ") : foldText(text);
}

/** A question of a turn as it is recorded (one line, at most 500 characters); null when there is nothing to record. */
export function unansweredRecord(question: string, at: number): repo.UnansweredRecord | null {
  const text = Array.from(question.replace(/\s+/g, " ").trim()).slice(0, KNOWLEDGE_FIELD_LIMITS.question).join("");
  const key = questionKey(text);
  return key === "" ? null : { id: crypto.randomUUID(), questionKey: key, text, at };
}

function view(row: repo.UnansweredRow): UnansweredQuestion {
  return { id: row.id, text: row.text, contactJid: row.contactJid, at: row.lastAt, count: row.count };
}

export async function listQuestions(
  db: Database,
  tenantId: string,
  q: { cursor?: string | undefined; limit: number },
): Promise<{ items: UnansweredQuestion[]; nextCursor: string | null } | "invalid_cursor"> {
  let after: repo.UnansweredKey | null = null;
  if (q.cursor) {
    const key = decodeCursor(q.cursor, ["number", "string"]);
    if (!key) return "invalid_cursor";
    after = { lastAt: key[0], id: key[1] };
  }
  const rows = await repo.listUnanswered(db, tenantId, { after, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(view), nextCursor: rows.length > q.limit && last ? encodeCursor([last.lastAt, last.id]) : null };
}

/**
 * The owner's answer: a FAQ with the question (as asked, or as the owner rewrote it) and the
 * answer, and the question leaves the list, in one batch. The question stays listed when the
 * tenant's FAQs are at their limit.
 */
export async function answerQuestion(
  db: Database,
  tenantId: string,
  id: string,
  body: { answer: string; question?: string | undefined },
  now: number,
): Promise<FaqEntry | "not_found" | WriteRefusal> {
  const question = await repo.findUnanswered(db, tenantId, id);
  if (!question) return "not_found";
  const faqId = crypto.randomUUID();
  const fields = { kind: "faq" as const, question: body.question ?? question.text, answer: body.answer, keywords: [] };
  await runBatch(db, [...createStatements(db, tenantId, fields, { id: faqId, enabled: true, now }), repo.deleteUnansweredOnceAnswered(db, tenantId, id, faqId)]);
  const faq = await findEntry(db, tenantId, faqId);
  if (!faq) return { error: "limit_reached", kind: "faq", limit: TENANT_KNOWLEDGE_LIMITS.faq };
  return entryView(faq.row, 0) as FaqEntry;
}

export async function dismissQuestion(db: Database, tenantId: string, id: string): Promise<boolean> {
  const [gone] = await db.batch([repo.deleteUnanswered(db, tenantId, id)]);
  return gone.length > 0;
}
