import { describe, expect, it } from "vitest";
import { parseAvailable, parseCatalogCsv, parsePrice } from "../../../src/services/knowledge/csv";

describe("parseCatalogCsv", () => {
  it("reads a Portuguese spreadsheet: ';' separated, comma decimals, BOM, CRLF", () => {
    const csv = "\uFEFFnome;preco;unidade;descricao;categoria;disponivel\r\nPão francês;18,90;kg;Crocante;Pães;sim\r\nSonho;R$ 7,50;unidade;;Doces;não\r\n";
    const { items, errors } = parseCatalogCsv(csv);
    expect(errors).toEqual([]);
    expect(items).toEqual([
      { line: 2, item: { name: "Pão francês", price: 18.9, unit: "kg", description: "Crocante", category: "Pães", available: true } },
      { line: 3, item: { name: "Sonho", price: 7.5, unit: "unidade", description: null, category: "Doces", available: false } },
    ]);
  });

  it("reads the English header with ',' and dot decimals, columns in any order", () => {
    const csv = "available,name,price\ntrue,Baguette,9.50\n0,Croissant,8\n";
    const { items, errors } = parseCatalogCsv(csv);
    expect(errors).toEqual([]);
    expect(items.map((i) => [i.item.name, i.item.price, i.item.available])).toEqual([
      ["Baguette", 9.5, true],
      ["Croissant", 8, false],
    ]);
  });

  it("accepts accented and capitalized header names, and no price", () => {
    const { items, errors } = parseCatalogCsv("Nome;Preço;Disponível\nBolo do dia;;\n");
    expect(errors).toEqual([]);
    expect(items[0]!.item).toMatchObject({ name: "Bolo do dia", price: null, available: true });
  });

  it("keeps separators, line breaks and quotes inside quoted fields", () => {
    const csv = 'nome,preco,descricao\n"Torta de limão, fatia","12,90","Massa ""amanteigada""\nrecheio cremoso"\nCafé,5,Coado\n';
    const { items, errors } = parseCatalogCsv(csv);
    expect(errors).toEqual([]);
    expect(items[0]).toEqual({
      line: 2,
      item: { name: "Torta de limão, fatia", price: 12.9, unit: null, description: 'Massa "amanteigada"\nrecheio cremoso', category: null, available: true },
    });
    // The record after a quoted line break starts on line 4.
    expect(items[1]).toMatchObject({ line: 4, item: { name: "Café" } });
  });

  it("imports the good lines and reports each bad one with its line and a Portuguese reason", () => {
    const csv = [
      "nome;preco;unidade;descricao;categoria;disponivel",
      "Coxinha;8,50;unidade;;Salgados;sim",
      ";5,00;;;;",
      "Empada;caro;;;;",
      "Quibe;7,00;;;;talvez",
      "Esfiha;6,00;;;;;extra",
      "Pastel;-3;;;;",
      `${"x".repeat(201)};1;;;;`,
      "",
      "Kibe;7,00;;;Salgados;1",
    ].join("\n");
    const { items, errors } = parseCatalogCsv(csv);
    expect(items.map((i) => i.item.name)).toEqual(["Coxinha", "Kibe"]);
    expect(items[1]!.line).toBe(10);
    expect(errors).toEqual([
      { line: 3, message: "nome vazio" },
      { line: 4, message: 'preço inválido: "caro" (use 12,90, 12.90 ou R$ 12,90)' },
      { line: 5, message: 'disponível inválido: "talvez" (use sim ou não)' },
      { line: 6, message: 'a linha tem 7 campos, mas o cabeçalho tem 6 (use aspas em campos com o separador, como "12,90")' },
      { line: 7, message: 'preço inválido: "-3" (use 12,90, 12.90 ou R$ 12,90)' },
      { line: 8, message: "nome com mais de 200 caracteres" },
    ]);
  });

  it("keeps the last line of a name repeated with other case or accents", () => {
    const { items, errors } = parseCatalogCsv("nome,preco\nPão de queijo,4\nBaguete,9\nPAO DE QUEIJO,\"4,50\"\n");
    expect(errors).toEqual([]);
    expect(items).toEqual([
      { line: 3, item: expect.objectContaining({ name: "Baguete" }) },
      { line: 4, item: expect.objectContaining({ name: "PAO DE QUEIJO", price: 4.5 }) },
    ]);
  });

  it("refuses a file without a name column, and an empty file", () => {
    expect(parseCatalogCsv("preco;categoria\n10;Bolos\n")).toEqual({
      items: [],
      errors: [{ line: 1, message: 'o cabeçalho precisa da coluna "nome" (ou "name")' }],
    });
    expect(parseCatalogCsv("").errors).toHaveLength(1);
    expect(parseCatalogCsv("\n\n").items).toEqual([]);
  });

  it("reports unknown columns and still imports", () => {
    const { items, errors } = parseCatalogCsv("nome,preco,estoque\nBolo,10,3\n");
    expect(items).toHaveLength(1);
    expect(errors).toEqual([{ line: 1, message: 'coluna desconhecida ignorada: "estoque"' }]);
  });

  it("reports an unclosed quote at the record where it opens", () => {
    const { items, errors } = parseCatalogCsv('nome,preco\nBolo,10\n"Torta,12\nCafé,5\n');
    expect(items.map((i) => i.item.name)).toEqual(["Bolo"]);
    expect(errors).toEqual([{ line: 3, message: "aspas abertas e não fechadas: o resto do arquivo foi ignorado" }]);
  });

  it("stops at the item limit and says where", () => {
    const rows = Array.from({ length: 5 }, (_, i) => `Item ${i},1`);
    const { items, errors } = parseCatalogCsv(["nome,preco", ...rows].join("\n"), 3);
    expect(items).toHaveLength(3);
    expect(errors).toEqual([{ line: 5, message: "limite de 3 produtos atingido: esta linha e as seguintes não foram importadas" }]);
  });
});

describe("parsePrice", () => {
  it("reads the ways spreadsheets write BRL", () => {
    expect(parsePrice("12,90")).toBe(12.9);
    expect(parsePrice("12.90")).toBe(12.9);
    expect(parsePrice("R$ 12,90")).toBe(12.9);
    expect(parsePrice("R$12,9")).toBe(12.9);
    expect(parsePrice("1.234,56")).toBe(1234.56);
    expect(parsePrice("1,234.56")).toBe(1234.56);
    expect(parsePrice("1.234")).toBe(1234);
    expect(parsePrice("15")).toBe(15);
    expect(parsePrice(" ")).toBeNull();
  });

  it("refuses what is not a price", () => {
    for (const raw of ["abc", "12,999", "1.2.3", "-5", "12,90 reais", "1e3", "2000000"]) expect(parsePrice(raw)).toBe("invalid");
  });
});

describe("parseAvailable", () => {
  it("reads sim/não/true/false/1/0, blank as available", () => {
    expect(["sim", "SIM", "true", "1", ""].map(parseAvailable)).toEqual([true, true, true, true, true]);
    expect(["não", "nao", "NÃO", "false", "0", "esgotado"].map(parseAvailable)).toEqual([false, false, false, false, false, false]);
    expect(parseAvailable("talvez")).toBeNull();
  });
});
