ALTER TABLE `tenants` ADD `previous_webhook_secret_enc` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `previous_webhook_secret_until` integer;