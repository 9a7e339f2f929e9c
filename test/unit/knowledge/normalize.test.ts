import { describe, expect, it } from "vitest";
import { foldText, ftsMatchQuery, itemNameKey, queryTerms, searchText, stemWord } from "../../../src/services/knowledge/normalize";

const sameTerm = (...words: string[]) => new Set(words.map((w) => searchText(w))).size === 1;

describe("search normalization", () => {
  it("folds case, accents and punctuation", () => {
    expect(foldText("Pão-de-Queijo (GRANDE)!")).toBe("pao de queijo grande");
    expect(foldText("  Açaí\tCAFÉ…  ")).toBe("acai cafe");
  });

  it("brings singular and plural, with and without accents, to one term", () => {
    expect(sameTerm("pão", "pães", "paes", "PAO", "Pães")).toBe(true);
    expect(sameTerm("bolo", "bolos", "BOLOS")).toBe(true);
    expect(sameTerm("coxinha", "coxinhas")).toBe(true);
    expect(sameTerm("salgado", "salgados")).toBe(true);
    expect(sameTerm("glúten", "gluten")).toBe(true);
    expect(sameTerm("limão", "limões", "limoes")).toBe(true);
    expect(sameTerm("opção", "opções")).toBe(true);
    expect(sameTerm("pastel", "pastéis", "pasteis")).toBe(true);
    expect(sameTerm("integral", "integrais")).toBe(true);
    expect(sameTerm("sabor", "sabores")).toBe(true);
    expect(sameTerm("noz", "nozes")).toBe(true);
    expect(sameTerm("pudim", "pudins")).toBe(true);
    expect(sameTerm("bombom", "bombons")).toBe(true);
    expect(sameTerm("doce", "doces")).toBe(true);
    expect(sameTerm("francês", "franceses", "frances")).toBe(true);
    expect(sameTerm("sanduíche", "sanduiches")).toBe(true);
    expect(sameTerm("café", "cafés")).toBe(true);
  });

  it("keeps different words apart", () => {
    expect(sameTerm("bolo", "bola")).toBe(false);
    expect(sameTerm("pão", "pé")).toBe(false);
    expect(sameTerm("queijo", "queijadinha")).toBe(false);
  });

  it("leaves short words and numbers as they are", () => {
    expect(stemWord("mes")).toBe("mes");
    expect(stemWord("chá".normalize("NFD").replace(/\p{M}/gu, ""))).toBe("cha");
    expect(stemWord("500")).toBe("500");
    expect(searchText("Pães (12 unidades)")).toBe("pao 12 unidad");
  });

  it("drops stop words and repeated words from a query", () => {
    expect(queryTerms("e o de chocolate?")).toEqual([searchText("chocolate")]);
    expect(queryTerms("Oi, vocês têm pães? Quero PÃES e pão")).toEqual(["pao"]);
    expect(queryTerms("quanto custa?")).toEqual([]);
    expect(queryTerms("tem algo sem glúten")).toEqual(["sem", "gluten"]);
  });

  it("makes an item's name key case- and accent-insensitive", () => {
    expect(itemNameKey("Pão de Queijo")).toBe(itemNameKey("PAO DE QUEIJO"));
  });
});

describe("ftsMatchQuery", () => {
  it("ORs quoted terms: short ones exact, 4-5 letters as prefixes, longer ones also by their first 60%", () => {
    expect(ftsMatchQuery(["pao", "bolo", "chocolat"])).toBe('"pao" OR "bolo"* OR "chocolat" OR "choco"*');
    expect(ftsMatchQuery(["cappucino"])).toBe('"cappucino" OR "cappuc"*');
    expect(ftsMatchQuery(["refri"])).toBe('"refri"*');
  });

  it("is null when there is nothing to search", () => {
    expect(ftsMatchQuery([])).toBeNull();
    expect(ftsMatchQuery(queryTerms("?!... e o de"))).toBeNull();
  });

  it("turns FTS5 syntax into quoted words: no operator, column filter or quote survives", () => {
    const attacks = ['bolo" OR tenant_id:x', "NEAR(a b, 2)", "bolo AND NOT torta", "title:bolo", "bolo*", "^bolo", "{title body}: x", "-bolo", "torta + b"];
    for (const text of attacks) {
      const query = ftsMatchQuery(queryTerms(text));
      expect(query).not.toBeNull();
      // Every token is a quoted string of letters/digits, optionally followed by *, joined by OR.
      expect(query!).toMatch(/^"[\p{L}\p{N}]+"\*?( OR "[\p{L}\p{N}]+"\*?)*$/u);
    }
  });

  it("quotes even words handed to it raw", () => {
    expect(ftsMatchQuery(['a"b', "NOT", "NEAR"])).toBe('"ab" OR "not" OR "near"*');
  });
});
