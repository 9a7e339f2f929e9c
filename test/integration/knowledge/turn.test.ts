import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runRetention } from "../../../src/services/tenants/retention";
import { admin, createTenant } from "../../helpers/app";
import { deliver, drain } from "../../helpers/conversation";
import { geminiFunctionCall, geminiText, installFakeProviders, type FakeProviders } from "../../helpers/fake-providers";
import { addEntry, knowledgeAdmin, knowledgeRowCounts } from "../../helpers/knowledge";
import { textUpsert } from "../../helpers/payloads";
import { knowledgeBlockOf } from "../../../tools/knowledge-block";

/**
 * The knowledge in a real turn: webhook, queue, the Conversation object's alarm, one Gemini
 * call intercepted, and the "Conhecimento da empresa" block read from the request's
 * systemInstruction.
 */

const ANA = "5511999990001@s.whatsapp.net";
let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => {
  fake.restore();
  vi.restoreAllMocks();
});

/** The system instruction of the n-th model call. */
const systemOf = (n: number): string => (fake.gemini[n]!.body.systemInstruction.parts as { text: string }[]).map((p) => p.text).join("\n");

const blockOf = knowledgeBlockOf;

async function ask(t: { id: string; instance: string }, text: string, from = ANA) {
  await deliver(t.id, from, textUpsert({ instance: t.instance, text, from }));
  await drain(t.id, from);
}

/** A catalog too big for a small budget, so retrieval has to choose. */
async function bakery(bot: Record<string, unknown> = {}) {
  const t = await createTenant({ bot: { knowledgeBudgetChars: 400, ...bot } });
  const csv = [
    "nome;preco;unidade;categoria;disponivel",
    "Bolo de cenoura;38,00;inteiro;Bolos;sim",
    "Bolo de chocolate;42,00;inteiro;Bolos;sim",
    "Coxinha de frango;6,50;unidade;Salgados;sim",
    "Pão de queijo;4,50;unidade;Salgados;sim",
    "Sonho de creme;7,00;unidade;Doces;não",
    "Pastel de carne;8,00;unidade;Salgados;sim",
    "Café expresso;6,00;xícara;Bebidas;sim",
    "Suco de laranja;9,00;copo;Bebidas;sim",
    "Torta de limão;12,00;fatia;Doces;sim",
  ].join("\n");
  expect(await (await knowledgeAdmin(t.instance).importCsv(csv)).json()).toMatchObject({ imported: 9, errors: [] });
  return t;
}

describe("the knowledge block in the prompt", () => {
  it("finds plurals, missing accents and capitals, quotes the price as stored and marks what is sold out", async () => {
    const t = await bakery();
    await ask(t, "Vocês têm COXINHAS? e paes de queijo?");
    const block = blockOf(systemOf(0));
    expect(block).toContain("- [produto] Coxinha de frango — R$ 6,50 (unidade) — categoria: Salgados");
    expect(block).toContain("- [produto] Pão de queijo — R$ 4,50 (unidade) — categoria: Salgados");
    expect(block).not.toContain("Bolo de cenoura");
    expect(block.length).toBeLessThanOrEqual(400);

    await ask(t, "tem sonhos hoje?");
    expect(blockOf(systemOf(1))).toContain("- [produto] Sonho de creme — R$ 7,00 (unidade) — esgotado — categoria: Doces");
    // The rules that go with the knowledge.
    expect(systemOf(1)).toContain('Preços, disponibilidade de produtos, prazos e políticas vêm só do bloco "Conhecimento da empresa"');
    expect(JSON.stringify(fake.gemini[1]!.body.tools)).toContain("no_answer");
  });

  it("answers a follow-up from the previous message's subject: after the carrot cake, 'e o de chocolate?' finds the chocolate cake", async () => {
    const t = await bakery();
    await ask(t, "tem bolo de cenoura?");
    expect(blockOf(systemOf(0))).toContain("Bolo de cenoura — R$ 38,00");
    await ask(t, "e o de chocolate?");
    const block = blockOf(systemOf(1));
    const lines = block.split("\n").slice(1);
    expect(lines[0]).toContain("- [produto] Bolo de chocolate — R$ 42,00");
  });

  it("puts the whole knowledge in, in a stable order, when it fits the budget, and never more than the budget", async () => {
    const t = await bakery({ knowledgeBudgetChars: 6000 });
    await ask(t, "bom dia");
    await ask(t, "quanto é a torta de limão?");
    const first = blockOf(systemOf(0));
    expect(first.split("\n")[0]).toBe("Conhecimento da empresa (preços, disponibilidade e políticas vêm só daqui):");
    expect(first.split("\n")).toHaveLength(10);
    // Byte for byte the same on another turn about something else: the prefix cache can hit.
    expect(blockOf(systemOf(1))).toBe(first);
    const prefix = (s: string) => s.slice(0, s.indexOf("Contexto:"));
    expect(prefix(systemOf(1))).toBe(prefix(systemOf(0)));

    for (const budget of [0, 150, 300]) {
      expect((await admin("PATCH", `/admin/tenants/${t.instance}`, { bot: { knowledgeBudgetChars: budget } })).status).toBe(200);
      await ask(t, "quanto custa o bolo de chocolate e a coxinha e o café?");
      const block = blockOf(systemOf(fake.gemini.length - 1));
      expect(block.length).toBeLessThanOrEqual(budget);
      if (budget === 0) expect(systemOf(fake.gemini.length - 1)).not.toContain("Conhecimento da empresa");
    }
  });

  it("never shows one tenant's knowledge in another tenant's prompt", async () => {
    const a = await createTenant();
    const b = await createTenant();
    await addEntry(a.instance, { kind: "item", name: "Bolo da vovó Ana", price: 50 });
    await addEntry(b.instance, { kind: "item", name: "Bolo secreto da Bia", price: 99 });
    await addEntry(b.instance, { kind: "faq", question: "Qual a senha do wifi?", answer: "padaria-bia-123" });
    await ask(a, "tem bolo? qual a senha do wifi?");
    await ask(b, "tem bolo?", "5511999990002@s.whatsapp.net");
    const promptA = systemOf(0);
    expect(promptA).toContain("Bolo da vovó Ana");
    expect(promptA).not.toContain("Bia");
    expect(promptA).not.toContain("padaria-bia-123");
    const promptB = systemOf(1);
    expect(promptB).toContain("Bolo secreto da Bia");
    expect(promptB).not.toContain("vovó Ana");
  });

  it("leaves the prompt without a block and without the knowledge rules for a tenant with no knowledge", async () => {
    const t = await createTenant();
    await ask(t, "quanto custa o pão?");
    expect(systemOf(0)).not.toContain("Conhecimento da empresa");
    expect(fake.textsTo(ANA)).toHaveLength(1);
  });
});

describe("embeddings", () => {
  it("are computed after a write, off the request, and re-rank what the keywords found", async () => {
    const t = await bakery();
    await vi.waitFor(
      async () => {
        const row = await env.DB.prepare("SELECT count(*) AS n FROM knowledge_entries WHERE tenant_id = ? AND embedding IS NOT NULL").bind(t.id).first<{ n: number }>();
        expect(row!.n).toBe(9);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(fake.embeddings.map((e) => [new URL(e.url).pathname, e.body.requests?.length])).toEqual([["/v1beta/models/gemini-embedding-001:batchEmbedContents", 9]]);
    expect(fake.embeddings[0]!.body.requests[0]).toMatchObject({ taskType: "RETRIEVAL_DOCUMENT", outputDimensionality: 768 });
    await ask(t, "quero uma coxinha");
    expect(blockOf(systemOf(0))).toContain("Coxinha de frango");
    const query = fake.embeddings.at(-1)!;
    expect(new URL(query.url).pathname).toBe("/v1beta/models/gemini-embedding-001:embedContent");
    expect(query.body).toMatchObject({ taskType: "RETRIEVAL_QUERY", outputDimensionality: 768 });
  });

  it("are asked once per turn for the query, also once the query is embedded alongside the read", async () => {
    const t = await bakery();
    await vi.waitFor(async () => expect(fake.embeddings).toHaveLength(1), { timeout: 10_000, interval: 50 });
    await ask(t, "quero uma coxinha");
    await ask(t, "e pão de queijo?", "5511999990002@s.whatsapp.net");
    await ask(t, "tem torta de limão?", "5511999990003@s.whatsapp.net");
    const queries = fake.embeddings.filter((e) => new URL(e.url).pathname.endsWith(":embedContent"));
    expect(queries.map((q) => q.body.content.parts[0].text)).toEqual([expect.stringContaining("coxinha"), expect.stringContaining("pão de queijo"), expect.stringContaining("torta de limão")]);
    expect(blockOf(systemOf(2))).toContain("Torta de limão — R$ 12,00 (fatia)");
  });

  it("failing, leave the write and the turn alone: keyword retrieval answers", async () => {
    fake.failEmbeddings();
    const t = await bakery();
    await ask(t, "tem pastel?");
    expect(fake.embeddings.length).toBeGreaterThan(0);
    expect(blockOf(systemOf(0))).toContain("- [produto] Pastel de carne — R$ 8,00 (unidade)");
    expect(fake.textsTo(ANA)).toEqual(["Olá! Abrimos às *7h*."]);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM knowledge_entries WHERE tenant_id = ? AND embedding IS NULL").bind(t.id).first<{ n: number }>();
    expect(row!.n).toBe(9);
  });

  it("failing only for the query (entries embedded before), still answer from the keywords", async () => {
    const t = await bakery();
    await vi.waitFor(async () => expect(fake.embeddings).toHaveLength(1), { timeout: 10_000, interval: 50 });
    fake.failEmbeddings();
    await ask(t, "tem torta de limão?");
    expect(blockOf(systemOf(0))).toContain("Torta de limão — R$ 12,00 (fatia)");
    expect(fake.textsTo(ANA)).toHaveLength(1);
  });
});

describe("questions the bot could not answer", () => {
  it("are recorded by no_answer, answered by the owner into a FAQ, and that FAQ is found the next time", async () => {
    const t = await bakery();
    fake.onGemini(geminiFunctionCall("no_answer", { question: "Vocês entregam em Santos?" }));
    await ask(t, "vcs entregam em santos?");
    expect(fake.textsTo(ANA)).toEqual(["Vou verificar essa informação e já te retorno. Se preferir, posso chamar um atendente."]);
    // A similar question counts once more on the same row.
    fake.onGemini(geminiFunctionCall("no_answer", { question: "entregam em Santos" }), geminiText("Vou verificar!"));
    await ask(t, "e entregam em Santos mesmo?", "5511999990003@s.whatsapp.net");

    const k = knowledgeAdmin(t.instance);
    const list = (await (await k.get("/unanswered")).json()) as { items: { id: string; text: string; count: number; contactJid: string }[]; nextCursor: null };
    expect(list.items).toEqual([{ id: expect.any(String), text: "entregam em Santos", contactJid: "5511999990003@s.whatsapp.net", at: expect.any(Number), count: 2 }]);

    const answered = await k.post(`/unanswered/${list.items[0]!.id}/answer`, { answer: "Sim, entregamos em Santos às sextas, taxa de R$ 15,00.", question: "Vocês entregam em Santos?" });
    expect(answered.status).toBe(201);
    expect(await answered.json()).toMatchObject({ kind: "faq", question: "Vocês entregam em Santos?", answer: "Sim, entregamos em Santos às sextas, taxa de R$ 15,00." });
    expect(await (await k.get("/unanswered")).json()).toEqual({ items: [], nextCursor: null });

    await ask(t, "fazem entrega em santos?", "5511999990004@s.whatsapp.net");
    expect(blockOf(systemOf(fake.gemini.length - 1))).toContain("- [pergunta frequente] Vocês entregam em Santos? Resposta: Sim, entregamos em Santos às sextas, taxa de R$ 15,00.");
  });

  it("are recorded when the model hands over because it does not know, not when the customer wants a person", async () => {
    const t = await bakery();
    fake.onGemini(geminiFunctionCall("transfer_to_human", { reason: "unknown" }));
    await ask(t, "vocês fazem bolo vegano sob encomenda?");
    fake.onGemini(geminiFunctionCall("transfer_to_human", { reason: "cliente quer reclamar" }));
    await ask(t, "meu pedido veio errado", "5511999990005@s.whatsapp.net");
    const list = (await (await knowledgeAdmin(t.instance).get("/unanswered")).json()) as { items: { text: string }[] };
    expect(list.items.map((i) => i.text)).toEqual(["vocês fazem bolo vegano sob encomenda?"]);
    const dismissed = await knowledgeAdmin(t.instance).delete(`/unanswered/${(list.items[0] as unknown as { id: string }).id}`);
    expect(dismissed.status).toBe(204);
  });

  it("go with the contact who asked when the contact is erased, and with the retention period", async () => {
    const t = await bakery({ retentionDays: 1 });
    fake.onGemini(geminiFunctionCall("no_answer", { question: "Aceitam vale-refeição?" }));
    await ask(t, "aceitam vale refeição?");
    fake.onGemini(geminiFunctionCall("no_answer", { question: "Abrem no feriado?" }));
    await ask(t, "abrem no feriado?", "5511999990006@s.whatsapp.net");
    expect((await knowledgeRowCounts(t.id)).unanswered).toBe(2);
    expect((await admin("DELETE", `/admin/tenants/${t.instance}/contacts/${encodeURIComponent(ANA)}`)).status).toBe(204);
    const left = (await (await knowledgeAdmin(t.instance).get("/unanswered")).json()) as { items: { text: string }[] };
    expect(left.items.map((i) => i.text)).toEqual(["Abrem no feriado?"]);
    await runRetention(env, Date.now() + 2 * 86_400_000);
    expect((await knowledgeRowCounts(t.id)).unanswered).toBe(0);
  });
});
