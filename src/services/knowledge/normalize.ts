/**
 * Search normalization for Portuguese text, applied the same way to what is stored and to what
 * customers type, so that "Pães", "paes" and "pão" become one search term, and "bolos" finds
 * "Bolo". Then the FTS5 MATCH expression for a query, built only from normalized terms so that
 * customer text can never be read as FTS5 syntax.
 */

/**
 * Words that say nothing about what is asked: removed from queries, kept in stored text.
 * "onde" and "quando" stay: they tell a location or an hours question from the rest.
 */
const STOP_WORDS = new Set(
  (
    "a o as os um uma uns umas e ou de da do das dos d em na no nas nos num numa ao aos " +
    "por pra pro pras pros para pelo pela pelos pelas com como que se mas mais menos muito muita " +
    "eu tu ele ela nos vos eles elas voce voces vc vcs seu sua seus suas meu minha meus minhas " +
    "me te lhe isso isto esse essa este esta aquele aquela ai la aqui ja so tambem ainda entao " +
    "qual quais quanto quanta quantos quantas quem porque pq " +
    "tem tens tenho temos ter tinha tiver ha sao ser sera seria foi esta estao estou " +
    "custa custam sai fica ficam vale valor preco precos " +
    "quero queria gostaria pode podem poderia consigo posso saber sabe " +
    "oi ola bom boa dia tarde noite obrigado obrigada favor ok certo sim nao beleza " +
    "hoje agora algo algum alguma alguns algumas tipo coisa coisas"
  ).split(" "),
);

/** Shortest stem the plural rules may produce: "mes" stays "mes", "tres" is not cut. */
const MIN_STEM = 3;

/**
 * Lowercase, accents removed, every run of characters other than letters and digits a single
 * space: "Pão-de-Queijo (GRANDE)!" → "pao de queijo grande".
 */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Plural endings (after accent folding), longest first; each maps to its singular ending. */
const PLURAL_RULES: [suffix: string, singular: string][] = [
  ["oes", "ao"], // pães → pao, limões → limao, opções → opcao
  ["aes", "ao"],
  ["aos", "ao"], // irmãos → irmao
  ["ais", "al"], // integrais → integral
  ["eis", "el"], // pastéis → pastel
  ["ois", "ol"],
  ["uis", "ul"],
  ["eses", "es"], // franceses → frances (then "s" below, like the singular)
  ["res", "r"], // sabores → sabor, flores → flor
  ["zes", "z"], // nozes → noz
  ["ns", "m"], // pudins → pudim, bombons → bombom
  ["s", ""], // bolos → bolo, coxinhas → coxinha
];

function dropPlural(word: string): string {
  for (const [suffix, singular] of PLURAL_RULES) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length) + singular;
    return stem.length >= MIN_STEM ? stem : word;
  }
  return word;
}

/**
 * A light Portuguese stem of one folded word: the plural dropped (twice, for "franceses"), then
 * a final "e" dropped, so that words whose singular ends in "e" meet their plural: "doce" and
 * "doces" → "doc", "livre" and "livres" → "livr", "francês" and "franceses" → "franc".
 * Not a full stemmer: gender and verb forms are left alone, which keeps "bolo" apart from "bola".
 */
export function stemWord(word: string): string {
  if (!/\p{L}/u.test(word) || word.length <= MIN_STEM) return word;
  const singular = dropPlural(dropPlural(word));
  return singular.endsWith("e") && singular.length > MIN_STEM ? singular.slice(0, -1) : singular;
}

const STOP_STEMS = new Set([...STOP_WORDS].map(stemWord));

/** Folded, stemmed words of `text`, in order, duplicates kept. */
export function searchTokens(text: string): string[] {
  const folded = foldText(text);
  return folded === "" ? [] : folded.split(" ").map(stemWord);
}

/** What is stored in the index for a text: its stemmed words joined by spaces. */
export function searchText(text: string): string {
  return searchTokens(text).join(" ");
}

/**
 * The distinct search terms of what a customer typed: folded, stop words out, stemmed. Single
 * letters and lone stop words say nothing and are dropped ("e o de chocolate?" → ["chocolat"]).
 */
export function queryTerms(text: string): string[] {
  const terms = new Set<string>();
  const folded = foldText(text);
  if (folded === "") return [];
  for (const word of folded.split(" ")) {
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    terms.add(stemWord(word));
  }
  return [...terms];
}

/** Words that make the next word a modifier of the one before: "bolo *de* cenoura". */
const LINKING_WORDS = new Set(["de", "do", "da", "dos", "das", "com", "sem"]);
const ARTICLES = new Set(["o", "a", "os", "as", "um", "uma"]);

/**
 * The query terms of `text`, split by role: heads name the thing ("bolo" in "bolo de cenoura",
 * "pao" in "pão sem glúten"); modifiers follow a linking word ("cenoura", "gluten"). A follow-up
 * like "e o de chocolate?" has modifiers and no head.
 */
export function phraseRoles(text: string): { heads: string[]; modifiers: string[] } {
  const heads: string[] = [];
  const modifiers: string[] = [];
  let afterLink = false;
  for (const word of foldText(text).split(" ")) {
    if (LINKING_WORDS.has(word)) {
      afterLink = true;
      continue;
    }
    if (ARTICLES.has(word)) continue;
    const [term] = queryTerms(word);
    if (term !== undefined) (afterLink ? modifiers : heads).push(term);
    afterLink = false;
  }
  return { heads: [...new Set(heads)], modifiers: [...new Set(modifiers)] };
}

/** Whether a stored (stemmed) word is one of the words queries ignore. */
export function isStopStem(stem: string): boolean {
  return STOP_STEMS.has(stem);
}

/** A burst may hold 32 KB of text: past this many terms the rest add noise, not recall. */
export const MAX_QUERY_TERMS = 32;

/** Terms this long also find longer words they begin: "refri" finds "refrigerante". */
export const PREFIX_MIN_TERM = 4;
/** Terms this long find words sharing their first 60%, at least 5 letters (typos). */
export const LOOSE_PREFIX_MIN_TERM = 6;

/**
 * The beginning a term shares with the words it should also find: the term itself for 4 or 5
 * letters ("refri" → "refrigerante"); for longer ones its first 60%, at least 5 letters, since
 * customers' typos fall anywhere after the start ("cappucino" → "cappuc", which finds
 * "cappuccino"; "croisant" → "crois"). Null for shorter terms.
 */
export function termPrefix(term: string): string | null {
  if (term.length >= LOOSE_PREFIX_MIN_TERM) return term.slice(0, Math.max(PREFIX_MIN_TERM + 1, Math.ceil(term.length * 0.6)));
  return term.length >= PREFIX_MIN_TERM ? term : null;
}

/**
 * An FTS5 MATCH expression finding any of `terms`: each term a quoted string, or a prefix query
 * when it has a `termPrefix`, joined by OR. Terms are folded again here, so they hold only letters
 * and digits whatever the caller passes; quoting them anyway means no word ("NEAR", "AND", "NOT",
 * a column name followed by ":") can act as an operator. Null when there is nothing to search for.
 *
 * @example ftsMatchQuery(["pao", "bolo", "chocolat"]) // '"pao" OR "bolo"* OR "chocolat" OR "choco"*'
 */
export function ftsMatchQuery(terms: readonly string[]): string | null {
  const parts: string[] = [];
  for (const term of terms.slice(0, MAX_QUERY_TERMS)) {
    const clean = foldText(term).replace(/\s+/g, "");
    if (clean === "") continue;
    const prefix = termPrefix(clean);
    // A prefix query equal to the term already finds the term itself.
    if (prefix !== clean) parts.push(quote(clean));
    if (prefix) parts.push(`${quote(prefix)}*`);
  }
  return parts.length > 0 ? [...new Set(parts)].join(" OR ") : null;
}

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * The key under which a catalog item's name is unique within a tenant: "Pão de Queijo" and
 * "pao de queijo" are the same item, so an import updates it instead of adding a twin.
 */
export function itemNameKey(name: string): string {
  return foldText(name);
}
