/**
 * Documents are retrieved by the piece: a policy text of 20 pages would blow any prompt budget,
 * but the paragraph about deliveries is what a question about deliveries needs.
 */
import { KNOWLEDGE_FIELD_LIMITS } from "../../domain/knowledge";

/** Target size of a chunk, in characters. */
export const CHUNK_CHARS = 800;

/**
 * Splits a document into chunks of at most `CHUNK_CHARS`: whole paragraphs (separated by blank
 * lines) packed together while they fit; a paragraph longer than that is cut between sentences,
 * and a sentence longer than that between words (a word longer than that, between characters).
 * Chunks keep their paragraphs apart with a blank line; whitespace inside a paragraph is
 * collapsed. Throws a RangeError on text over the document limit, which callers validate first.
 *
 * @example chunkDocument("Entrega\n\nAté 3 km.") // ["Entrega\n\nAté 3 km."]
 */
export function chunkDocument(text: string, size = CHUNK_CHARS): string[] {
  if (text.length > KNOWLEDGE_FIELD_LIMITS.documentText) {
    throw new RangeError(`document longer than ${KNOWLEDGE_FIELD_LIMITS.documentText} characters`);
  }
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p !== "");

  const chunks: string[] = [];
  let current = "";
  const flush = () => {
    if (current !== "") chunks.push(current);
    current = "";
  };
  for (const paragraph of paragraphs) {
    if (paragraph.length > size) {
      flush();
      chunks.push(...packPieces(splitLong(paragraph, size), " ", size));
      continue;
    }
    const joined = current === "" ? paragraph : `${current}\n\n${paragraph}`;
    if (joined.length <= size) current = joined;
    else {
      flush();
      current = paragraph;
    }
  }
  flush();
  return chunks;
}

/** Sentences of a paragraph, each cut further when still longer than `size`. */
function splitLong(paragraph: string, size: number): string[] {
  const sentences = paragraph.match(/[^.!?…]+(?:[.!?…]+|$)/gu)?.map((s) => s.trim()).filter((s) => s !== "") ?? [paragraph];
  return sentences.flatMap((sentence) => (sentence.length <= size ? [sentence] : splitWords(sentence, size)));
}

function splitWords(sentence: string, size: number): string[] {
  const words = sentence.split(" ").flatMap((word) => {
    if (word.length <= size) return [word];
    const parts: string[] = [];
    for (let i = 0; i < word.length; i += size) parts.push(word.slice(i, i + size));
    return parts;
  });
  return packPieces(words, " ", size);
}

/** Pieces joined by `separator` into as few strings of at most `size` as order allows. */
function packPieces(pieces: string[], separator: string, size: number): string[] {
  const packed: string[] = [];
  let current = "";
  for (const piece of pieces) {
    const joined = current === "" ? piece : current + separator + piece;
    if (joined.length <= size) current = joined;
    else {
      if (current !== "") packed.push(current);
      current = piece;
    }
  }
  if (current !== "") packed.push(current);
  return packed;
}
