import type { ConversationFilter, ConversationSummary, LiveEvent, TranscriptMessage } from "../api/types";

type MessageEvent = Extract<LiveEvent, { type: "message" }>;
type StatusEvent = Extract<LiveEvent, { type: "conversation" }>;

/** Whether a conversation belongs in the list under the chosen filter and search. */
export function matchesFilter(c: ConversationSummary, filter: ConversationFilter, query: string): boolean {
  if (filter === "bot" && (c.status !== "bot" || c.pausedUntil !== null)) return false;
  if (filter === "human" && c.status !== "human") return false;
  if (filter === "paused" && c.pausedUntil === null) return false;
  const q = fold(query.trim());
  if (!q) return true;
  return [c.name ?? "", c.contact, c.lastMessage?.text ?? ""].some((s) => fold(s).includes(q));
}

const fold = (s: string): string => s.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();

/**
 * A live message moves its conversation to the top with the new last message; a customer
 * message counts as unread unless that conversation is open. A contact not yet listed is added.
 */
export function applyMessageEvent(
  list: readonly ConversationSummary[],
  event: MessageEvent,
  openContact: string | null,
): ConversationSummary[] {
  const { message } = event;
  const existing = list.find((c) => c.contact === event.contact);
  const base: ConversationSummary = existing ?? {
    contact: event.contact,
    name: null,
    lastMessage: null,
    unread: 0,
    status: "bot",
    pausedUntil: null,
    assignedTo: null,
  };
  const unread = message.direction === "in" && event.contact !== openContact ? base.unread + 1 : base.unread;
  const updated: ConversationSummary = {
    ...base,
    name: base.name ?? event.name ?? null,
    unread,
    lastMessage: { direction: message.direction, kind: message.kind, text: message.text, at: message.at },
  };
  return [updated, ...list.filter((c) => c.contact !== event.contact)];
}

export function applyStatusEvent(list: readonly ConversationSummary[], event: StatusEvent): ConversationSummary[] {
  return list.map((c) =>
    c.contact === event.contact
      ? { ...c, status: event.status, pausedUntil: event.pausedUntil, assignedTo: event.status === "bot" ? null : c.assignedTo }
      : c,
  );
}

export function markRead(list: readonly ConversationSummary[], contact: string): ConversationSummary[] {
  return list.map((c) => (c.contact === contact && c.unread > 0 ? { ...c, unread: 0 } : c));
}

/** Messages from a refetch or the socket joined to what is shown: one copy per id, oldest first. */
export function mergeTranscript(
  shown: readonly TranscriptMessage[],
  incoming: readonly TranscriptMessage[],
): TranscriptMessage[] {
  const byId = new Map<string, TranscriptMessage>();
  for (const m of shown) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  // A stable sort: messages of the same instant keep the order the server gave them.
  return [...byId.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
