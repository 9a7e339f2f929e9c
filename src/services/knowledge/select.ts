/**
 * The knowledge of one turn, from what the turn's read returned: the whole knowledge when the
 * tenant's fits the budget, else the keyword candidates ranked (and re-ranked by meaning when
 * the query and the candidates have embeddings).
 */
import { cosineSimilarity } from "./embedding-vectors";
import { buildKnowledgeBlock, type KnowledgeBlock, type KnowledgeUnit } from "./knowledge-block";
import { rankCandidates, type RankCandidate, type RetrievalQuery } from "./rank";

/** A row of the turn's read: the unit, its index columns, its bm25 (null when whole), its vector. */
export type RetrievedUnit = Omit<RankCandidate, "cosine"> & { embedding: Float32Array | null };

export interface KnowledgeSelection extends KnowledgeBlock {
  /** The fused score of each unit in the block; absent when the block is the whole knowledge. */
  scores: Map<string, number>;
}

export function selectKnowledge(input: {
  rows: readonly RetrievedUnit[];
  /** Whether the read returned the whole knowledge (the tenant's total fits the budget). */
  whole: boolean;
  query: RetrievalQuery;
  /** The query's embedding; null without a key, or when embedding it failed. */
  queryEmbedding: Float32Array | null;
  budgetChars: number;
}): KnowledgeSelection {
  if (input.whole) {
    return { ...buildKnowledgeBlock({ units: input.rows.map((r) => r.unit), budgetChars: input.budgetChars, whole: true }), scores: new Map() };
  }
  const candidates = input.rows.map(({ embedding, ...row }) => ({ ...row, cosine: similarity(input.queryEmbedding, embedding) }));
  const ranked = rankCandidates(input.query, candidates);
  const units: KnowledgeUnit[] = ranked.map((r) => r.unit);
  const block = buildKnowledgeBlock({ units, budgetChars: input.budgetChars, whole: false });
  return { ...block, scores: new Map(ranked.map((r) => [r.unit.id, r.score])) };
}

/** Cosine of two vectors of the same model; null when either is missing or they do not match. */
function similarity(query: Float32Array | null, entry: Float32Array | null): number | null {
  if (!query || !entry || query.length !== entry.length) return null;
  return cosineSimilarity(query, entry);
}
