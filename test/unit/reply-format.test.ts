import { describe, expect, it } from "vitest";
import { formatReply, splitReply, toWhatsApp, typingDelayMs } from "../../src/services/attendant/reply-format";

describe("toWhatsApp", () => {
  it("turns Markdown bold, italic and strikethrough into WhatsApp's", () => {
    expect(toWhatsApp("**Pão** de __queijo__")).toBe("*Pão* de *queijo*");
    expect(toWhatsApp("um *toque* especial")).toBe("um _toque_ especial");
    expect(toWhatsApp("~~R$ 10~~ R$ 8")).toBe("~R$ 10~ R$ 8");
    expect(toWhatsApp("**bolo *fofinho* hoje**")).toBe("*bolo _fofinho_ hoje*");
    expect(toWhatsApp("***promoção***")).toBe("*_promoção_*");
  });

  it("leaves lone asterisks and arithmetic alone", () => {
    expect(toWhatsApp("2 * 3 = 6")).toBe("2 * 3 = 6");
    expect(toWhatsApp("snake__case__name")).toBe("snake__case__name");
  });

  it("makes headings of any level bold", () => {
    expect(toWhatsApp("# Cardápio\n### **Doces**")).toBe("*Cardápio*\n*Doces*");
  });

  it("writes links as text with the address, or the bare address", () => {
    expect(toWhatsApp("Veja o [cardápio](https://x.com/menu_do_dia)")).toBe(
      "Veja o cardápio (https://x.com/menu_do_dia)",
    );
    expect(toWhatsApp("[https://x.com](https://x.com)")).toBe("https://x.com");
    expect(toWhatsApp("site: https://x.com/a__b__c")).toBe("site: https://x.com/a__b__c");
  });

  it("turns bullets into •, keeping numbered lists", () => {
    expect(toWhatsApp("Temos:\n* pão\n- bolo\n  + café\n1. leite")).toBe("Temos:\n• pão\n• bolo\n  • café\n1. leite");
  });

  it("keeps code as WhatsApp monospace and does not format inside it", () => {
    expect(toWhatsApp("```js\nconst **a** = 1;\n```")).toBe("```const **a** = 1;```");
    expect(toWhatsApp("use `**pix**` aqui")).toBe("use `**pix**` aqui");
  });

  it("strips HTML tags and collapses runs of blank lines", () => {
    expect(toWhatsApp("<p>Olá<br>tudo <b>bem</b>?</p>\n\n\n\nSim")).toBe("Olá\ntudo bem?\n\nSim");
    expect(toWhatsApp("se a < b e c > d")).toBe("se a < b e c > d");
  });

  it("drops horizontal rules and keeps escaped characters literal", () => {
    expect(toWhatsApp("a\n\n---\n\nb")).toBe("a\n\nb");
    expect(toWhatsApp("preço \\*promocional\\*")).toBe("preço *promocional*");
  });
});

describe("splitReply", () => {
  it("sends each paragraph as its own message when they fit in maxParts", () => {
    expect(splitReply("Oi!\n\nTemos pão.\n \nAté já.", 3)).toEqual(["Oi!", "Temos pão.", "Até já."]);
  });

  it("merges neighbouring paragraphs when there are more than maxParts, losing nothing", () => {
    const paragraphs = ["um", "dois", "três", "quatro", "cinco"];
    const parts = splitReply(paragraphs.join("\n\n"), 3);
    expect(parts.length).toBe(3);
    expect(parts.join("\n\n")).toBe(paragraphs.join("\n\n"));
  });

  it("balances merged parts instead of putting everything in the first", () => {
    const paragraph = "x".repeat(100);
    const parts = splitReply(Array(6).fill(paragraph).join("\n\n"), 3);
    expect(parts.map((part) => part.length)).toEqual([202, 202, 202]);
  });

  it("cuts an over-long paragraph at sentence boundaries, every part under 4,000 characters", () => {
    const sentence = "Esta é uma frase de teste com algumas palavras. ";
    const long = sentence.repeat(150).trim(); // ~7,200 characters
    const parts = splitReply(long, 3);
    expect(parts.length).toBe(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(3900);
      expect(part.endsWith(".")).toBe(true);
    }
    expect(parts.join(" ")).toBe(long);
  });

  it("cuts a paragraph without sentences at words, and a word-less run anywhere", () => {
    const words = Array(1000).fill("palavra").join(" ");
    const parts = splitReply(words, 3, 100);
    expect(parts.every((part) => part.length <= 100 && !part.startsWith(" ") && !part.endsWith(" "))).toBe(true);
    expect(splitReply("a".repeat(250), 3, 100).map((p) => p.length)).toEqual([100, 100, 50]);
  });

  it("truncates with … only when the text cannot fit in maxParts parts", () => {
    const paragraph = "palavra ".repeat(60).trim(); // 479 characters
    const parts = splitReply(Array(10).fill(paragraph).join("\n\n"), 2, 1000);
    expect(parts.length).toBe(2);
    expect(parts[0]).toBe(`${paragraph}\n\n${paragraph}`);
    expect(parts[1]!.length).toBeLessThanOrEqual(1000);
    expect(parts[1]!.endsWith("…")).toBe(true);
  });

  it("returns nothing for empty or blank text", () => {
    expect(splitReply("", 3)).toEqual([]);
    expect(splitReply(" \n\n \n", 3)).toEqual([]);
  });
});

describe("typingDelayMs", () => {
  it("is proportional to the length and capped", () => {
    expect(typingDelayMs("a".repeat(40), 25)).toBe(1000);
    expect(typingDelayMs("a".repeat(1000), 25)).toBe(4000);
    expect(typingDelayMs("a".repeat(1000), 25, 2500)).toBe(2500);
  });
});

describe("formatReply", () => {
  it("formats, splits and times the model's answer", () => {
    expect(formatReply("## Horários\n\nAbrimos **às 7h**.", { maxParts: 3, typingMsPerChar: 25 })).toEqual([
      { text: "*Horários*", delayMs: 250 },
      { text: "Abrimos *às 7h*.", delayMs: 400 },
    ]);
  });

  it("sends nothing for an empty answer", () => {
    expect(formatReply("  \n ", { maxParts: 3, typingMsPerChar: 25 })).toEqual([]);
  });
});
