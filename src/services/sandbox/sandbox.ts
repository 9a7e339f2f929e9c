/**
 * "Testar o robô": the user's messages enter the real pipeline (debounce, rules, knowledge,
 * Gemini) through the sandbox contact's Conversation object, as a customer's would after the
 * queue; the replies are stored for the sandbox and pushed to the user's panel, never sent.
 * Only AI calls count against the tenant's quota.
 */
import { INBOUND_EVENT_VERSION, conversationName, type InboundEvent } from "../../domain/inbound-event";
import type { TranscriptMessage } from "../../domain/panel-api";
import { sandboxContact } from "../../domain/sandbox";
import type { Tenant } from "../../domain/tenant";
import * as repo from "../../repositories/transcripts";
import { transcriptPage, type ConversationControl, type ConversationDeps } from "../tenants/conversations";

/** How much of the test conversation the panel is given back. */
const SANDBOX_HISTORY = 100;
/** Erased this many messages per statement, as the admin API's erase does. */
const ERASE_BATCH = 500;

/** What the sandbox asks of the contact's Durable Object. */
export interface SandboxConversation {
  receive(event: InboundEvent): Promise<string>;
  erase(): Promise<void>;
}

/** The conversations service's deps: the sandbox reads its transcript through that service. */
export type SandboxDeps = ConversationDeps<SandboxConversation & ConversationControl>;

type User = { id: string; name: string };

const conversationOf = (deps: SandboxDeps, tenant: Tenant, contact: string) =>
  deps.conversations.getByName(conversationName({ tenantId: tenant.id, contact }));

/** The inbound event a sandbox message becomes: a customer's text, as the webhook would queue it. Pure. */
export function sandboxEvent(tenant: Tenant, user: User, text: string, id: string, now: number): InboundEvent {
  const contact = sandboxContact(user.id);
  return {
    v: INBOUND_EVENT_VERSION,
    type: "message",
    tenantId: tenant.id,
    instance: tenant.instance,
    contact,
    replyJid: contact,
    messageId: id,
    fromMe: false,
    isGroup: false,
    participant: null,
    pushName: user.name,
    timestamp: Math.floor(now / 1000),
    kind: "text",
    text,
    media: null,
    quotedId: null,
    receivedAt: now,
  };
}

/** Hands a test message to the pipeline; the bot's answer arrives later, live. */
export async function sendToSandbox(deps: SandboxDeps, tenant: Tenant, user: User, text: string): Promise<{ id: string; contact: string }> {
  const event = sandboxEvent(tenant, user, text, `sandbox:${crypto.randomUUID()}`, deps.now?.() ?? Date.now());
  await conversationOf(deps, tenant, event.contact).receive(event);
  return { id: event.messageId, contact: event.contact };
}

/** The user's test conversation so far, oldest first (empty before the first message). */
export async function sandboxTranscript(deps: SandboxDeps, tenant: Tenant, user: User): Promise<{ contact: string; items: TranscriptMessage[] }> {
  const contact = sandboxContact(user.id);
  const page = await transcriptPage(deps, tenant, contact, { limit: SANDBOX_HISTORY });
  return { contact, items: page && page !== "invalid_cursor" ? page.items : [] };
}

/** Starts the test conversation over: the object forgets it and its messages are deleted. */
export async function resetSandbox(deps: SandboxDeps, tenant: Tenant, user: User): Promise<void> {
  const contact = sandboxContact(user.id);
  await conversationOf(deps, tenant, contact).erase();
  let deleted: number;
  do deleted = await repo.deleteContactMessages(deps.db, tenant.id, contact, ERASE_BATCH);
  while (deleted === ERASE_BATCH);
  await repo.deleteContact(deps.db, tenant.id, contact);
}
