import type { MessageKind } from "../domain/inbound-event";
import type { AuditAction } from "../domain/panel-api";
import type { Role } from "../domain/roles";
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
    /**
     * The panel's list reads everything it shows from this row, written by the same upsert that
     * stores a turn: customer messages not yet read in the panel, and the newest message.
     */
    unread: integer("unread").notNull().default(0),
    lastDirection: text("last_direction", { enum: ["in", "out", "human"] }),
    lastKind: text("last_kind").$type<MessageKind>(),
    lastText: text("last_text"),
    lastAt: integer("last_at"),
    /** Who took the conversation over in the panel (a name copied: it outlives the user). */
    assignedUserId: text("assigned_user_id"),
    assignedName: text("assigned_name"),
  },
  // No index beyond the key: the panel's list reads a tenant's rows by key prefix and sorts
  // them, because an index on the activity time would be rewritten (billed) on every turn.
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
    /** The panel user who wrote a `human` message; the name is copied so it outlives the user. */
    authorUserId: text("author_user_id"),
    authorName: text("author_name"),
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
export type UsageRow = typeof usage.$inferSelect;

/** People who sign in. `platform` users have no tenant. A login is unique on the platform. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    role: text("role").$type<Role>().notNull(),
    name: text("name").notNull(),
    /** Phone digits with country code, or a lowercased e-mail address. */
    login: text("login").notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt>$<hash>`; null for a user who signs in by code only. */
    passwordHash: text("password_hash"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("users_login_unique").on(t.login), index("users_tenant_idx").on(t.tenantId)],
);

/** Server-side sessions; the cookie holds the only copy of the id, D1 its SHA-256. */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /**
     * The tenant the session acts in: the user's own for owners and agents (copied, so a request
     * needs one join), the tenant a platform user is viewing (null on the tenants page).
     */
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    lastUsedAt: integer("last_used_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Invites: single use, 7 days, stored as the SHA-256 of the link's token. */
export const invites = sqliteTable("invites", {
  tokenHash: text("token_hash").primaryKey(),
  /** Null for an operator (`platform`) invite. */
  tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
  role: text("role").$type<Role>().notNull(),
  name: text("name").notNull(),
  login: text("login").notNull(),
  /** Null when the operator invited with the admin token. */
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});

/** The pending sign-in code of a login (a new one replaces it); kept only for logins that exist. */
export const loginCodes = sqliteTable("login_codes", {
  login: text("login").primaryKey(),
  /** HMAC-SHA-256 under a key derived from SECRETS_KEY, bound to the login. */
  codeHash: text("code_hash").notNull(),
  expiresAt: integer("expires_at").notNull(),
  tries: integer("tries").notNull().default(0),
  sentAt: integer("sent_at").notNull(),
});

/** Failed sign-ins per key (`login:<login>` or `ip:<address>`), for logins that exist or not. */
export const authFailures = sqliteTable("auth_failures", {
  key: text("key").primaryKey(),
  /** JSON array of the epoch ms of the failures still inside the window. */
  failures: text("failures").notNull(),
  lockedUntil: integer("locked_until"),
  updatedAt: integer("updated_at").notNull(),
});

/** Who did what, per tenant (tenant null: operator-level events, such as a platform sign-in). */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    /** The rowid: monotonic under D1's single writer, so it orders the trail and pages it. */
    id: integer("id").primaryKey(),
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    at: integer("at").notNull(),
    /** Copied, not referenced: the trail outlives a removed user. Null: the admin token. */
    actorUserId: text("actor_user_id"),
    actorName: text("actor_name"),
    actorRole: text("actor_role").$type<Role>(),
    action: text("action").$type<AuditAction>().notNull(),
    target: text("target"),
    /** JSON object of non-secret facts: the sign-in method, the settings keys changed. */
    details: text("details").notNull().default("{}"),
  },
  (t) => [index("audit_tenant_idx").on(t.tenantId, t.id)],
);

export type UserRow = typeof users.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
