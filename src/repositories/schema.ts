import type { MessageKind } from "../domain/inbound-event";
import type { AuditAction } from "../domain/panel-api";
import type { Role } from "../domain/roles";
import { sql } from "drizzle-orm";
import { customType, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
    /** For the bot's replies: whether Evolution took it, or refused it for good. */
    delivery: text("delivery", { enum: ["sent", "failed"] }),
  },
  // WITHOUT ROWID (migration 0006), keyed in the order every transcript query reads, so a message
  // is one b-tree write (rows written are billed, index updates included) and no index is needed.
  // Repeats of a message id are dropped by the Conversation object before they get here.
  (t) => [primaryKey({ columns: [t.tenantId, t.contactJid, t.at, t.waId] })],
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
    /** Prompt tokens Gemini served from its implicit cache (billed at a tenth). */
    cachedTokens: integer("cached_tokens").notNull().default(0),
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

/** Float32 vector bytes; D1 hands blobs back as an ArrayBuffer (or number[] through some drivers). */
const vectorBlob = customType<{ data: Uint8Array; driverData: ArrayBuffer | number[] | Uint8Array }>({
  dataType: () => "blob",
  toDriver: (value) => value,
  fromDriver: (value) => (Array.isArray(value) ? Uint8Array.from(value) : value instanceof Uint8Array ? value : new Uint8Array(value)),
});

/**
 * Every knowledge row of a tenant: FAQs, items and documents as the owner wrote them, plus one
 * "chunk" row per piece of a document (what retrieval and the prompt use). `row_id` is the rowid
 * of the entry's row in the keyword index `knowledge_fts` (a custom migration: FTS5 tables and
 * the trigger that keeps the index in step with deletes are not expressible here).
 */
export const knowledgeEntries = sqliteTable(
  "knowledge_entries",
  {
    rowId: integer("row_id").primaryKey(),
    id: text("id").notNull(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["faq", "item", "document", "chunk"] }).notNull(),
    /** Chunks: the document's id, and the chunk's place in it. */
    documentId: text("document_id"),
    seq: integer("seq").notNull().default(0),
    question: text("question"),
    answer: text("answer"),
    keywords: text("keywords", { mode: "json" }).$type<string[]>(),
    name: text("name"),
    /** The folded name: an item's name is unique per tenant, case- and accent-insensitively. */
    nameKey: text("name_key"),
    /** BRL cents: no float drift between "12,90" and what is quoted. */
    priceCents: integer("price_cents"),
    unit: text("unit"),
    description: text("description"),
    category: text("category"),
    available: integer("available", { mode: "boolean" }),
    /** Documents: title and full text; chunks: the document's title and the chunk's text. */
    title: text("title"),
    text: text("text"),
    /** What the entry adds to the prompt block (its line and a newline); 0 for document rows. */
    promptChars: integer("prompt_chars").notNull().default(0),
    /** Null until embedded, and again whenever the text changes. */
    embedding: vectorBlob("embedding"),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("knowledge_entries_id_unique").on(t.tenantId, t.id),
    uniqueIndex("knowledge_entries_item_name_unique").on(t.tenantId, t.nameKey).where(sql`kind = 'item'`),
    index("knowledge_entries_list_idx").on(t.tenantId, t.kind, t.updatedAt),
    index("knowledge_entries_document_idx").on(t.tenantId, t.documentId, t.seq),
    index("knowledge_entries_unembedded_idx").on(t.tenantId, t.rowId).where(sql`embedding IS NULL AND kind <> 'document'`),
  ],
);

/** Per tenant: counts for the limits, the prompt size of everything enabled, a change counter. */
export const knowledgeStats = sqliteTable("knowledge_stats", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  items: integer("items").notNull().default(0),
  faqs: integer("faqs").notNull().default(0),
  documents: integer("documents").notNull().default(0),
  promptChars: integer("prompt_chars").notNull().default(0),
  version: integer("version").notNull().default(0),
});

/** Questions the bot could not answer, one row per group of similar ones. */
export const unansweredQuestions = sqliteTable(
  "unanswered_questions",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    /** The question's sorted distinct search terms: what makes two questions "similar". */
    questionKey: text("question_key").notNull(),
    /** The latest wording. */
    text: text("text").notNull(),
    /** Who asked last (erased with the contact). */
    contactJid: text("contact_jid").notNull(),
    count: integer("count").notNull().default(1),
    firstAt: integer("first_at").notNull(),
    lastAt: integer("last_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("unanswered_questions_key_unique").on(t.tenantId, t.questionKey),
    index("unanswered_questions_last_at_idx").on(t.tenantId, t.lastAt),
    index("unanswered_questions_contact_idx").on(t.tenantId, t.contactJid),
  ],
);

export type KnowledgeEntryRow = typeof knowledgeEntries.$inferSelect;
export type UnansweredRow = typeof unansweredQuestions.$inferSelect;

/** Where a background job that runs in slices (the nightly retention) stopped last time. */
export const jobCursors = sqliteTable("job_cursors", {
  job: text("job").primaryKey(),
  /** What the job passes as `after` next time; null: start from the beginning. */
  cursor: text("cursor"),
  updatedAt: integer("updated_at").notNull(),
});
