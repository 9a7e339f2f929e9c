import { eq, lte, sql } from "drizzle-orm";
import type { Statement } from "./batch";
import type { Database } from "./db";
import { loginCodes } from "./schema";

export type LoginCode = typeof loginCodes.$inferSelect;

export async function findLoginCode(db: Database, login: string): Promise<LoginCode | null> {
  return (await db.select().from(loginCodes).where(eq(loginCodes.login, login)).get()) ?? null;
}

/** Stores the login's new code, replacing the one before. */
export async function saveLoginCode(db: Database, code: LoginCode): Promise<void> {
  const { login: _login, ...rest } = code;
  await db.insert(loginCodes).values(code).onConflictDoUpdate({ target: loginCodes.login, set: rest });
}

export function countCodeTry(db: Database, login: string): Statement {
  return db.update(loginCodes).set({ tries: sql`${loginCodes.tries} + 1` }).where(eq(loginCodes.login, login));
}

export function deleteLoginCode(db: Database, login: string): Statement {
  return db.delete(loginCodes).where(eq(loginCodes.login, login));
}

/** Forgets codes past their validity (the daily purge). */
export async function purgeExpiredCodes(db: Database, now: number): Promise<void> {
  await db.delete(loginCodes).where(lte(loginCodes.expiresAt, now));
}
