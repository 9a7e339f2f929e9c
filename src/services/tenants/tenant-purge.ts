import { openDatabase, type Database } from "../../repositories/db";
import { deleteTenant as deleteTenantRow } from "../../repositories/tenants";
import { deleteTenantRows, findRetiredTenantIds, tenantTables } from "../../repositories/tenant-purge";
import { createLogger } from "../../platform/log";

export interface PurgeOptions {
  /** D1 queries this pass may make; a big tenant takes several passes. */
  queryBudget?: number;
  /** Rows deleted per statement: short statements keep D1 free for live traffic. */
  batchSize?: number;
}

export interface PurgeReport {
  /** Retired tenants now gone entirely. */
  tenants: number;
  deleted: number;
  queries: number;
  /** False when the budget ran out with data left; the next pass goes on. */
  complete: boolean;
}

/** Retired tenants looked at per pass. */
const TENANTS_PER_PASS = 20;

/**
 * Deletes a retired tenant's data table by table in bounded slices, then its row, within a
 * budget of queries: one cascading DELETE of a large tenant could outlast D1's time limit for a
 * statement and would hold the database meanwhile. Returns false when the budget ran out first.
 */
async function purgeTenant(db: Database, tenantId: string, report: PurgeReport, budget: number, batchSize: number): Promise<boolean> {
  /** Counts one query against the budget; false when none is left. */
  const spend = () => {
    if (report.queries >= budget) return false;
    report.queries++;
    return true;
  };
  for (const table of tenantTables) {
    for (;;) {
      if (!spend()) return false;
      const deleted = await deleteTenantRows(db, table, tenantId, batchSize);
      report.deleted += deleted;
      if (deleted < batchSize) break;
    }
  }
  if (!spend()) return false;
  await deleteTenantRow(db, tenantId);
  report.tenants++;
  return true;
}

/** One pass over one tenant just retired: a small tenant is gone before the answer. */
export async function purgeRetiredTenant(db: Database, tenantId: string, opts: PurgeOptions = {}): Promise<PurgeReport> {
  const { queryBudget = 20, batchSize = 500 } = opts;
  const report: PurgeReport = { tenants: 0, deleted: 0, queries: 0, complete: false };
  report.complete = await purgeTenant(db, tenantId, report, queryBudget, batchSize);
  return report;
}

/** The scheduled pass: finishes what deletions left, oldest first, within its budget. */
export async function purgeRetiredTenants(env: Env, opts: PurgeOptions = {}): Promise<PurgeReport> {
  const { queryBudget = 800, batchSize = 500 } = opts;
  const db = openDatabase(env.DB);
  const report: PurgeReport = { tenants: 0, deleted: 0, queries: 1, complete: true };
  for (const id of await findRetiredTenantIds(db, TENANTS_PER_PASS)) {
    if (!(await purgeTenant(db, id, report, queryBudget, batchSize))) {
      report.complete = false;
      break;
    }
  }
  if (report.deleted > 0 || !report.complete) {
    createLogger({ component: "tenant-purge" })[report.complete ? "info" : "warn"]("tenant purge pass", { ...report });
  }
  return report;
}
