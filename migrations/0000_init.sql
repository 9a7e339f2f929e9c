CREATE TABLE `contacts` (
	`tenant_id` text NOT NULL,
	`jid` text NOT NULL,
	`name` text,
	`last_message_at` integer,
	`paused_until` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `jid`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`tenant_id` text NOT NULL,
	`wa_id` text NOT NULL,
	`contact_jid` text NOT NULL,
	`direction` text NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`at` integer NOT NULL,
	PRIMARY KEY(`tenant_id`, `wa_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `messages_contact_at_idx` ON `messages` (`tenant_id`,`contact_jid`,`at`);--> statement-breakpoint
CREATE TABLE `tenants` (
	`id` text PRIMARY KEY NOT NULL,
	`instance` text NOT NULL,
	`name` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`evolution_url` text,
	`evolution_token_enc` text,
	`evolution_token_hash` text,
	`webhook_secret_enc` text NOT NULL,
	`bot` text NOT NULL,
	`connection_state` text DEFAULT 'unknown' NOT NULL,
	`qr_code` text,
	`qr_code_updated_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tenants_instance_unique` ON `tenants` (`instance`);--> statement-breakpoint
CREATE INDEX `tenants_connection_state_idx` ON `tenants` (`connection_state`,`instance`);--> statement-breakpoint
CREATE TABLE `usage` (
	`tenant_id` text NOT NULL,
	`day` text NOT NULL,
	`messages_in` integer DEFAULT 0 NOT NULL,
	`replies_sent` integer DEFAULT 0 NOT NULL,
	`ai_calls` integer DEFAULT 0 NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`handoffs` integer DEFAULT 0 NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`tenant_id`, `day`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
