import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";
import { meteredD1, metricsEnabled } from "../platform/metrics";

export type Database = ReturnType<typeof createDatabase>;

const createDatabase = (d1: D1Database, metered: boolean) => drizzle(metered ? meteredD1(d1) : d1, { schema });

/**
 * One handle per binding and isolate: drizzle derives its relational config from the whole schema
 * when a handle is made, which costs a webhook more than its own parsing does.
 */
const handles = new WeakMap<D1Database, { metered: Database | null; plain: Database | null }>();

/**
 * The drizzle handle every repository takes; nothing outside repositories/ runs SQL. With the
 * var `METRICS=1` (benchmark only) every statement's D1 rows read and written are counted.
 */
export function openDatabase(d1: D1Database, opts: { metered?: boolean } = {}): Database {
  const metered = opts.metered ?? metricsEnabled();
  let entry = handles.get(d1);
  if (!entry) handles.set(d1, (entry = { metered: null, plain: null }));
  if (metered) return (entry.metered ??= createDatabase(d1, true));
  return (entry.plain ??= createDatabase(d1, false));
}
