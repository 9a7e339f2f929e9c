/**
 * A catalog CSV into the tenant's items: the good lines imported (an existing name updated, not
 * duplicated), the bad ones reported with their line, within the tenant's item limit.
 */
import { TENANT_KNOWLEDGE_LIMITS, type CsvImportReport, type CsvLineError } from "../../domain/knowledge";
import { runBatch, type Statement } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import * as repo from "../../repositories/knowledge";
import { parseCatalogCsv } from "./csv";
import { LIMIT_MESSAGES } from "./entries";
import { itemNameKey } from "./normalize";
import { entryWrites } from "./rows";

/** Items per statement: a few hundred KB of JSON, well inside one D1 statement. */
const ITEMS_PER_STATEMENT = 500;

export async function importCatalog(db: Database, tenantId: string, csv: string, now: number): Promise<CsvImportReport> {
  const parsed = parseCatalogCsv(csv);
  const errors: CsvLineError[] = [...parsed.errors];
  const keys = parsed.items.map((i) => itemNameKey(i.item.name));
  const [existing, counts] = await Promise.all([repo.existingNameKeys(db, tenantId, keys), repo.knowledgeCounts(db, tenantId)]);

  let room = TENANT_KNOWLEDGE_LIMITS.item - counts.items;
  const accepted: { write: repo.EntryWrite; isNew: boolean }[] = [];
  for (const { line, item } of parsed.items) {
    const isNew = !existing.has(itemNameKey(item.name));
    if (isNew && room <= 0) {
      errors.push({ line, message: LIMIT_MESSAGES.item });
      continue;
    }
    if (isNew) room--;
    const { entry } = entryWrites({ kind: "item", ...item }, { id: crypto.randomUUID(), tenantId, enabled: true, createdAt: now, updatedAt: now });
    accepted.push({ write: entry, isNew });
  }

  const statements: Statement[] = [];
  for (let i = 0; i < accepted.length; i += ITEMS_PER_STATEMENT) {
    const group = accepted.slice(i, i + ITEMS_PER_STATEMENT);
    const writes = group.map((g) => g.write);
    const adding = group.filter((g) => g.isNew).length;
    statements.push(repo.upsertItems(db, tenantId, writes, { max: TENANT_KNOWLEDGE_LIMITS.item, adding }), ...repo.writeIndexRows(db, tenantId, writes, "name_key"));
  }
  if (statements.length > 0) await runBatch(db, [...statements, repo.refreshStats(db, tenantId)]);

  const imported = accepted.filter((a) => a.isNew).length;
  return { imported, updated: accepted.length - imported, errors: errors.sort((a, b) => a.line - b.line) };
}
