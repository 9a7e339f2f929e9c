/**
 * Case-, accent- and punctuation-insensitive matching of customer text against tenant keywords
 * (handoff keywords, quick replies). Customers type "HUMANO!!", "atendênte?" or "pix," and
 * still mean the keyword.
 */

/** Punctuation or symbols (emoji included) hugging the start or end of a word. */
const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

/**
 * Lowercases, removes accents (NFD, then combining marks dropped), strips punctuation at word
 * edges and collapses whitespace, so equal words compare equal however they were typed.
 * Punctuation inside a word ("e-mail", "12,50") is kept: it is part of the word.
 */
export function normalizeForMatch(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(EDGE_PUNCTUATION, ""))
    .filter((word) => word.length > 0)
    .join(" ");
}

/**
 * Whether `phrase` occurs in `text` as whole words: "humano" matches "Quero um HUMANO!" but
 * "atendente" does not match inside "desatendente". An empty phrase matches nothing.
 */
export function containsPhrase(text: string, phrase: string): boolean {
  const needle = normalizeForMatch(phrase);
  if (needle === "") return false;
  // Space-padding both sides turns substring search into whole-word search on normalized text.
  return ` ${normalizeForMatch(text)} `.includes(` ${needle} `);
}

/** Whether the whole message is `phrase` (after normalization), e.g. "Pix?" equals "pix". */
export function equalsPhrase(text: string, phrase: string): boolean {
  const needle = normalizeForMatch(phrase);
  return needle !== "" && normalizeForMatch(text) === needle;
}
