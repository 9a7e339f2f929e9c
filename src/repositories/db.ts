import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";
import { meteredD1, metricsEnabled } from "../platform/metrics";

export type Database = ReturnType<typeof openDatabase>;

/**
 * The drizzle handle every repository takes; nothing outside repositories/ runs SQL. With the
 * var `METRICS=1` (benchmark only) every statement's D1 rows read and written are counted.
 */
export function openDatabase(d1: D1Database, opts: { metered?: boolean } = {}) {
  return drizzle((opts.metered ?? metricsEnabled()) ? meteredD1(d1) : d1, { schema });
}
