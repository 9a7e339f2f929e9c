import { and, eq, inArray, isNull, lte, or } from "drizzle-orm";
import type { Statement } from "./batch";
import type { Database } from "./db";
import { authFailures } from "./schema";

export interface StoredFailures {
  failures: number[];
  lockedUntil: number | null;
}

/** What is remembered of each key, in one read; keys never failed are absent. */
export async function loadFailures(db: Database, keys: string[]): Promise<Map<string, StoredFailures>> {
  const rows = await db.select().from(authFailures).where(inArray(authFailures.key, keys)).all();
  return new Map(rows.map((r) => [r.key, { failures: JSON.parse(r.failures) as number[], lockedUntil: r.lockedUntil }]));
}

export function saveFailures(db: Database, key: string, state: StoredFailures, now: number): Statement {
  const values = { failures: JSON.stringify(state.failures), lockedUntil: state.lockedUntil, updatedAt: now };
  return db.insert(authFailures).values({ key, ...values }).onConflictDoUpdate({ target: authFailures.key, set: values });
}

export function clearFailures(db: Database, key: string): Statement {
  return db.delete(authFailures).where(eq(authFailures.key, key));
}

/** Forgets keys with no failure since `before` and no lock still running at `now` (the daily purge). */
export async function purgeStaleFailures(db: Database, before: number, now: number): Promise<void> {
  await db.delete(authFailures).where(and(lte(authFailures.updatedAt, before), or(isNull(authFailures.lockedUntil), lte(authFailures.lockedUntil, now))));
}
