CREATE TABLE `knowledge_entries` (
	`row_id` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`kind` text NOT NULL,
	`document_id` text,
	`seq` integer DEFAULT 0 NOT NULL,
	`question` text,
	`answer` text,
	`keywords` text,
	`name` text,
	`name_key` text,
	`price_cents` integer,
	`unit` text,
	`description` text,
	`category` text,
	`available` integer,
	`title` text,
	`text` text,
	`prompt_chars` integer DEFAULT 0 NOT NULL,
	`embedding` blob,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_entries_id_unique` ON `knowledge_entries` (`tenant_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_entries_item_name_unique` ON `knowledge_entries` (`tenant_id`,`name_key`) WHERE kind = 'item';--> statement-breakpoint
CREATE INDEX `knowledge_entries_list_idx` ON `knowledge_entries` (`tenant_id`,`kind`,`updated_at`);--> statement-breakpoint
CREATE INDEX `knowledge_entries_document_idx` ON `knowledge_entries` (`tenant_id`,`document_id`,`seq`);--> statement-breakpoint
CREATE INDEX `knowledge_entries_unembedded_idx` ON `knowledge_entries` (`tenant_id`,`row_id`) WHERE embedding IS NULL AND kind <> 'document';--> statement-breakpoint
CREATE TABLE `knowledge_stats` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	`faqs` integer DEFAULT 0 NOT NULL,
	`documents` integer DEFAULT 0 NOT NULL,
	`prompt_chars` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `unanswered_questions` (
	`tenant_id` text NOT NULL,
	`id` text NOT NULL,
	`question_key` text NOT NULL,
	`text` text NOT NULL,
	`contact_jid` text NOT NULL,
	`count` integer DEFAULT 1 NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unanswered_questions_key_unique` ON `unanswered_questions` (`tenant_id`,`question_key`);--> statement-breakpoint
CREATE INDEX `unanswered_questions_last_at_idx` ON `unanswered_questions` (`tenant_id`,`last_at`);--> statement-breakpoint
CREATE INDEX `unanswered_questions_contact_idx` ON `unanswered_questions` (`tenant_id`,`contact_jid`);