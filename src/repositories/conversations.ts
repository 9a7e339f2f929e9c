import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { contacts, messages, usage } from "./schema";
import { usageKeys, type UsageDelta } from "../domain/usage";
import type { InboundEvent } from "../domain/inbound-event";
import type { HistoryEntry } from "../domain/history";
import type { Database } from "./db";
import { recordUnanswered, type UnansweredRecord } from "./unanswered";

export type StoredMessage = typeof messages.$inferInsert;

/** D1 allows 100 bound parameters per statement; a message row binds 8 (its author stays null here). */
const MESSAGE_ROWS_PER_INSERT = 12;

/** The contact's recent messages, oldest first: the memory of a turn. */
export async function loadHistory(
  db: Database,
  q: { tenantId: string; contact: string; since: number; limit: number },
): Promise<HistoryEntry[]> {
  const rows = await db
    .select({ direction: messages.direction, kind: messages.kind, text: messages.text, at: messages.at })
    .from(messages)
    .where(and(eq(messages.tenantId, q.tenantId), eq(messages.contactJid, q.contact), gte(messages.at, q.since)))
    .orderBy(desc(messages.at))
    .limit(q.limit);
  return rows.reverse();
}

function usageUpsert(db: Database, tenantId: string, day: string, delta: UsageDelta) {
  const values = Object.fromEntries(usageKeys.map((k) => [k, delta[k] ?? 0]));
  const set = Object.fromEntries(
    usageKeys.filter((k) => delta[k]).map((k) => [k, sql`${usage[k]} + ${delta[k]}`]),
  );
  return db
    .insert(usage)
    .values({ tenantId, day, ...values })
    .onConflictDoUpdate({ target: [usage.tenantId, usage.day], set });
}

export interface TurnWrite {
  tenantId: string;
  contact: string;
  contactName: string | null;
  messages: StoredMessage[];
  lastMessageAt: number | null;
  pausedUntil: number | null;
  now: number;
  day: string;
  usage: UsageDelta;
  /** The question the bot could not answer from the knowledge, if any (absent in outboxes stored before it existed). */
  unanswered?: UnansweredRecord | null;
}

/** The contact row's copy of its newest message, kept only when it is newer than the one there. */
function previewColumns(rows: StoredMessage[]) {
  const last = rows.reduce<StoredMessage | null>((a, m) => (a === null || m.at >= a.at ? m : a), null);
  if (!last) return { values: {}, set: {} };
  const newer = sql`${last.at} >= coalesce(${contacts.lastAt}, 0)`;
  const pick = (value: string | number | null, column: SQLiteColumn) => sql`case when ${newer} then ${value} else ${column} end`;
  return {
    values: { lastDirection: last.direction, lastKind: last.kind, lastText: last.text ?? null, lastAt: last.at },
    set: {
      lastDirection: pick(last.direction, contacts.lastDirection),
      lastKind: pick(last.kind, contacts.lastKind),
      lastText: pick(last.text ?? null, contacts.lastText),
      lastAt: sql`max(coalesce(${contacts.lastAt}, 0), ${last.at})`,
    },
  };
}

/**
 * One atomic db.batch: the turn's messages, the contact row and the usage counters. The contact
 * row also carries what the panel's list shows (newest message, unread customer messages), so
 * the list costs no extra write per turn.
 */
export async function saveTurn(db: Database, w: TurnWrite): Promise<void> {
  const statements: BatchItem<"sqlite">[] = [];
  for (let i = 0; i < w.messages.length; i += MESSAGE_ROWS_PER_INSERT) {
    statements.push(db.insert(messages).values(w.messages.slice(i, i + MESSAGE_ROWS_PER_INSERT)).onConflictDoNothing());
  }
  const preview = previewColumns(w.messages);
  const unread = w.messages.filter((m) => m.direction === "in").length;
  statements.push(
    db
      .insert(contacts)
      .values({ tenantId: w.tenantId, jid: w.contact, name: w.contactName, lastMessageAt: w.lastMessageAt, pausedUntil: w.pausedUntil, createdAt: w.now, unread, ...preview.values })
      .onConflictDoUpdate({
        target: [contacts.tenantId, contacts.jid],
        set: {
          name: sql`coalesce(${w.contactName}, ${contacts.name})`,
          lastMessageAt: sql`max(coalesce(${contacts.lastMessageAt}, 0), coalesce(${w.lastMessageAt}, 0))`,
          pausedUntil: w.pausedUntil,
          ...(unread > 0 ? { unread: sql`${contacts.unread} + ${unread}` } : {}),
          ...preview.set,
        },
      }),
  );
  if (usageKeys.some((k) => w.usage[k])) statements.push(usageUpsert(db, w.tenantId, w.day, w.usage));
  if (w.unanswered) statements.push(recordUnanswered(db, { ...w.unanswered, tenantId: w.tenantId, contactJid: w.contact }));
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

/**
 * Whether a turn's D1 write already happened, by one of its rows (primary key lookup: one row
 * read). Asked only when an object resumes an outbox it did not commit itself.
 */
export async function turnSaved(db: Database, tenantId: string, row: { contact: string; at: number; waId: string }): Promise<boolean> {
  const found = await db
    .select({ id: messages.waId })
    .from(messages)
    .where(and(eq(messages.tenantId, tenantId), eq(messages.contactJid, row.contact), eq(messages.at, row.at), eq(messages.waId, row.waId)))
    .limit(1);
  return found.length > 0;
}

/** Counters outside a turn (a send that finally failed, a dead-lettered event). */
export async function recordUsage(db: Database, tenantId: string, day: string, delta: UsageDelta): Promise<void> {
  await usageUpsert(db, tenantId, day, delta);
}

/** Who holds a paused conversation: the panel user who took it over, or nobody (admin, handoff). */
export type Assignee = { id: string; name: string } | null;

/**
 * Mirrors a pause set from outside a turn (admin API, panel takeover and release) onto the
 * contact row, with whoever took the conversation over; the object stays the authority.
 */
export async function setContactPause(
  db: Database,
  tenantId: string,
  contact: string,
  pausedUntil: number | null,
  now: number,
  assignee: Assignee = null,
): Promise<void> {
  const set = { pausedUntil, assignedUserId: assignee?.id ?? null, assignedName: assignee?.name ?? null };
  await db
    .insert(contacts)
    .values({ tenantId, jid: contact, createdAt: now, ...set })
    .onConflictDoUpdate({ target: [contacts.tenantId, contacts.jid], set });
}

/**
 * A message an attendant wrote in the panel, once Evolution took it: its transcript row (with
 * its author) and the contact row (the pause it implies, the newest message), in one batch.
 */
export async function saveHumanMessage(
  db: Database,
  m: { row: StoredMessage; pausedUntil: number; assignee: Assignee; now: number },
): Promise<void> {
  const preview = previewColumns([m.row]);
  const hold = { pausedUntil: m.pausedUntil, assignedUserId: m.assignee?.id ?? null, assignedName: m.assignee?.name ?? null };
  await db.batch([
    db.insert(messages).values(m.row).onConflictDoNothing(),
    db
      .insert(contacts)
      .values({ tenantId: m.row.tenantId, jid: m.row.contactJid, createdAt: m.now, ...hold, ...preview.values })
      .onConflictDoUpdate({ target: [contacts.tenantId, contacts.jid], set: { ...hold, ...preview.set } }),
  ]);
}

/** Clears the contact's unread count (the panel opened it); false when the tenant has no such row. */
export async function markContactRead(db: Database, tenantId: string, contact: string): Promise<boolean> {
  const done = await db
    .update(contacts)
    .set({ unread: 0 })
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.jid, contact)))
    .returning({ jid: contacts.jid });
  return done.length === 1;
}

/** The transcript row of an inbound event: the customer's ("in") or the operator's ("human"). */
export function inboundRow(e: InboundEvent): StoredMessage {
  return {
    tenantId: e.tenantId,
    waId: e.messageId,
    contactJid: e.contact,
    direction: e.fromMe ? "human" : "in",
    kind: e.kind,
    text: e.text,
    at: e.timestamp * 1000,
  };
}

/** Keeps a dead-lettered event in the transcript, so the operator sees what went unanswered. */
export async function saveDeadLetter(db: Database, e: InboundEvent): Promise<void> {
  await db.insert(messages).values(inboundRow(e)).onConflictDoNothing();
}
