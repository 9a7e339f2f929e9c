/**
 * A message an attendant writes in the panel, as the contact's conversation sends it: through
 * Evolution as the business, its WhatsApp id remembered as ours (so Evolution's echo is not
 * taken for someone typing on the phone), stored in D1 as `human` with its author, and the bot
 * paused. When Evolution does not take it, nothing is stored and the pause is as it was.
 */
import type { Tenant } from "../../domain/tenant";
import { saveHumanMessage } from "../../repositories/conversations";
import type { Database } from "../../repositories/db";
import type { EvolutionClient } from "../evolution/client";
import { rememberSent, rememberSentId } from "./turn/deliver";
import type { TurnStore } from "./turn/turn-store";

export interface HumanMessage {
  tenantId: string;
  instance: string;
  contact: string;
  text: string;
  author: { id: string; name: string };
  /** The pause it implies (a longer one already running is kept). */
  pausedUntil: number;
}

export type HumanMessageResult = { ok: true; id: string } | { ok: false; reason: string };

export interface HumanMessageDeps {
  db: Database;
  evolution: (tenant: Tenant) => EvolutionClient;
  now: () => number;
}

export async function sendHumanMessage(store: TurnStore, tenant: Tenant, deps: HumanMessageDeps, m: HumanMessage): Promise<HumanMessageResult> {
  const before = store.state();
  // Paused before the send: a turn starting meanwhile stays quiet instead of talking over the human.
  store.update((s) => {
    s.tenantId ??= m.tenantId;
    s.instance ??= m.instance;
    s.contact ??= m.contact;
    s.pausedUntil = Math.max(s.pausedUntil ?? 0, m.pausedUntil);
  });
  const sent = await deps.evolution(tenant).sendText(before.replyJid ?? m.contact, m.text, 0);
  if (!sent.ok) {
    store.update((s) => (s.pausedUntil = before.pausedUntil));
    return { ok: false, reason: sent.reason };
  }
  const now = deps.now();
  const id = sent.messageId ?? `panel:${crypto.randomUUID()}`;
  const after = store.update((s) => {
    if (sent.messageId) s.sentIds = rememberSentId(s.sentIds, sent.messageId, now);
    s.recentSent = rememberSent(s.recentSent, m.text, now);
  });
  await saveHumanMessage(deps.db, {
    row: { tenantId: m.tenantId, waId: id, contactJid: m.contact, direction: "human", kind: "text", text: m.text, at: now, authorUserId: m.author.id, authorName: m.author.name },
    pausedUntil: after.pausedUntil!,
    assignee: m.author,
    now,
  });
  return { ok: true, id };
}
