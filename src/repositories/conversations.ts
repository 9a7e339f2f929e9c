import { and, desc, eq, gte, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { contacts, messages, usage } from "./schema";
import { usageKeys, type UsageDelta } from "../domain/usage";
import type { InboundEvent } from "../domain/inbound-event";
import type { HistoryEntry } from "../domain/history";
import type { Database } from "./db";

export type StoredMessage = typeof messages.$inferInsert;

/** D1 allows 100 bound parameters per statement; a message row binds 7. */
const MESSAGE_ROWS_PER_INSERT = 14;

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
}

/** One atomic db.batch: the turn's messages, the contact row and the usage counters. */
export async function saveTurn(db: Database, w: TurnWrite): Promise<void> {
  const statements: BatchItem<"sqlite">[] = [];
  for (let i = 0; i < w.messages.length; i += MESSAGE_ROWS_PER_INSERT) {
    statements.push(db.insert(messages).values(w.messages.slice(i, i + MESSAGE_ROWS_PER_INSERT)).onConflictDoNothing());
  }
  statements.push(
    db
      .insert(contacts)
      .values({ tenantId: w.tenantId, jid: w.contact, name: w.contactName, lastMessageAt: w.lastMessageAt, pausedUntil: w.pausedUntil, createdAt: w.now })
      .onConflictDoUpdate({
        target: [contacts.tenantId, contacts.jid],
        set: {
          name: sql`coalesce(${w.contactName}, ${contacts.name})`,
          lastMessageAt: sql`max(coalesce(${contacts.lastMessageAt}, 0), coalesce(${w.lastMessageAt}, 0))`,
          pausedUntil: w.pausedUntil,
        },
      }),
  );
  if (usageKeys.some((k) => w.usage[k])) statements.push(usageUpsert(db, w.tenantId, w.day, w.usage));
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
}

/** Counters outside a turn (a send that finally failed, a dead-lettered event). */
export async function recordUsage(db: Database, tenantId: string, day: string, delta: UsageDelta): Promise<void> {
  await usageUpsert(db, tenantId, day, delta);
}

/** Mirrors a pause set by the admin API onto the contact row (the object stays the authority). */
export async function setContactPause(
  db: Database,
  tenantId: string,
  contact: string,
  pausedUntil: number | null,
  now: number,
): Promise<void> {
  await db
    .insert(contacts)
    .values({ tenantId, jid: contact, pausedUntil, createdAt: now })
    .onConflictDoUpdate({ target: [contacts.tenantId, contacts.jid], set: { pausedUntil } });
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
