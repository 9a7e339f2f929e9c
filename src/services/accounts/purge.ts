/** The accounts' part of the daily purge: what no longer signs anyone in is deleted. */
import type { Database } from "../../repositories/db";
import { purgeStaleFailures } from "../../repositories/auth-failures";
import { purgeExpiredInvites } from "../../repositories/invites";
import { purgeExpiredCodes } from "../../repositories/login-codes";
import { purgeExpiredSessions } from "../../repositories/sessions";
import { FAILURE_WINDOW_MS } from "./attempts";

/** The number of D1 queries `purgeAccounts` makes. */
export const ACCOUNT_PURGE_QUERIES = 4;

export async function purgeAccounts(db: Database, now: number): Promise<void> {
  await purgeExpiredSessions(db, now);
  await purgeExpiredInvites(db, now);
  await purgeExpiredCodes(db, now);
  await purgeStaleFailures(db, now - FAILURE_WINDOW_MS, now);
}
