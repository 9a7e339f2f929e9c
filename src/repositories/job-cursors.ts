import { eq } from "drizzle-orm";
import type { Database } from "./db";
import { jobCursors } from "./schema";

/** Where `job` stopped last time; null when it finished or never ran. */
export async function readJobCursor(db: Database, job: string): Promise<string | null> {
  const row = await db.select({ cursor: jobCursors.cursor }).from(jobCursors).where(eq(jobCursors.job, job)).get();
  return row?.cursor ?? null;
}

export async function saveJobCursor(db: Database, job: string, cursor: string | null, now: number): Promise<void> {
  await db
    .insert(jobCursors)
    .values({ job, cursor, updatedAt: now })
    .onConflictDoUpdate({ target: jobCursors.job, set: { cursor, updatedAt: now } });
}
