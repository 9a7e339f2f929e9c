/**
 * Turns the model's Markdown into WhatsApp messages: WhatsApp's own formatting, at most
 * `maxParts` messages of under 4,000 characters, each with a typing delay.
 */

/** Holds the place of a WhatsApp bold "*" until single-asterisk italics have been converted. */
const BOLD = "\u0001";
/** Delimits a placeholder for text that later rules must not touch (code, URLs, escapes). */
const SLOT = "\u0000";
const PARAGRAPH_BREAK = "\n\n";

/**
 * Markdown to WhatsApp formatting: `**a**`/`__a__` → `*a*`, `*a*` → `_a_`, `~~a~~` → `~a~`,
 * headings → `*Heading*`, `[text](url)` → `text (url)`, bullets → `• item`, HTML tags removed,
 * fenced code → WhatsApp monospace, inline code and URLs left untouched.
 */
export function toWhatsApp(markdown: string): string {
  const kept: string[] = [];
  const keep = (text: string): string => `${SLOT}${kept.push(text) - 1}${SLOT}`;

  let s = markdown.replace(/\r\n?/g, "\n").replace(/[\u0000\u0001]/g, "");
  // Code first: whatever it contains is literal.
  s = s.replace(/```[^\n`]*\n([\s\S]*?)\n?```/g, (_, code: string) => keep("```" + code + "```"));
  s = s.replace(/```[^`\n]+```|`[^`\n]+`/g, keep);
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!~>|])/g, (_, char: string) => keep(char));
  // URLs are kept verbatim: their "_" and "*" are not formatting.
  s = s.replace(
    /!?\[([^\]\n]*)\]\(\s*<?([^\s()<>]+)>?(?:\s+"[^"\n]*")?\s*\)/g,
    (_, label: string, url: string) => {
      const text = label.trim();
      return text === "" || text === url ? keep(url) : `${text} (${keep(url)})`;
    },
  );
  s = s.replace(/<((?:https?|mailto):[^\s<>]+)>/g, (_, url: string) => keep(url));
  s = s.replace(/\bhttps?:\/\/[^\s<>]+/g, keep);
  s = s.replace(/<br\s*\/?>/gi, "\n").replace(/<\/?[a-zA-Z][^<>]*>/g, "");
  // Horizontal rules have no WhatsApp equivalent, and "***" would read as emphasis below.
  s = s.replace(/^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$/gm, "");
  s = s.replace(
    /^[ \t]{0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/gm,
    (_, title: string) => `${BOLD}${title.replace(/\*\*|__/g, "")}${BOLD}`,
  );
  // Bullets before emphasis, so "* item" is not read as the start of an italic.
  s = s.replace(/^([ \t]*)[*+-][ \t]+/gm, "$1• ");
  s = s.replace(/\*\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*\*/g, `${BOLD}_$1_${BOLD}`);
  s = s.replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, `${BOLD}$1${BOLD}`);
  s = s.replace(/(^|[^\p{L}\p{N}_])__(?=\S)(.+?)(?<=\S)__(?![\p{L}\p{N}_])/gmu, `$1${BOLD}$2${BOLD}`);
  s = s.replace(/(^|[^\p{L}\p{N}*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\p{L}\p{N}*])/gmu, "$1_$2_");
  s = s.replace(/~~(?=\S)(.+?)(?<=\S)~~/g, "~$1~");

  s = s.replace(/[ \t]+$/gm, "").replace(/\n{3,}/g, PARAGRAPH_BREAK);
  s = s.replaceAll(BOLD, "*");
  s = s.replace(new RegExp(`${SLOT}(\\d+)${SLOT}`, "g"), (_, i: string) => kept[Number(i)] ?? "");
  return s.trim();
}

/**
 * Splits a reply into at most `maxParts` messages of at most `maxChars` characters. Paragraphs
 * (blank-line separated) stay whole when they fit; when there are more paragraphs than parts,
 * neighbours are merged into parts of balanced length, so nothing is lost. An over-long
 * paragraph is cut at line, then sentence, then word boundaries. Only text that cannot fit in
 * `maxParts` full parts is dropped, and the last part then ends with "…".
 */
export function splitReply(text: string, maxParts: number, maxChars = 3900): string[] {
  const pieces = text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .flatMap((paragraph) => splitLong(paragraph, maxChars, 0));
  if (pieces.length <= maxParts) return pieces;

  const packed = pack(pieces, maxChars, PARAGRAPH_BREAK);
  if (packed.length > maxParts) {
    const rest = packed.slice(maxParts - 1).join(PARAGRAPH_BREAK);
    return [...packed.slice(0, maxParts - 1), truncate(rest, maxChars)];
  }
  // The smallest part size that still fits in maxParts parts spreads the text evenly.
  let low = Math.max(...pieces.map((piece) => piece.length));
  let high = maxChars;
  while (low < high) {
    const size = Math.floor((low + high) / 2);
    if (pack(pieces, size, PARAGRAPH_BREAK).length <= maxParts) high = size;
    else low = size + 1;
  }
  return pack(pieces, low, PARAGRAPH_BREAK);
}

/** How long to show "typing…" before sending `part`: proportional to its length, capped. */
export function typingDelayMs(part: string, msPerChar: number, capMs = 4000): number {
  return Math.min(capMs, Math.round(part.length * msPerChar));
}

/** The model's Markdown as the WhatsApp messages to send, in order, each with its typing delay. */
export function formatReply(
  markdown: string,
  options: { maxParts: number; typingMsPerChar: number },
): { text: string; delayMs: number }[] {
  return splitReply(toWhatsApp(markdown), options.maxParts).map((text) => ({
    text,
    delayMs: typingDelayMs(text, options.typingMsPerChar),
  }));
}

/** Boundaries to cut an over-long paragraph at, best first, with what joins the pieces back. */
const CUTS = [
  { at: /\n/, join: "\n" },
  { at: /(?<=[.!?…])[ \t]+/, join: " " },
  { at: /[ \t]+/, join: " " },
] as const;

function splitLong(text: string, max: number, level: number): string[] {
  if (text.length <= max) return [text];
  const cut = CUTS[level];
  if (!cut) return hardCut(text, max);
  const units = text.split(cut.at).flatMap((unit) => splitLong(unit, max, level + 1));
  return pack(units, max, cut.join);
}

/** Greedily joins consecutive pieces (each at most `max` long) into chunks of at most `max`. */
function pack(pieces: readonly string[], max: number, join: string): string[] {
  const chunks: string[] = [];
  let current: string | null = null;
  for (const piece of pieces) {
    if (current !== null && current.length + join.length + piece.length <= max) {
      current += join + piece;
    } else {
      if (current !== null) chunks.push(current);
      current = piece;
    }
  }
  if (current !== null) chunks.push(current);
  return chunks;
}

function hardCut(text: string, max: number): string[] {
  const chunks: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + max, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--; // keep emoji whole
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

/** `text` cut to at most `max` characters ending in "…", at a word boundary when there is one. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
  const head = text.slice(0, end);
  const lastSpace = head.search(/\s\S*$/);
  return `${(lastSpace > max / 2 ? head.slice(0, lastSpace) : head).trimEnd()}…`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
