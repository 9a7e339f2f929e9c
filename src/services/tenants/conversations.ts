/**
 * The panel's conversations: the list with each one's status, transcript pages with authors,
 * and the human side of the handoff (take over, write, release). The contact's Durable Object
 * is the authority over the pause; D1 mirrors it for the lists. The admin API's pause and resume
 * are the same hold and release, with nobody assigned.
 */
import type {
  ConversationItem,
  ConversationsQuery,
  ConversationsResponse,
  TakeoverResponse,
  TranscriptQuery,
  TranscriptResponse,
} from "../../domain/panel-api";
import { conversationName } from "../../domain/inbound-event";
import type { MessageKind } from "../../domain/inbound-event";
import type { Tenant } from "../../domain/tenant";
import { decodeCursor, encodeCursor } from "../../platform/cursor";
import { markContactRead, setContactPause, type Assignee } from "../../repositories/conversations";
import type { Database } from "../../repositories/db";
import * as repo from "../../repositories/transcripts";
import { recordAudit, type Actor } from "../accounts/audit";
import type { HumanMessage, HumanMessageResult } from "../attendant/human-message";
import { pauseUntil } from "../attendant/handoff";

/** What this service asks of a conversation's Durable Object. */
export interface ConversationControl {
  pause(tenantId: string, contact: string, until: number): Promise<void>;
  resume(): Promise<void>;
  writeAsHuman(message: HumanMessage): Promise<HumanMessageResult>;
}

export interface ConversationDeps<C = ConversationControl> {
  db: Database;
  conversations: { getByName(name: string): C };
  now?: () => number;
}

/** What holding and releasing need: the admin API's pause and resume use these too. */
type HoldDeps = ConversationDeps<Pick<ConversationControl, "pause" | "resume">>;

const iso = (ms: number) => new Date(ms).toISOString();
const control = <C>(deps: ConversationDeps<C>, tenant: Tenant, contact: string): C =>
  deps.conversations.getByName(conversationName({ tenantId: tenant.id, contact }));

/** Whether the tenant knows the contact (a contact row or a message): every contact route asks. */
export function knowsContact(db: Database, tenant: Tenant, contact: string): Promise<boolean> {
  return repo.contactExists(db, tenant.id, contact);
}

/** The bot stays quiet for the contact until `until`; `assignee` is who took it over, if anyone. */
export async function holdConversation(deps: HoldDeps, tenant: Tenant, contact: string, until: number, assignee: Assignee): Promise<void> {
  await control(deps, tenant, contact).pause(tenant.id, contact, until);
  await setContactPause(deps.db, tenant.id, contact, until, deps.now?.() ?? Date.now(), assignee);
}

/** The bot answers the contact again, and nobody holds the conversation. */
export async function releaseConversation(deps: HoldDeps, tenant: Tenant, contact: string): Promise<void> {
  await control(deps, tenant, contact).resume();
  await setContactPause(deps.db, tenant.id, contact, null, deps.now?.() ?? Date.now());
}

function itemOf(row: repo.ConversationRow, now: number): ConversationItem {
  // A pause that has run out is no pause: the object answers again on its own.
  const paused = row.pausedUntil !== null && row.pausedUntil > now;
  return {
    contact: row.jid,
    name: row.name,
    lastMessage:
      row.lastDirection && row.lastAt !== null
        ? { direction: row.lastDirection, kind: (row.lastKind ?? "text") as MessageKind, text: row.lastText, at: iso(row.lastAt) }
        : null,
    unread: row.unread,
    status: paused ? "human" : "bot",
    pausedUntil: paused ? iso(row.pausedUntil!) : null,
    assignedTo: paused && row.assignedUserId && row.assignedName ? { id: row.assignedUserId, name: row.assignedName } : null,
  };
}

/** A page of the tenant's conversations, newest activity first; "invalid_cursor" for a cursor not given out here. */
export async function listConversations(
  deps: ConversationDeps,
  tenant: Tenant,
  q: ConversationsQuery,
): Promise<ConversationsResponse | "invalid_cursor"> {
  const key = q.cursor === undefined ? null : decodeCursor(q.cursor, ["number", "string"] as const);
  if (q.cursor !== undefined && !key) return "invalid_cursor";
  const now = deps.now?.() ?? Date.now();
  const rows = await repo.listConversations(deps.db, tenant.id, {
    now,
    status: q.status,
    search: q.q ? q.q : null,
    after: key ? { activity: key[0], jid: key[1] } : null,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => itemOf(r, now)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.activity, last.jid]) : null,
  };
}

/** A transcript page, oldest first; null when the tenant does not know the contact. */
export async function transcriptPage(
  deps: ConversationDeps,
  tenant: Tenant,
  contact: string,
  q: TranscriptQuery,
): Promise<TranscriptResponse | "invalid_cursor" | null> {
  const key = q.before === undefined ? null : decodeCursor(q.before, ["number", "string"] as const);
  if (q.before !== undefined && !key) return "invalid_cursor";
  if (!(await knowsContact(deps.db, tenant, contact))) return null;
  const rows = await repo.messagesBefore(deps.db, tenant.id, contact, { before: key ? { at: key[0], id: key[1] } : null, limit: q.limit + 1 });
  // Fetched one more than asked, oldest first: an extra row at the start means older ones exist.
  const page = rows.length > q.limit ? rows.slice(1) : rows;
  const first = page[0];
  return {
    items: page.map((m) => ({ id: m.id, direction: m.direction, kind: m.kind as MessageKind, text: m.text, at: iso(m.at), author: m.author })),
    nextBefore: rows.length > q.limit && first ? encodeCursor([first.at, first.id]) : null,
  };
}

/** Takes the conversation over for `user` (audited): the bot pauses until release or auto-resume. */
export async function takeOver(
  deps: ConversationDeps,
  tenant: Tenant,
  contact: string,
  user: NonNullable<Actor>,
  autoResumeMinutes: number | undefined,
): Promise<TakeoverResponse | null> {
  if (!(await knowsContact(deps.db, tenant, contact))) return null;
  const now = deps.now?.() ?? Date.now();
  const until = pauseUntil(now, autoResumeMinutes ?? tenant.bot.handoff.pauseMinutes);
  const assignee = { id: user.id, name: user.name };
  await holdConversation(deps, tenant, contact, until, assignee);
  await recordAudit(deps.db, { tenantId: tenant.id, actor: user, action: "conversation.takeover", target: contact, details: { pausedUntil: iso(until) } }, now);
  return { status: "human", pausedUntil: iso(until), assignedTo: assignee };
}

/**
 * Sends a text as the human attendant (it implies a takeover): through the contact's object, so
 * its WhatsApp id is known as ours when Evolution's echo arrives. Null for an unknown contact.
 */
export async function writeAsHuman(
  deps: ConversationDeps,
  tenant: Tenant,
  contact: string,
  user: { id: string; name: string },
  text: string,
): Promise<HumanMessageResult | null> {
  if (!(await knowsContact(deps.db, tenant, contact))) return null;
  const pausedUntil = pauseUntil(deps.now?.() ?? Date.now(), tenant.bot.handoff.pauseMinutes);
  return control(deps, tenant, contact).writeAsHuman({
    tenantId: tenant.id,
    instance: tenant.instance,
    contact,
    text,
    author: { id: user.id, name: user.name },
    pausedUntil,
  });
}

/** Hands the conversation back to the bot (audited); false for an unknown contact. */
export async function handBack(deps: ConversationDeps, tenant: Tenant, contact: string, user: NonNullable<Actor>): Promise<boolean> {
  if (!(await knowsContact(deps.db, tenant, contact))) return false;
  await releaseConversation(deps, tenant, contact);
  await recordAudit(deps.db, { tenantId: tenant.id, actor: user, action: "conversation.release", target: contact }, deps.now?.() ?? Date.now());
  return true;
}

/** Clears the contact's unread count; false for an unknown contact. */
export async function markRead(deps: ConversationDeps, tenant: Tenant, contact: string): Promise<boolean> {
  return markContactRead(deps.db, tenant.id, contact);
}
