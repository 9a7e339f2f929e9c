-- Fewer billed writes on the hot path (rows written are billed, index updates included):
-- messages, contacts and usage become WITHOUT ROWID tables clustered on the key every hot query
-- reads, so each stored row is one b-tree write. messages is keyed (tenant, contact, at, id), the
-- order of every transcript read, which makes messages_contact_at_idx unnecessary; a message id
-- is deduplicated by the Conversation object before it reaches D1. Also: the delivery state of
-- the bot's replies and the prompt tokens Gemini served from its cache.
-- Nothing references these tables, so they are rebuilt and renamed in place.
CREATE TABLE `__new_messages` (
	`tenant_id` text NOT NULL,
	`wa_id` text NOT NULL,
	`contact_jid` text NOT NULL,
	`direction` text NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`at` integer NOT NULL,
	`author_user_id` text,
	`author_name` text,
	`delivery` text,
	PRIMARY KEY(`tenant_id`, `contact_jid`, `at`, `wa_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT OR IGNORE INTO `__new_messages`("tenant_id", "wa_id", "contact_jid", "direction", "kind", "text", "at", "author_user_id", "author_name", "delivery")
	SELECT "tenant_id", "wa_id", "contact_jid", "direction", "kind", "text", "at", "author_user_id", "author_name", CASE WHEN "direction" = 'out' THEN 'sent' END FROM `messages`;--> statement-breakpoint
DROP TABLE `messages`;--> statement-breakpoint
ALTER TABLE `__new_messages` RENAME TO `messages`;--> statement-breakpoint
CREATE TABLE `__new_contacts` (
	`tenant_id` text NOT NULL,
	`jid` text NOT NULL,
	`name` text,
	`last_message_at` integer,
	`paused_until` integer,
	`created_at` integer NOT NULL,
	`unread` integer DEFAULT 0 NOT NULL,
	`last_direction` text,
	`last_kind` text,
	`last_text` text,
	`last_at` integer,
	`assigned_user_id` text,
	`assigned_name` text,
	PRIMARY KEY(`tenant_id`, `jid`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_contacts` SELECT "tenant_id", "jid", "name", "last_message_at", "paused_until", "created_at", "unread", "last_direction", "last_kind", "last_text", "last_at", "assigned_user_id", "assigned_name" FROM `contacts`;--> statement-breakpoint
DROP TABLE `contacts`;--> statement-breakpoint
ALTER TABLE `__new_contacts` RENAME TO `contacts`;--> statement-breakpoint
CREATE TABLE `__new_usage` (
	`tenant_id` text NOT NULL,
	`day` text NOT NULL,
	`messages_in` integer DEFAULT 0 NOT NULL,
	`replies_sent` integer DEFAULT 0 NOT NULL,
	`ai_calls` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`cached_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`handoffs` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`tenant_id`, `day`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_usage` ("tenant_id", "day", "messages_in", "replies_sent", "ai_calls", "prompt_tokens", "output_tokens", "handoffs", "failures")
	SELECT "tenant_id", "day", "messages_in", "replies_sent", "ai_calls", "prompt_tokens", "output_tokens", "handoffs", "failures" FROM `usage`;--> statement-breakpoint
DROP TABLE `usage`;--> statement-breakpoint
ALTER TABLE `__new_usage` RENAME TO `usage`;
