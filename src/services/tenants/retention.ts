import { openDatabase } from "../../repositories/db";
import { readJobCursor, saveJobCursor } from "../../repositories/job-cursors";
import { listTenants } from "../../repositories/tenants";
import { clearPreviewsBefore, deleteMessagesBefore } from "../../repositories/transcripts";
import { deleteUnansweredBefore } from "../../repositories/unanswered";
import { ACCOUNT_PURGE_QUERIES, purgeAccounts } from "../accounts/purge";
import { createLogger } from "../../platform/log";

const DAY_MS = 86_400_000;
const JOB = "retention";

export interface RetentionOptions {
  /**
   * D1 queries this run may make. A Worker invocation may make about 1,000; the rest is left
   * for the runtime. When it runs out the run stops cleanly and the next day's run continues.
   */
  queryBudget?: number;
  /** Messages deleted per statement: short statements keep D1 free for live traffic. */
  batchSize?: number;
  /** Tenants read per query. */
  tenantPageSize?: number;
}

export interface RetentionReport {
  /** Tenants whose old messages are all gone. */
  tenants: number;
  deleted: number;
  queries: number;
  /** False when the budget ran out before every tenant was done. */
  complete: boolean;
}

/**
 * The daily purge (LGPD): for each tenant, messages older than its
 * `bot.retentionDays` before `scheduledTime` are deleted in bounded batches, within a budget of
 * queries. Every query is scoped by tenant id. A run that spends its budget saves where it
 * stopped and the next one continues there, so the tenants at the end of the list are reached
 * even when the ones before them take a whole run.
 */
export async function runRetention(env: Env, scheduledTime: number, opts: RetentionOptions = {}): Promise<RetentionReport> {
  const { queryBudget = 900, batchSize = 500, tenantPageSize = 50 } = opts;
  const db = openDatabase(env.DB);
  const report: RetentionReport = { tenants: 0, deleted: 0, queries: 0, complete: false };
  /** Counts one query against the budget, one always kept for saving the cursor; false when none is left. */
  const spend = () => {
    if (report.queries >= queryBudget - 1) return false;
    report.queries++;
    return true;
  };

  report.queries++;
  let after = await readJobCursor(db, JOB);
  purge: while (spend()) {
    const page = await listTenants(db, { limit: tenantPageSize, after, connectionState: null });
    for (const tenant of page) {
      const cutoff = scheduledTime - tenant.bot.retentionDays * DAY_MS;
      let deleted = batchSize;
      while (deleted === batchSize) {
        if (!spend()) break purge;
        deleted = await deleteMessagesBefore(db, tenant.id, cutoff, batchSize);
        report.deleted += deleted;
      }
      // The panel's list keeps each contact's last message on its row, and the questions the bot
      // could not answer name who asked: they go with the messages, in one round trip.
      if (!spend()) break purge;
      await db.batch([clearPreviewsBefore(db, tenant.id, cutoff), deleteUnansweredBefore(db, tenant.id, cutoff)]);
      report.tenants++;
      after = tenant.instance;
    }
    if (page.length < tenantPageSize) {
      report.complete = true;
      break;
    }
  }
  report.queries++;
  await saveJobCursor(db, JOB, report.complete ? null : after, scheduledTime);

  if (report.complete && report.queries + ACCOUNT_PURGE_QUERIES <= queryBudget) {
    report.queries += ACCOUNT_PURGE_QUERIES;
    await purgeAccounts(db, scheduledTime);
  }

  const log = createLogger({ component: "retention", runId: crypto.randomUUID() });
  if (report.complete) log.info("retention done", { ...report });
  else log.warn("retention stopped at its query budget", { ...report });
  return report;
}
