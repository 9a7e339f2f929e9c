-- The keyword index gains an indexed `tenant` column (one token per tenant, "t" + the id's hex
-- digits), so a search intersects its terms with the tenant's own rows inside FTS5 instead of
-- scoring every tenant's matches and filtering afterwards: retrieval costs what the tenant holds,
-- not what the platform holds. Rebuilt from the current index, whose columns are already
-- normalized; the delete trigger is recreated around the swap.
DROP TRIGGER `knowledge_entries_fts_delete`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `knowledge_fts_new` USING fts5(
	title, body, tags, tenant,
	tenant_id UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `knowledge_fts_new` (rowid, title, body, tags, tenant, tenant_id)
	SELECT rowid, title, body, tags, 't' || replace(tenant_id, '-', ''), tenant_id FROM `knowledge_fts`;
--> statement-breakpoint
DROP TABLE `knowledge_fts`;
--> statement-breakpoint
ALTER TABLE `knowledge_fts_new` RENAME TO `knowledge_fts`;
--> statement-breakpoint
CREATE TRIGGER `knowledge_entries_fts_delete` AFTER DELETE ON `knowledge_entries` BEGIN
	DELETE FROM knowledge_fts WHERE rowid = old.row_id;
END;
