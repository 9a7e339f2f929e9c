import { and, asc, between, desc, eq, gt, isNotNull, isNull, lt, lte, notLike, or, sql, type SQL } from "drizzle-orm";
import { SANDBOX_JID_DOMAIN } from "../domain/sandbox";
import { contacts, messages, usage, type UsageRow } from "./schema";
import type { Database } from "./db";

/** Where a contacts page ends: the last row's sort key. Contacts never written to sort as 0. */
export interface ContactKey {
  lastMessageAt: number;
  jid: string;
}

export interface ContactSummary {
  jid: string;
  name: string | null;
  lastMessageAt: number | null;
  pausedUntil: number | null;
}

const lastMessageOrZero = sql<number>`coalesce(${contacts.lastMessageAt}, 0)`;

/** Keyset page of a tenant's contacts, most recent conversation first (jid breaks ties). */
export async function listContacts(
  db: Database,
  tenantId: string,
  page: { limit: number; after: ContactKey | null },
): Promise<ContactSummary[]> {
  const after = page.after
    ? or(
        lt(lastMessageOrZero, page.after.lastMessageAt),
        and(eq(lastMessageOrZero, page.after.lastMessageAt), gt(contacts.jid, page.after.jid)),
      )
    : undefined;
  return db
    .select({ jid: contacts.jid, name: contacts.name, lastMessageAt: contacts.lastMessageAt, pausedUntil: contacts.pausedUntil })
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), after))
    .orderBy(desc(lastMessageOrZero), asc(contacts.jid))
    .limit(page.limit)
    .all();
}

/**
 * Whether the tenant knows the contact: a contact row, or at least one message (a dead-lettered
 * event stores a message without a contact row). One round trip.
 */
export async function contactExists(db: Database, tenantId: string, jid: string): Promise<boolean> {
  const [row, message] = await db.batch([
    db.select({ jid: contacts.jid }).from(contacts).where(and(eq(contacts.tenantId, tenantId), eq(contacts.jid, jid))).limit(1),
    db.select({ id: messages.waId }).from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.contactJid, jid))).limit(1),
  ]);
  return row.length > 0 || message.length > 0;
}

export interface TranscriptEntry {
  id: string;
  direction: "in" | "out" | "human";
  kind: string;
  text: string | null;
  at: number;
}

/** The contact's last `limit` messages, oldest first; the message id breaks ties in `at` (the table's key order). */
export async function lastMessages(db: Database, tenantId: string, jid: string, limit: number): Promise<TranscriptEntry[]> {
  const rows = await db
    .select({ id: messages.waId, direction: messages.direction, kind: messages.kind, text: messages.text, at: messages.at })
    .from(messages)
    .where(and(eq(messages.tenantId, tenantId), eq(messages.contactJid, jid)))
    .orderBy(desc(messages.at), desc(messages.waId))
    .limit(limit)
    .all();
  return rows.reverse();
}

/**
 * Deletes up to `limit` messages matching `where`; returns how many went. Bounded so that no
 * single statement holds the database (D1 runs one query at a time) for long. `messages` is
 * WITHOUT ROWID, so its primary key addresses the batch.
 */
async function deleteMessageBatch(db: Database, where: SQL | undefined, limit: number): Promise<number> {
  const m = messages;
  const batch = db.select({ t: m.tenantId, c: m.contactJid, at: m.at, id: m.waId }).from(m).where(where).limit(limit);
  const result = await db.delete(m).where(sql`(${m.tenantId}, ${m.contactJid}, ${m.at}, ${m.waId}) IN ${batch}`);
  return result.meta.changes;
}

/** Deletes up to `limit` of the contact's messages; returns how many went. */
export function deleteContactMessages(db: Database, tenantId: string, jid: string, limit: number): Promise<number> {
  return deleteMessageBatch(db, and(eq(messages.tenantId, tenantId), eq(messages.contactJid, jid)), limit);
}

/** Deletes up to `limit` of the tenant's messages older than `before` (epoch ms); returns how many went. */
export function deleteMessagesBefore(db: Database, tenantId: string, before: number, limit: number): Promise<number> {
  return deleteMessageBatch(db, and(eq(messages.tenantId, tenantId), lt(messages.at, before)), limit);
}

export async function deleteContact(db: Database, tenantId: string, jid: string): Promise<void> {
  await db.delete(contacts).where(and(eq(contacts.tenantId, tenantId), eq(contacts.jid, jid)));
}

/** The tenant's daily counters for days in [from, to] (YYYY-MM-DD, inclusive), by day. */
export async function usageBetween(db: Database, tenantId: string, from: string, to: string): Promise<UsageRow[]> {
  return db
    .select()
    .from(usage)
    .where(and(eq(usage.tenantId, tenantId), between(usage.day, from, to)))
    .orderBy(asc(usage.day))
    .all();
}

/** Where a page of the panel's list ends: the last row's activity time and JID. */
export interface ConversationKey {
  activity: number;
  jid: string;
}

export type ConversationFilter = "all" | "bot" | "human" | "paused";

export interface ConversationRow {
  jid: string;
  name: string | null;
  unread: number;
  lastDirection: "in" | "out" | "human" | null;
  lastKind: string | null;
  lastText: string | null;
  lastAt: number | null;
  activity: number;
  pausedUntil: number | null;
  assignedUserId: string | null;
  assignedName: string | null;
}

const activity = sql<number>`coalesce(${contacts.lastAt}, ${contacts.lastMessageAt}, 0)`;

/** True when the column contains `text` literally: `%`, `_` and backslashes in it are escaped. */
const contains = (column: typeof contacts.name | typeof contacts.jid, text: string) =>
  sql`${column} LIKE ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`;

function statusFilter(status: ConversationFilter, now: number): SQL | undefined {
  const paused = gt(contacts.pausedUntil, now);
  if (status === "bot") return or(isNull(contacts.pausedUntil), lte(contacts.pausedUntil, now));
  if (status === "human") return and(paused, isNotNull(contacts.assignedUserId));
  if (status === "paused") return and(paused, isNull(contacts.assignedUserId));
  return undefined;
}

/**
 * A page of the panel's conversation list, newest activity first. It reads the tenant's contact
 * rows by key prefix and sorts them: everything shown is on the row, so there is no join, and no
 * index to rewrite on every turn.
 */
export async function listConversations(
  db: Database,
  tenantId: string,
  q: { now: number; status: ConversationFilter; search: string | null; after: ConversationKey | null; limit: number },
): Promise<ConversationRow[]> {
  const after = q.after
    ? or(lt(activity, q.after.activity), and(eq(activity, q.after.activity), gt(contacts.jid, q.after.jid)))
    : undefined;
  const search = q.search
    ? or(contains(contacts.name, q.search), contains(contacts.jid, q.search))
    : undefined;
  return db
    .select({
      jid: contacts.jid,
      name: contacts.name,
      unread: contacts.unread,
      lastDirection: contacts.lastDirection,
      lastKind: contacts.lastKind,
      lastText: contacts.lastText,
      lastAt: contacts.lastAt,
      activity,
      pausedUntil: contacts.pausedUntil,
      assignedUserId: contacts.assignedUserId,
      assignedName: contacts.assignedName,
    })
    .from(contacts)
    // The users' own test conversations ("Testar o robô") are no customer's.
    .where(and(eq(contacts.tenantId, tenantId), notLike(contacts.jid, `%@${SANDBOX_JID_DOMAIN}`), statusFilter(q.status, q.now), search, after))
    .orderBy(desc(activity), asc(contacts.jid))
    .limit(q.limit)
    .all();
}

/** Where a transcript page ends: the oldest row's time and id (the table's key order). */
export interface MessageKey {
  at: number;
  id: string;
}

export interface AuthoredEntry extends TranscriptEntry {
  author: string | null;
}

/** The contact's messages before `before` (all when null), the newest `limit`, oldest first. */
export async function messagesBefore(
  db: Database,
  tenantId: string,
  jid: string,
  page: { before: MessageKey | null; limit: number },
): Promise<AuthoredEntry[]> {
  const before = page.before
    ? or(lt(messages.at, page.before.at), and(eq(messages.at, page.before.at), lt(messages.waId, page.before.id)))
    : undefined;
  const rows = await db
    .select({ id: messages.waId, direction: messages.direction, kind: messages.kind, text: messages.text, at: messages.at, author: messages.authorName })
    .from(messages)
    .where(and(eq(messages.tenantId, tenantId), eq(messages.contactJid, jid), before))
    .orderBy(desc(messages.at), desc(messages.waId))
    .limit(page.limit)
    .all();
  return rows.reverse();
}

/** Clears the contact rows' copy of a last message older than `before`: it goes with the messages. */
export function clearPreviewsBefore(db: Database, tenantId: string, before: number) {
  return db
    .update(contacts)
    .set({ lastText: null })
    .where(and(eq(contacts.tenantId, tenantId), lt(contacts.lastAt, before), isNotNull(contacts.lastText)));
}
