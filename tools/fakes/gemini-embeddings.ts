/**
 * The embedding half of the fake Gemini: what `embedContent` and `batchEmbedContents` answer,
 * as `@google/generative-ai` calls them (`POST {baseUrl}/v1beta/models/{model}:embedContent`
 * with `{content:{parts:[{text}]}, taskType, outputDimensionality}` → `{embedding:{values}}`;
 * `:batchEmbedContents` with `{requests:[…same, model]}` → `{embeddings:[{values}…]}`).
 *
 * Vectors are deterministic and meaningful enough for a benchmark: a hashed bag of the text's
 * words (their first four letters, so plurals and most typos land together), L2-normalized, so texts
 * sharing words are close. Returned as data, not as a Response, so the fake server that routes
 * to it answers errors in its own Google error format.
 */

export const EMBED_ROUTE = /^\/v1beta\/models\/([^/:]+):(embedContent|batchEmbedContents)$/;
export type EmbedMethod = "embedContent" | "batchEmbedContents";

export type EmbedOutcome =
  | { ok: true; json: { embedding: { values: number[] } } | { embeddings: { values: number[] }[] } }
  | { ok: false; code: 400 | 500; status: "INVALID_ARGUMENT" | "INTERNAL"; message: string };

export interface FakeEmbeddingOptions {
  /** Share of calls answered with a 500 (default 0). */
  failureRate?: number;
  random?: () => number;
}

const DEFAULT_DIMENSIONS = 3072;
/** Google's limit on requests per `batchEmbedContents` call. */
const MAX_BATCH = 100;

interface EmbedRequest {
  content?: { parts?: { text?: string }[] };
  outputDimensionality?: number;
}

export function answerEmbedding(method: EmbedMethod, body: unknown, opts: FakeEmbeddingOptions = {}): EmbedOutcome {
  if ((opts.random ?? Math.random)() < (opts.failureRate ?? 0)) {
    return { ok: false, code: 500, status: "INTERNAL", message: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting" };
  }
  if (method === "embedContent") {
    const values = embedOne(body as EmbedRequest);
    return values ? { ok: true, json: { embedding: { values } } } : invalid("* EmbedContentRequest.content: contents is not specified\n");
  }
  const requests = (body as { requests?: EmbedRequest[] } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) return invalid("* BatchEmbedContentsRequest.requests: requests is not specified\n");
  if (requests.length > MAX_BATCH) return invalid(`* BatchEmbedContentsRequest.requests: at most ${MAX_BATCH} requests can be in one batch\n`);
  const embeddings: { values: number[] }[] = [];
  for (const request of requests) {
    const values = embedOne(request);
    if (!values) return invalid("* BatchEmbedContentsRequest.requests[].content: contents is not specified\n");
    embeddings.push({ values });
  }
  return { ok: true, json: { embeddings } };
}

function embedOne(request: EmbedRequest | null | undefined): number[] | null {
  const text = request?.content?.parts?.map((p) => p.text ?? "").join(" ");
  if (!text?.trim()) return null;
  const dims = request?.outputDimensionality ?? DEFAULT_DIMENSIONS;
  return fakeEmbedding(text, dims);
}

function invalid(message: string): EmbedOutcome {
  return { ok: false, code: 400, status: "INVALID_ARGUMENT", message };
}

/** A unit vector of `dimensions` for `text`; the same text always gives the same vector. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3);
  for (const word of words) {
    const hash = fnv1a(word.slice(0, 4));
    vector[hash % dimensions]! += hash & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector.map((_, i) => (i === 0 ? 1 : 0)) : vector.map((v) => v / norm);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
