import { createExecutionContext, createScheduledController, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { saveTurn, type StoredMessage } from "../../src/repositories/conversations";
import { openDatabase } from "../../src/repositories/db";
import worker from "../../src/index";
import { runRetention } from "../../src/services/tenants/retention";
import { ADMIN, createTenant } from "../helpers/app";

const DAY = 86_400_000;
const db = openDatabase(env.DB);
let seq = 0;

/** Stores `count` messages at `at`, spread over a few contacts, through the turn repository. */
async function seedMessages(tenantId: string, count: number, at: number) {
  const rows: StoredMessage[] = Array.from({ length: count }, (_, i) => ({
    tenantId,
    waId: `seed-${++seq}`,
    contactJid: `55119999900${i % 5}@s.whatsapp.net`,
    direction: i % 2 ? "out" : "in",
    kind: "text",
    text: "x",
    at: at + (i % 1000),
  }));
  for (let i = 0; i < rows.length; i += 700) {
    await saveTurn(db, {
      tenantId,
      contact: rows[i]!.contactJid,
      contactName: null,
      messages: rows.slice(i, i + 700),
      lastMessageAt: at,
      pausedUntil: null,
      now: Date.now(),
      day: "2025-01-01",
      usage: {},
    });
  }
}

async function countMessages(tenantId: string, before?: number): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM messages WHERE tenant_id = ? AND at < ?")
    .bind(tenantId, before ?? Number.MAX_SAFE_INTEGER)
    .first<{ n: number }>();
  return row!.n;
}

describe("runRetention", () => {
  it("deletes exactly the messages older than each tenant's retentionDays, in many batches", async () => {
    const now = Date.now();
    const a = await createTenant({ instance: "retention-a", bot: { retentionDays: 30 } });
    const b = await createTenant({ instance: "retention-b", bot: { retentionDays: 90 } });
    await seedMessages(a.id, 1_500, now - 31 * DAY);
    await seedMessages(a.id, 150, now - 29 * DAY);
    await seedMessages(b.id, 1_000, now - 91 * DAY);
    // Past tenant A's retention but within B's: B keeps these.
    await seedMessages(b.id, 150, now - 60 * DAY);

    const report = await runRetention(env, now, { batchSize: 200 });

    // One tenant page, then A: 7 full batches and a partial one; B: 5 full batches and an empty one;
    // one update of each tenant's contact previews; the accounts' purge.
    // The cursor is read first and saved last.
    expect(report).toEqual({ tenants: 2, deleted: 2_500, queries: 1 + 1 + 8 + 6 + 2 + 1 + 4, complete: true });
    expect(await countMessages(a.id)).toBe(150);
    expect(await countMessages(a.id, now - 30 * DAY)).toBe(0);
    expect(await countMessages(b.id)).toBe(150);
    expect(await countMessages(b.id, now - 90 * DAY)).toBe(0);
  });

  it("also: stops cleanly at its query budget and the next run continues where it stopped, not from the first tenant", async () => {
    const now = Date.now();
    const c = await createTenant({ instance: "retention-c", bot: { retentionDays: 30 } });
    await seedMessages(c.id, 300, now - 40 * DAY);
    await seedMessages(c.id, 20, now - DAY);
    // New old messages for A: a run that started from the first tenant again would spend on them.
    const a = (await (await SELF.fetch("http://atenbot.test/admin/tenants/retention-a", { headers: ADMIN })).json()) as { id: string };
    await seedMessages(a.id, 100, now - 40 * DAY);

    // The cursor and the page; A: a full batch, an empty one and the previews; B: an empty batch
    // and the previews; then one batch of C, and the last query saves the cursor.
    const partial = await runRetention(env, now, { queryBudget: 9, batchSize: 100 });
    expect(partial).toEqual({ tenants: 2, deleted: 200, queries: 9, complete: false });
    expect(await countMessages(c.id)).toBe(220);

    // A and B are not visited again: C is finished first, and the sweep ends.
    const next = await runRetention(env, now, { batchSize: 100 });
    expect(next).toMatchObject({ tenants: 1, deleted: 200, complete: true });
    expect(await countMessages(c.id)).toBe(20);

    // A sweep that ended starts the next one from the first tenant.
    const fresh = await runRetention(env, now, { batchSize: 100 });
    expect(fresh).toMatchObject({ tenants: 3, deleted: 0, complete: true });
  });

  it("reads tenants page by page", async () => {
    const d = await createTenant({ instance: "retention-d", bot: { retentionDays: 1 } });
    await seedMessages(d.id, 10, Date.now() - 2 * DAY);
    const report = await runRetention(env, Date.now(), { tenantPageSize: 1 });
    // Four tenants, one per page, plus the empty page that ends the list; a delete and the previews
    // for each; the accounts' purge.
    expect(report).toEqual({ tenants: 4, deleted: 10, queries: 1 + 5 + 4 + 4 + 1 + 4, complete: true });
  });
});

describe("the daily cron", () => {
  it("runs retention", async () => {
    const e = await createTenant({ instance: "retention-e", bot: { retentionDays: 7 } });
    await seedMessages(e.id, 30, Date.now() - 8 * DAY);
    await seedMessages(e.id, 5, Date.now() - DAY);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "0 3 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await countMessages(e.id)).toBe(5);
  });
});
