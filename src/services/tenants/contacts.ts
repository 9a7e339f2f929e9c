import type { ContactView } from "../../domain/api/contacts";
import { conversationName } from "../../domain/inbound-event";
import type { Tenant } from "../../domain/tenant";
import type { Database } from "../../repositories/db";
import { findTenantByInstance } from "../../repositories/tenants";
import * as repo from "../../repositories/transcripts";
import { decodeCursor, encodeCursor } from "../../platform/cursor";
import { pauseUntil } from "../attendant/handoff";
import { holdConversation, releaseConversation } from "./conversations";
import { deleteContactUnanswered } from "../../repositories/unanswered";

/** Messages are erased this many per statement, so no single delete holds D1 for long. */
const ERASE_BATCH = 500;

export interface ContactDeps {
  db: Database;
  conversations: Env["CONVERSATIONS"];
  now?: () => number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * A page of the tenant's contacts, most recent conversation first. Null when the tenant is
 * unknown, "invalid_cursor" when the cursor was not one this API gave out.
 */
export async function listContacts(
  deps: ContactDeps,
  instance: string,
  page: { limit: number; cursor: string | null },
): Promise<{ items: ContactView[]; nextCursor: string | null } | "invalid_cursor" | null> {
  const key = page.cursor === null ? null : decodeCursor(page.cursor, ["number", "string"] as const);
  if (page.cursor !== null && !key) return "invalid_cursor";
  const after = key ? { lastMessageAt: key[0], jid: key[1] } : null;
  const tenant = await findTenantByInstance(deps.db, instance);
  if (!tenant) return null;
  const rows = await repo.listContacts(deps.db, tenant.id, { limit: page.limit + 1, after });
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  const now = deps.now?.() ?? Date.now();
  return {
    items: items.map((c) => ({
      jid: c.jid,
      name: c.name,
      lastMessageAt: iso(c.lastMessageAt),
      // A pause that has run out is no pause: the object answers again on its own.
      pausedUntil: c.pausedUntil !== null && c.pausedUntil > now ? iso(c.pausedUntil) : null,
    })),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.lastMessageAt ?? 0, last.jid]) : null,
  };
}

/** The tenant, when it exists and knows the contact: every contact route starts here. */
async function tenantKnowing(deps: ContactDeps, instance: string, contact: string): Promise<Tenant | null> {
  const tenant = await findTenantByInstance(deps.db, instance);
  if (!tenant || !(await repo.contactExists(deps.db, tenant.id, contact))) return null;
  return tenant;
}

const conversationOf = (deps: ContactDeps, tenant: Tenant, contact: string) =>
  deps.conversations.getByName(conversationName({ tenantId: tenant.id, contact }));

/** The contact's last `limit` messages, oldest first; null when tenant or contact is unknown. */
export async function getTranscript(deps: ContactDeps, instance: string, contact: string, limit: number) {
  const tenant = await tenantKnowing(deps, instance, contact);
  if (!tenant) return null;
  const rows = await repo.lastMessages(deps.db, tenant.id, contact, limit);
  return { items: rows.map((m) => ({ ...m, at: new Date(m.at).toISOString() })) };
}

/** Pauses the bot for the contact, with nobody assigned: the panel's takeover without a person. */
export async function pauseContact(
  deps: ContactDeps,
  instance: string,
  contact: string,
  minutes: number,
): Promise<{ pausedUntil: string } | null> {
  const tenant = await tenantKnowing(deps, instance, contact);
  if (!tenant) return null;
  const until = pauseUntil(deps.now?.() ?? Date.now(), minutes);
  await holdConversation(deps, tenant, contact, until, null);
  return { pausedUntil: new Date(until).toISOString() };
}

export async function resumeContact(deps: ContactDeps, instance: string, contact: string): Promise<{ pausedUntil: null } | null> {
  const tenant = await tenantKnowing(deps, instance, contact);
  if (!tenant) return null;
  await releaseConversation(deps, tenant, contact);
  return { pausedUntil: null };
}

/**
 * Erases the contact (LGPD): the object first, so no pending reply writes the transcript back,
 * then the messages in bounded batches, then the contact row. False when unknown.
 */
export async function eraseContact(deps: ContactDeps, instance: string, contact: string): Promise<boolean> {
  const tenant = await tenantKnowing(deps, instance, contact);
  if (!tenant) return false;
  await conversationOf(deps, tenant, contact).erase();
  let deleted: number;
  do deleted = await repo.deleteContactMessages(deps.db, tenant.id, contact, ERASE_BATCH);
  while (deleted === ERASE_BATCH);
  await repo.deleteContact(deps.db, tenant.id, contact);
  await deleteContactUnanswered(deps.db, tenant.id, contact);
  return true;
}
