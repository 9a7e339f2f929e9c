import { describe, expect, it } from "vitest";
import { extractPdfText } from "../../../src/services/knowledge/pdf";
import { tinyPdf } from "../../helpers/pdf";

describe("extractPdfText (inside workerd)", () => {
  it("extracts the text of every page, accents included", async () => {
    const pdf = tinyPdf([["Pol\\355tica de trocas", "P\\343o de queijo: R$ 4,50"], ["Entrega em at\\351 3 km"]]);
    const result = await extractPdfText(pdf);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.pages).toBe(2);
    expect(result.text).toContain("Política de trocas");
    expect(result.text).toContain("Pão de queijo: R$ 4,50");
    expect(result.text).toContain("Entrega em até 3 km");
  });

  it("leaves the caller's bytes intact", async () => {
    const pdf = tinyPdf([["Baguete"]]);
    const copy = pdf.slice();
    await extractPdfText(pdf);
    expect(pdf).toEqual(copy);
  });

  it("says there is no text in a PDF without any", async () => {
    expect(await extractPdfText(tinyPdf([[]]))).toEqual({ ok: false, reason: "no_text" });
  });

  it("refuses a file that is not a PDF, a broken PDF and one over 5 MB", async () => {
    expect(await extractPdfText(new TextEncoder().encode("nome,preco\nBolo,10"))).toEqual({ ok: false, reason: "not_pdf" });
    expect(await extractPdfText(new TextEncoder().encode("%PDF-1.4\n1 0 obj garbage"))).toEqual({ ok: false, reason: "unreadable" });
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(new TextEncoder().encode("%PDF-1.4\n"));
    expect(await extractPdfText(big)).toEqual({ ok: false, reason: "too_large" });
  });
});
