/**
 * Text of an uploaded PDF (a menu, a price list, a policy), extracted inside the Worker with
 * unpdf's serverless build of PDF.js. Scanned PDFs carry pictures, not text: they come back as
 * "no_text" so the owner is told to paste the text instead.
 */
import { extractText, getDocumentProxy } from "unpdf";
import { KNOWLEDGE_FIELD_LIMITS } from "../../domain/knowledge";

export type PdfText =
  | { ok: true; text: string; pages: number }
  | { ok: false; reason: "too_large" | "not_pdf" | "unreadable" | "no_text" };

/** Every PDF starts with this signature (some tools put a few bytes before it). */
const PDF_SIGNATURE = "%PDF-";

export async function extractPdfText(bytes: Uint8Array): Promise<PdfText> {
  if (bytes.byteLength > KNOWLEDGE_FIELD_LIMITS.pdfBytes) return { ok: false, reason: "too_large" };
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  if (!head.includes(PDF_SIGNATURE)) return { ok: false, reason: "not_pdf" };

  let pages: number;
  let text: string;
  try {
    // PDF.js may detach the buffer it is given: hand it a copy, the caller's bytes stay intact.
    const pdf = await getDocumentProxy(bytes.slice());
    try {
      ({ totalPages: pages, text } = await extractText(pdf, { mergePages: true }));
    } finally {
      await pdf.loadingTask.destroy();
    }
  } catch {
    return { ok: false, reason: "unreadable" };
  }
  const clean = text
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return clean === "" ? { ok: false, reason: "no_text" } : { ok: true, text: clean, pages };
}
