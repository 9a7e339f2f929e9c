-- The keyword index of knowledge_entries (not expressible in the drizzle schema). Its columns hold
-- text already normalized by the application (folded, stemmed); the tokenizer's folding is a
-- safety net. rowid = knowledge_entries.row_id.
CREATE VIRTUAL TABLE `knowledge_fts` USING fts5(
	title, body, tags,
	tenant_id UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2'
);
--> statement-breakpoint
-- The index has no foreign key: this keeps it in step with every delete, the cascade from a
-- deleted tenant included. Inserts and updates are written by the repository with the entry.
CREATE TRIGGER `knowledge_entries_fts_delete` AFTER DELETE ON `knowledge_entries` BEGIN
	DELETE FROM knowledge_fts WHERE rowid = old.row_id;
END;
