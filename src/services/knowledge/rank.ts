/**
 * Ranking of retrieved knowledge: which of the candidates found by the keyword index (and, when
 * embeddings exist, by meaning) best answer what the customer just wrote.
 */
import type { KnowledgeUnit } from "./knowledge-block";
import { MAX_QUERY_TERMS, isStopStem, phraseRoles, queryTerms, termPrefix } from "./normalize";

/**
 * Search terms of one turn. `primary` come from the burst being answered; `context` from the
 * customer's previous message, weighted less, so that follow-ups keep their subject.
 */
export interface RetrievalQuery {
  primary: string[];
  context: string[];
}

/**
 * A burst that only qualifies ("e o de chocolate?": a modifier, no head) replaces the previous
 * message's modifiers, so the context keeps only its heads: after "tem bolo de cenoura?" it looks
 * for a bolo de chocolate, not for cenoura. Any other burst takes all the previous terms.
 */
export function buildRetrievalQuery(burstTexts: readonly string[], previousCustomerMessage: string | null): RetrievalQuery {
  const burst = burstTexts.join("\n");
  const primary = queryTerms(burst).slice(0, MAX_QUERY_TERMS);
  const seen = new Set(primary);
  const previous = previousCustomerMessage ?? "";
  const roles = phraseRoles(burst);
  const qualifiesOnly = roles.heads.length === 0 && roles.modifiers.length > 0;
  const context = (qualifiesOnly ? phraseRoles(previous).heads : queryTerms(previous))
    .filter((term) => !seen.has(term))
    .slice(0, MAX_QUERY_TERMS - primary.length);
  return { primary, context };
}

/** Every term of the query, primary first: what the keyword index is asked for. */
export function allTerms(query: RetrievalQuery): string[] {
  return [...query.primary, ...query.context];
}

/** A unit found for the query, with its normalized search fields as the index stores them. */
export interface RankCandidate {
  unit: KnowledgeUnit;
  /** Stemmed words (`searchText`) of the item's name or the FAQ's question. */
  title: string;
  /** Stemmed words of the description and unit, the answer, or the chunk text. */
  body: string;
  /** Stemmed words of a FAQ's keywords, an item's category or a chunk's document title. */
  tags: string;
  /** FTS5 `bm25()` of the keyword match (lower is better); null when not found by keywords. */
  bm25: number | null;
  /** Cosine similarity of the unit's embedding to the query's; null without embeddings. */
  cosine: number | null;
}

export interface RankedUnit {
  unit: KnowledgeUnit;
  /** Fused score, higher is better; comparable only within one ranking. */
  score: number;
}

/** A term found in the title counts most; in keywords or category next; in the body least. */
const FIELD_WEIGHT = { title: 3, tags: 2, body: 1 } as const;
const CONTEXT_WEIGHT = 0.4;
/** A word that only shares the term's beginning (a typo, an abbreviation) counts this much. */
const PREFIX_MATCH = 0.5;
/**
 * What covering every word of a title adds, as a share of the score: for "bolo de chocolate",
 * "Bolo de chocolate" comes before "Bolo de cenoura com chocolate".
 */
const TITLE_COVERAGE_BONUS = 0.5;
/** Reciprocal rank fusion constant: the usual 60 keeps one list's top from drowning the other. */
const RRF_K = 60;

/**
 * How well a candidate's words cover the query: for each term, its weight (primary 1, context
 * 0.4) times the weight of the best field it occurs in, halved for a prefix-only match; then
 * raised by up to half by the share of the title's words the query covers, so that the shorter
 * title that says exactly what was asked comes first.
 */
export function keywordScore(query: RetrievalQuery, candidate: RankCandidate): number {
  const fields = {
    title: candidate.title.split(" "),
    tags: candidate.tags.split(" "),
    body: candidate.body.split(" "),
  };
  const titleWords = new Set(fields.title.filter((w) => w !== "" && !isStopStem(w)));
  const covered = new Set<string>();
  const termScore = (term: string): number => {
    const prefix = termPrefix(term);
    for (const word of titleWords) if (word === term || (prefix !== null && word.startsWith(prefix))) covered.add(word);
    let best = 0;
    for (const field of ["title", "tags", "body"] as const) {
      const words = fields[field];
      const quality = words.includes(term) ? 1 : prefix !== null && words.some((w) => w.startsWith(prefix)) ? PREFIX_MATCH : 0;
      best = Math.max(best, quality * FIELD_WEIGHT[field]);
    }
    return best;
  };
  let score = 0;
  for (const term of query.primary) score += termScore(term);
  for (const term of query.context) score += CONTEXT_WEIGHT * termScore(term);
  const coverage = titleWords.size === 0 ? 0 : covered.size / titleWords.size;
  return score * (1 + TITLE_COVERAGE_BONUS * coverage);
}

/**
 * Candidates best first. Two rankings are fused by reciprocal rank (each list adds
 * 1 / (60 + rank)): by keyword score (bm25 breaking ties), and by embedding similarity when
 * candidates carry one. A candidate in neither list (no term matched, no embedding) is left
 * out. Equal scores fall back to the unit id, so the order is the same on every turn.
 */
export function rankCandidates(query: RetrievalQuery, candidates: readonly RankCandidate[]): RankedUnit[] {
  const scored = candidates.map((c) => ({ c, keyword: keywordScore(query, c) }));
  const fused = new Map<RankCandidate, number>();
  const add = (list: RankCandidate[]) =>
    list.forEach((c, i) => fused.set(c, (fused.get(c) ?? 0) + 1 / (RRF_K + i + 1)));

  add(
    scored
      .filter((s) => s.keyword > 0)
      .sort(
        (a, b) =>
          b.keyword - a.keyword ||
          (a.c.bm25 ?? Infinity) - (b.c.bm25 ?? Infinity) ||
          compareIds(a.c.unit.id, b.c.unit.id),
      )
      .map((s) => s.c),
  );
  add(
    candidates
      .filter((c) => c.cosine !== null)
      .sort((a, b) => b.cosine! - a.cosine! || compareIds(a.unit.id, b.unit.id)),
  );

  return [...fused]
    .map(([c, score]) => ({ unit: c.unit, score }))
    .sort((a, b) => b.score - a.score || compareIds(a.unit.id, b.unit.id));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
