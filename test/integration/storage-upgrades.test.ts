import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ConversationStore } from "../../src/durable-objects/conversation/store";
import { TenantLedger } from "../../src/durable-objects/tenant-ledger";

/**
 * Objects deployed before their storage layout changed keep what they held: a reply in flight
 * keeps its parts, and the ledger keeps every claim and the owner it named.
 */
describe("storage written by the earlier layouts", () => {
  it("a reply stored with its parts in outbox rows is sent whole after the upgrade", async () => {
    const stub = env.CONVERSATIONS.getByName("upgrade-outbox");
    const outbox = await runInDurableObject(stub, (_o, ctx) => {
      const sql = ctx.storage.sql;
      sql.exec("CREATE TABLE outbox (slot INTEGER PRIMARY KEY, part TEXT NOT NULL) STRICT");
      const part = (text: string) => JSON.stringify({ to: "5511999990001@s.whatsapp.net", text, delayMs: 0 });
      // Slot 2 is a leftover of an earlier, longer reply: not part of this one.
      sql.exec("INSERT INTO outbox (slot, part) VALUES (0, ?), (1, ?), (2, ?)", part("Olá!"), part("Temos pão."), part("velho"));
      const header = { turnId: "t1", messageIds: ["m1"], to: "5511999990001@s.whatsapp.net", partCount: 2, next: 1, delivery: ["sent"], attempts: 0, nextAttemptAt: null, now: 1, day: "2026-12-01", usage: {}, contactName: null, pausedUntil: null, unanswered: null };
      sql.exec("INSERT OR REPLACE INTO state (k, v) VALUES (1, ?)", JSON.stringify({ contact: "5511999990001@s.whatsapp.net", outbox: header }));
      const store = new ConversationStore(ctx.storage);
      const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").toArray().map((r) => r.name);
      return { outbox: store.state().outbox, tables };
    });
    expect(outbox.outbox).toMatchObject({ turnId: "t1", next: 1, delivery: ["sent"], parts: [{ text: "Olá!" }, { text: "Temos pão." }] });
    expect(outbox.outbox).not.toHaveProperty("partCount");
    expect(outbox.tables).not.toContain("outbox");
  });

  it("claims stored one row each still name their owner after the upgrade", async () => {
    const stub = env.LEDGER.getByName("upgrade-claims");
    const owners = await runInDurableObject(stub, (_o, ctx) => {
      const sql = ctx.storage.sql;
      sql.exec("CREATE TABLE claims (id TEXT PRIMARY KEY, owner TEXT NOT NULL, at INTEGER NOT NULL) STRICT, WITHOUT ROWID");
      const now = Date.now();
      for (let i = 0; i < 1_500; i++) sql.exec("INSERT INTO claims (id, owner, at) VALUES (?, ?, ?)", `id-${i}`, `t:${i % 3}`, now - 1_500 + i);
      const ledger = new TenantLedger(ctx, env);
      const groups = sql.exec<{ n: number }>("SELECT count(*) AS n FROM claim_sets").one().n;
      return ledger.claim([{ id: "id-0", owner: "t:9" }, { id: "id-1499", owner: "t:9" }, { id: "new", owner: "t:9" }]).then((o) => ({ o, groups }));
    });
    expect(owners.o).toEqual(["t:0", "t:2", "t:9"]);
    expect(owners.groups).toBe(2);
  });
});
