import type { BatchItem } from "drizzle-orm/batch";
import type { Database } from "./db";

/** A statement built by a repository, to run with others in one `runBatch`. */
export type Statement = BatchItem<"sqlite">;

/**
 * Runs statements built by the repositories as one D1 batch: D1's transaction, so an action and
 * the audit event that records it are written together or not at all.
 */
export async function runBatch(db: Database, statements: Statement[]): Promise<void> {
  if (statements.length === 0) return;
  await db.batch(statements as [Statement, ...Statement[]]);
}
