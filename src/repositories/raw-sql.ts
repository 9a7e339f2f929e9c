import type { SQL } from "drizzle-orm";
import type { Database } from "./db";

/**
 * `db.run(sql)` / `db.all(sql)` that can also go into `db.batch()`. drizzle's D1 batch binds a
 * statement's parameters on a prepared `stmt` that only query builders carry, so a raw
 * statement with parameters fails there; this prepares it the same way.
 */
export function runSql(db: Database, query: SQL) {
  return withStatement(db, db.run(query));
}

export function allSql<T>(db: Database, query: SQL) {
  return withStatement(db, db.all<T>(query));
}

function withStatement<Q extends { getQuery(): { sql: string } }>(db: Database, raw: Q): Q {
  return Object.assign(raw, { stmt: db.$client.prepare(raw.getQuery().sql) });
}
