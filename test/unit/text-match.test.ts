import { describe, expect, it } from "vitest";
import { containsPhrase, equalsPhrase, normalizeForMatch } from "../../src/services/attendant/text-match";

describe("normalizeForMatch", () => {
  it("ignores case, accents, edge punctuation and extra spaces", () => {
    expect(normalizeForMatch("  Quero   um ATENDÊNTE!!  ")).toBe("quero um atendente");
    expect(normalizeForMatch("Olá,\n\tTUDO bem? 😀")).toBe("ola tudo bem");
  });

  it("keeps punctuation inside a word", () => {
    expect(normalizeForMatch("meu e-mail: a@b.com.")).toBe("meu e-mail a@b.com");
  });
});

describe("containsPhrase", () => {
  it("finds a keyword typed in capitals with punctuation", () => {
    expect(containsPhrase("Quero um HUMANO!", "humano")).toBe(true);
  });

  it("finds a multi-word phrase inside a question", () => {
    expect(containsPhrase("posso falar com uma pessoa?", "falar com uma pessoa")).toBe(true);
  });

  it("matches accented keywords against unaccented text and the other way round", () => {
    expect(containsPhrase("qual o endereco", "endereço")).toBe(true);
    expect(containsPhrase("Cadê o cardápio?", "cardapio")).toBe(true);
  });

  it("does not match inside a longer word", () => {
    expect(containsPhrase("fui desatendente", "atendente")).toBe(false);
    expect(containsPhrase("humanos", "humano")).toBe(false);
  });

  it("does not match a phrase whose words are apart", () => {
    expect(containsPhrase("falar com a pessoa", "falar com uma pessoa")).toBe(false);
  });

  it("never matches an empty or punctuation-only phrase", () => {
    expect(containsPhrase("qualquer coisa", "  ")).toBe(false);
    expect(containsPhrase("qualquer coisa!", "!")).toBe(false);
  });
});

describe("equalsPhrase", () => {
  it("matches the whole message only", () => {
    expect(equalsPhrase("  Pix? ", "pix")).toBe(true);
    expect(equalsPhrase("qual o pix", "pix")).toBe(false);
  });

  it("never matches an empty message against an empty phrase", () => {
    expect(equalsPhrase("", "")).toBe(false);
  });
});
