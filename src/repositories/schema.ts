import type { MessageKind } from "../domain/inbound-event";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/** One row per business. Credentials are AES-GCM ciphertexts; the plaintext never reaches D1. */
export const tenants = sqliteTable(
  "tenants",
  {
    id: text("id").primaryKey(),
    instance: text("instance").notNull(),
    name: text("name").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    evolutionUrl: text("evolution_url"),
    /** Evolution instance token, encrypted. */
    evolutionTokenEnc: text("evolution_token_enc"),
    /** SHA-256 of the instance token, so a webhook's `apikey` is checked without decrypting. */
    evolutionTokenHash: text("evolution_token_hash"),
    webhookSecretEnc: text("webhook_secret_enc").notNull(),
    /** The secret before the last rotation, still accepted until `previousWebhookSecretUntil`. */
    previousWebhookSecretEnc: text("previous_webhook_secret_enc"),
    previousWebhookSecretUntil: integer("previous_webhook_secret_until"),
    /** BotSettings as JSON, always complete (defaults applied on write). */
    bot: text("bot").notNull(),
    connectionState: text("connection_state").notNull().default("unknown"),
    qrCode: text("qr_code"),
    qrCodeUpdatedAt: integer("qr_code_updated_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("tenants_instance_unique").on(t.instance),
    index("tenants_connection_state_idx").on(t.connectionState, t.instance),
  ],
);

export const contacts = sqliteTable(
  "contacts",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    jid: text("jid").notNull(),
    name: text("name"),
    lastMessageAt: integer("last_message_at"),
    pausedUntil: integer("paused_until"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.jid] })],
);

/** Transcript rows: customer messages (in), bot replies (out) and operator messages (human). */
export const messages = sqliteTable(
  "messages",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** WhatsApp message id; for bot replies not yet sent, a local id. */
    waId: text("wa_id").notNull(),
    contactJid: text("contact_jid").notNull(),
    direction: text("direction", { enum: ["in", "out", "human"] }).notNull(),
    kind: text("kind").$type<MessageKind>().notNull(),
    text: text("text"),
    /** Epoch ms: WhatsApp's timestamp for inbound, send time for outbound. */
    at: integer("at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.waId] }),
    index("messages_contact_at_idx").on(t.tenantId, t.contactJid, t.at),
  ],
);

/** Daily counters per tenant. */
export const usage = sqliteTable(
  "usage",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    messagesIn: integer("messages_in").notNull().default(0),
    repliesSent: integer("replies_sent").notNull().default(0),
    aiCalls: integer("ai_calls").notNull().default(0),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    handoffs: integer("handoffs").notNull().default(0),
    failures: integer("failures").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.day] })],
);

export type TenantRow = typeof tenants.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type UsageRow = typeof usage.$inferSelect;
