import { afterEach, describe, expect, it, vi } from "vitest";
import { admin, createTenant } from "../../helpers/app";
import { addEntry, knowledgeAdmin, knowledgeRowCounts } from "../../helpers/knowledge";
import { api, signedInUser } from "../../helpers/panel";
import { tinyPdf } from "../../helpers/pdf";

/**
 * The knowledge routes through the Worker: entries of the three kinds, the catalog import with
 * its report, document uploads, search, limits and refusals, the same answers on the panel's
 * API, and a deleted tenant taking its knowledge with it.
 */

afterEach(() => vi.restoreAllMocks());

describe("knowledge entries", () => {
  it("creates a FAQ, an item and a document, lists them by kind, and shows what search would put in the prompt", async () => {
    const t = await createTenant();
    const k = knowledgeAdmin(t.instance);
    const faq = await addEntry(t.instance, { kind: "faq", question: "Vocês aceitam Pix?", answer: "Sim, a chave é o CNPJ.", keywords: ["pagamento"] });
    expect(faq).toEqual({
      id: expect.any(String),
      kind: "faq",
      question: "Vocês aceitam Pix?",
      answer: "Sim, a chave é o CNPJ.",
      keywords: ["pagamento"],
      enabled: true,
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    const item = await addEntry(t.instance, { kind: "item", name: "Pão de queijo", price: 4.5, unit: "unidade", category: "Salgados" });
    expect(item).toMatchObject({ kind: "item", name: "Pão de queijo", price: 4.5, unit: "unidade", description: null, category: "Salgados", available: true });
    const doc = await addEntry(t.instance, { kind: "document", title: "Política de entregas", text: "Entregamos em até 3 km.\n\nTaxa de entrega: R$ 5,00." });
    expect(doc).toMatchObject({ kind: "document", title: "Política de entregas", chunks: 1 });

    const items = await (await k.get("/knowledge?kind=item")).json();
    expect(items).toEqual({ items: [item], nextCursor: null });
    const all = (await (await k.get("/knowledge")).json()) as { items: { id: string }[] };
    expect(all.items.map((e) => e.id).sort()).toEqual([faq.id, item.id, doc.id].sort());
    // q searches like the bot does: plural and no accent find the item, a word of the text the document.
    expect(((await (await k.get("/knowledge?q=paes")).json()) as { items: { id: string }[] }).items.map((e) => e.id)).toEqual([item.id]);
    expect(((await (await k.get("/knowledge?q=entrega")).json()) as { items: { id: string }[] }).items.map((e) => e.id)).toEqual([doc.id]);

    const search = await (await k.get(`/knowledge/search?q=${encodeURIComponent("quanto custa o pão de queijo?")}`)).json();
    // The whole knowledge fits the default budget: all of it, in a stable order.
    expect(search).toEqual({
      items: [
        { id: faq.id, kind: "faq", score: 0, text: "- [pergunta frequente] Vocês aceitam Pix? Resposta: Sim, a chave é o CNPJ." },
        { id: item.id, kind: "item", score: 0, text: "- [produto] Pão de queijo — R$ 4,50 (unidade) — categoria: Salgados" },
        { id: doc.id, kind: "document", score: 0, text: "- [documento: Política de entregas] Entregamos em até 3 km. Taxa de entrega: R$ 5,00." },
      ],
      chars: expect.any(Number),
    });
  });

  it("merges a PATCH into the stored entry, marks an item unavailable, and deletes", async () => {
    const t = await createTenant();
    const k = knowledgeAdmin(t.instance);
    const item = await addEntry(t.instance, { kind: "item", name: "Sonho", price: 7, description: "Recheio de creme" });
    const res = await k.patch(`/knowledge/${item.id}`, { available: false, price: 7.5 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: item.id, name: "Sonho", price: 7.5, description: "Recheio de creme", available: false });
    const search = (await (await k.get("/knowledge/search?q=sonho")).json()) as { items: { text: string }[] };
    expect(search.items.map((i) => i.text)).toEqual(["- [produto] Sonho — R$ 7,50 — esgotado — Recheio de creme"]);

    expect((await k.patch(`/knowledge/${item.id}`, { kind: "faq" })).status).toBe(400);
    expect((await k.patch(`/knowledge/${item.id}`, { price: -1 })).status).toBe(400);
    expect((await k.delete(`/knowledge/${item.id}`)).status).toBe(204);
    expect((await k.delete(`/knowledge/${item.id}`)).status).toBe(404);
    expect((await k.patch(`/knowledge/${item.id}`, { price: 1 })).status).toBe(404);
    expect(await knowledgeRowCounts(t.id)).toEqual({ entries: 0, index: 0, stats: 1, unanswered: 0 });
  });

  it("refuses a second item with the same name, however it is written, and bad bodies naming the field", async () => {
    const t = await createTenant();
    const k = knowledgeAdmin(t.instance);
    const first = await addEntry(t.instance, { kind: "item", name: "Pão Francês", price: 1 });
    const twin = await k.post("/knowledge", { kind: "item", name: "pao frances", price: 2 });
    expect(twin.status).toBe(409);
    expect(await twin.json()).toEqual({ error: "duplicate_name", message: "já existe um produto com este nome", id: first.id });
    const bad = await k.post("/knowledge", { kind: "item", name: "", price: 1.999 });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string; details: { path: string }[] };
    expect(body.error).toBe("invalid_request");
    expect(body.details.map((d) => d.path).sort()).toEqual(["name", "price"]);
    expect((await k.post("/knowledge", { kind: "recipe" })).status).toBe(400);
    expect((await k.get("/knowledge?cursor=nonsense")).status).toBe(400);
    expect((await admin("GET", "/admin/tenants/no-such-tenant/knowledge")).status).toBe(404);
  });
});

describe("catalog CSV import", () => {
  it("imports the good lines, reports the bad ones by line, and updates an item of the same name instead of duplicating it", async () => {
    const t = await createTenant();
    const k = knowledgeAdmin(t.instance);
    const csv = [
      "nome;preco;unidade;descricao;categoria;disponivel",
      "Pão francês;0,90;unidade;;Pães;sim",
      "Bolo de cenoura;R$ 38,00;inteiro;Com cobertura de chocolate;Bolos;sim",
      ";5,00;;;;",
      "Coxinha;caro;;;Salgados;sim",
      "Brigadeiro;2,50;unidade;;Doces;talvez",
      "Sonho;7,00;unidade;;Doces;não",
    ].join("\r\n");
    const res = await k.importCsv(csv);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      imported: 3,
      updated: 0,
      errors: [
        { line: 4, message: "nome vazio" },
        { line: 5, message: 'preço inválido: "caro" (use 12,90, 12.90 ou R$ 12,90)' },
        { line: 6, message: 'disponível inválido: "talvez" (use sim ou não)' },
      ],
    });
    const again = await k.importCsv("name,price,available\nPAO FRANCES,1.10,yes\nBroa,6,1\n");
    expect(await again.json()).toEqual({ imported: 1, updated: 1, errors: [] });
    const items = (await (await k.get("/knowledge?kind=item&limit=10")).json()) as { items: { name: string; price: number | null; available: boolean }[] };
    expect(items.items.map((i) => [i.name, i.price, i.available]).sort()).toEqual([
      ["Bolo de cenoura", 38, true],
      ["Broa", 6, true],
      ["PAO FRANCES", 1.1, true],
      ["Sonho", 7, false],
    ]);
    const search = (await (await k.get("/knowledge/search?q=pao")).json()) as { items: { text: string }[] };
    expect(search.items.map((i) => i.text)).toContain("- [produto] PAO FRANCES — R$ 1,10");
  });

  it("reads a Latin-1 file as Excel saves it, refuses other content types, and stops at the tenant's item limit", async () => {
    const t = await createTenant();
    const k = knowledgeAdmin(t.instance);
    const latin1 = Uint8Array.from("nome;preco\nPão de mel;3,50\n", (c) => c.charCodeAt(0));
    const res = await k.importCsv(latin1, "text/csv");
    expect(await res.json()).toEqual({ imported: 1, updated: 0, errors: [] });
    expect((await k.importCsv("nome\nX", "application/json")).status).toBe(415);

    const lines = ["nome;preco", ...Array.from({ length: 5000 }, (_, i) => `Produto ${i};1,00`)];
    const full = await (await k.importCsv(lines.join("\n"))).json();
    expect(full).toEqual({ imported: 4999, updated: 0, errors: [{ line: 5001, message: "limite de 5000 produtos atingido" }] });
    const more = await k.post("/knowledge", { kind: "item", name: "Mais um", price: 1 });
    expect(more.status).toBe(409);
    expect(await more.json()).toEqual({ error: "limit_reached", message: "limite de 5000 produtos atingido" });
    expect((await knowledgeRowCounts(t.id)).index).toBe(5000);
  });
});

describe("documents", () => {
  it("takes pasted text, a .txt, a .md and a .pdf, chunked on paragraphs, and refuses what it cannot read", async () => {
    const t = await createTenant();
    const k = knowledgeAdmin(t.instance);
    const long = Array.from({ length: 6 }, (_, i) => `Parágrafo ${i}: ${"texto da política ".repeat(15)}`).join("\n\n");
    const pasted = await (await k.post("/knowledge/documents", { title: "Trocas", text: long })).json();
    expect(pasted).toMatchObject({ kind: "document", title: "Trocas", text: long.trim() });
    expect((pasted as { chunks: number }).chunks).toBeGreaterThan(1);

    const txt = await k.upload({ name: "horarios_de_entrega.txt", bytes: "Entregas das 8h às 18h.", type: "text/plain" });
    expect(txt.status).toBe(201);
    expect(await txt.json()).toMatchObject({ title: "horarios de entrega", text: "Entregas das 8h às 18h.", chunks: 1 });
    const md = await k.upload({ name: "faq.md", bytes: "# Encomendas\n\nCom 2 dias de antecedência." }, "Encomendas");
    expect(await md.json()).toMatchObject({ title: "Encomendas", chunks: 1 });
    const pdf = await k.upload({ name: "Cardápio.pdf", bytes: tinyPdf([["Card\\341pio de festas", "Kit festa: R$ 120,00"]]), type: "application/pdf" });
    expect(pdf.status).toBe(201);
    expect(await pdf.json()).toMatchObject({ title: "Cardápio", text: expect.stringContaining("Kit festa: R$ 120,00") });
    const search = (await (await k.get("/knowledge/search?q=kit festa")).json()) as { items: { kind: string; text: string }[] };
    expect(search.items.some((i) => i.kind === "document" && i.text.includes("Kit festa: R$ 120,00"))).toBe(true);

    const notPdf = await k.upload({ name: "falso.pdf", bytes: "isto não é um pdf" });
    expect(notPdf.status).toBe(400);
    expect(await notPdf.json()).toEqual({ error: "invalid_document", message: "o arquivo não é um PDF" });
    const docx = await k.upload({ name: "contrato.docx", bytes: "PK" });
    expect(docx.status).toBe(415);
    const empty = await k.post("/knowledge/documents", { title: "Vazio", text: "   " });
    expect(empty.status).toBe(400);
    const huge = await k.post("/knowledge/documents", { title: "Enorme", text: "a".repeat(200_001) });
    expect(huge.status).toBe(413);
  });
});

describe("the panel's knowledge routes", () => {
  it("answer the signed-in owner exactly as the admin API does, for the owner's tenant only", async () => {
    const t = await createTenant();
    const other = await createTenant();
    await addEntry(other.instance, { kind: "faq", question: "Segredo da outra loja?", answer: "Receita secreta." });
    const { session } = await signedInUser(t.instance, "owner");
    const created = await api("POST", "/api/knowledge", { session, body: { kind: "item", name: "Café expresso", price: 6 } });
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string };
    const listed = await api("GET", "/api/knowledge", { session });
    expect(await listed.json()).toEqual(await (await knowledgeAdmin(t.instance).get("/knowledge")).json());
    const search = await (await api("GET", "/api/knowledge/search?q=segredo", { session })).text();
    expect(search).not.toContain("Receita secreta");
    expect((await api("PATCH", `/api/knowledge/${item.id}`, { session, body: { price: 6.5 } })).status).toBe(200);
    expect((await api("GET", "/api/unanswered", { session })).status).toBe(200);
    expect((await api("DELETE", `/api/knowledge/${item.id}`, { session })).status).toBe(204);
  });
});

describe("deleting a tenant", () => {
  it("removes its entries, index rows, stats and questions", async () => {
    const t = await createTenant();
    await addEntry(t.instance, { kind: "item", name: "Rosca", price: 12 });
    await addEntry(t.instance, { kind: "document", title: "Regras", text: "Uma.\n\nDuas." });
    expect(await knowledgeRowCounts(t.id)).toEqual({ entries: 3, index: 2, stats: 1, unanswered: 0 });
    expect((await admin("DELETE", `/admin/tenants/${t.instance}`)).status).toBe(204);
    expect(await knowledgeRowCounts(t.id)).toEqual({ entries: 0, index: 0, stats: 0, unanswered: 0 });
  });
});
