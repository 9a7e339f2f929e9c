import { drizzle } from "drizzle-orm/d1";
import * as schema from "../db/schema";

export type Database = ReturnType<typeof openDatabase>;

/** The drizzle handle every repository takes; nothing outside repositories/ runs SQL. */
export function openDatabase(d1: D1Database) {
  return drizzle(d1, { schema });
}
