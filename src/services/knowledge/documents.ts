/**
 * Documents from what an owner has: pasted text, or an uploaded `.txt`, `.md` or `.pdf`, turned
 * into a document entry (chunked by `entryWrites`). Every refusal names the problem in Portuguese.
 */
import { documentUploadSchema, KNOWLEDGE_FIELD_LIMITS } from "../../domain/knowledge";
import { extractPdfText } from "./pdf";

export type DocumentText =
  | { ok: true; title: string; text: string }
  | { ok: false; status: 400 | 413 | 415; message: string };

const PDF_REFUSALS = {
  too_large: { status: 413, message: `o PDF passa de ${KNOWLEDGE_FIELD_LIMITS.pdfBytes / 1024 / 1024} MB` },
  not_pdf: { status: 400, message: "o arquivo não é um PDF" },
  unreadable: { status: 400, message: "não foi possível ler este PDF" },
  no_text: { status: 400, message: "este PDF não tem texto (parece uma imagem escaneada): cole o texto do documento" },
} as const;

/** A text file's bytes (`.txt`, `.md`, a CSV): UTF-8, or Latin-1 for files saved by Excel and older Windows editors. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("latin1").decode(bytes);
  }
}

/** The title a file gives when none is typed: its name without the extension. */
function titleOf(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, "").replace(/[_-]+/g, " ").trim() || "Documento";
}

/** The title and text of an uploaded file (`title` typed by the owner wins over the file name). */
export async function documentFromFile(file: { name: string; bytes: Uint8Array }, typedTitle: string | null): Promise<DocumentText> {
  const name = file.name.toLowerCase();
  let text: string;
  if (name.endsWith(".pdf")) {
    const pdf = await extractPdfText(file.bytes);
    if (!pdf.ok) return { ok: false, ...PDF_REFUSALS[pdf.reason] };
    text = pdf.text;
  } else if (name.endsWith(".txt") || name.endsWith(".md")) {
    text = decodeText(file.bytes).replace(/^\uFEFF/, "");
  } else {
    return { ok: false, status: 415, message: "envie um arquivo .txt, .md ou .pdf" };
  }
  return validDocument({ title: typedTitle?.trim() || titleOf(file.name), text });
}

/** A document's title and text within their limits. */
export function validDocument(input: unknown): DocumentText {
  const parsed = documentUploadSchema.safeParse(input);
  if (parsed.success) return { ok: true, ...parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? "");
  if (field === "text" && issue.code === "too_big") {
    return { ok: false, status: 413, message: `o texto passa de ${KNOWLEDGE_FIELD_LIMITS.documentText.toLocaleString("pt-BR")} caracteres` };
  }
  if (field === "text") return { ok: false, status: 400, message: "o documento está vazio" };
  return { ok: false, status: 400, message: `título inválido: de 1 a ${KNOWLEDGE_FIELD_LIMITS.title} caracteres` };
}
