/**
 * The Gemini adapter: the only module that imports `@google/generative-ai`. It turns one prompt
 * into a classified result, so callers decide on retries and fallbacks without ever seeing
 * provider error text (which must never reach a customer).
 */
import {
  GoogleGenerativeAI,
  GoogleGenerativeAIAbortError,
  GoogleGenerativeAIError,
  GoogleGenerativeAIFetchError,
  GoogleGenerativeAIRequestInputError,
  TaskType,
  type EmbedContentRequest,
  type EnhancedGenerateContentResponse,
  type ErrorDetails,
  type FunctionDeclaration,
  type GenerativeModel,
} from "@google/generative-ai";
import { withDeadline } from "../../platform/deadline";
import { isTimeoutError } from "../../platform/timeouts";
import { withoutTrailingSlash } from "../../platform/url";
import { EMBEDDING_DIMENSIONS } from "../knowledge/embedding-vectors";
import { NO_ANSWER, TRANSFER_TO_HUMAN, type AiContent } from "./request";

export interface AiRequest {
  /** Tenant override; null = the platform default model. */
  model: string | null;
  systemInstruction: string;
  contents: AiContent[];
  /** REST `FunctionDeclaration` objects (e.g. `transfer_to_human`). */
  functions: object[];
  timeoutMs: number;
}

export interface AiUsage {
  promptTokens: number;
  /** Of the prompt tokens, those Gemini served from its implicit cache (`cachedContentTokenCount`). */
  cachedTokens: number;
  outputTokens: number;
}

/** `detail` is a short classified code for logs (e.g. "http_429", "timeout"), never provider text. */
export type AiResult =
  | {
      ok: true;
      text: string;
      transferToHuman: { reason: string | null } | null;
      /** Set when the model called `no_answer`: the question it could not answer from the knowledge. */
      noAnswer: { question: string | null } | null;
      usage: AiUsage;
    }
  | {
      ok: false;
      error: "retryable";
      retryAfterMs: number | null;
      status: number | null;
      usage: AiUsage | null;
      detail: string;
    }
  | { ok: false; error: "blocked" | "empty"; usage: AiUsage | null; detail: string }
  | { ok: false; error: "fatal"; status: number | null; detail: string };

export interface AiClient {
  generate(req: AiRequest): Promise<AiResult>;
}


const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Finish reasons meaning the answer was withheld (the SDK's own list is only a subset). */
const BLOCKED_FINISH = new Set([
  "SAFETY",
  "RECITATION",
  "LANGUAGE",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
]);
const RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

export function createGemini(opts: {
  apiKey: string | null;
  baseUrl: string | null;
  defaultModel: string;
}): AiClient | null {
  if (!opts.apiKey) return null;
  const sdk = new GoogleGenerativeAI(opts.apiKey);
  // The SDK appends "/v1beta/..." verbatim, so a trailing slash would yield "//v1beta".
  const baseUrl = opts.baseUrl ? withoutTrailingSlash(opts.baseUrl) : undefined;

  return {
    async generate(req) {
      const modelName = req.model || opts.defaultModel;
      // The SDK would throw synchronously; a missing model is configuration, not a transient fault.
      if (!modelName) return { ok: false, error: "fatal", status: null, detail: "no_model" };
      const model = sdk.getGenerativeModel(
        {
          model: modelName,
          systemInstruction: req.systemInstruction,
          tools: req.functions.length
            ? [{ functionDeclarations: req.functions as FunctionDeclaration[] }]
            : undefined,
        },
        { baseUrl },
      );
      try {
        const response = await callWithTimeout(model, req);
        return classifyResponse(response);
      } catch (err) {
        return classifyError(err);
      }
    },
  };
}

/**
 * Our own deadline instead of the SDK's `timeout` option: the SDK arms a `setTimeout` that it
 * never clears. The signal also covers reading the response body, since the SDK hands it to `fetch`.
 */
function callWithTimeout(model: GenerativeModel, req: AiRequest): Promise<EnhancedGenerateContentResponse> {
  return withDeadline(req.timeoutMs, async (signal) => {
    const result = await model.generateContent({ contents: req.contents }, { signal });
    return result.response;
  });
}

function classifyResponse(response: EnhancedGenerateContentResponse): AiResult {
  const usage = readUsage(response);
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) return { ok: false, error: "blocked", usage, detail: `prompt_${blockReason}` };

  const candidate = response.candidates?.[0];
  if (!candidate) return { ok: false, error: "empty", usage, detail: "no_candidate" };
  const finish = candidate.finishReason;
  if (finish && BLOCKED_FINISH.has(finish)) {
    return { ok: false, error: "blocked", usage, detail: `finish_${finish}` };
  }

  // Safe now: text()/functionCalls() only throw for block reasons handled above.
  const text = response.text().trim();
  const calls = response.functionCalls() ?? [];
  const transfer = calls.find((call) => call.name === TRANSFER_TO_HUMAN.name);
  const unanswered = calls.find((call) => call.name === NO_ANSWER.name);
  const noAnswer = unanswered ? { question: readString(unanswered.args, "question") } : null;
  if (transfer) {
    return { ok: true, text, transferToHuman: { reason: readString(transfer.args, "reason") }, noAnswer, usage };
  }
  if (!text && !noAnswer) return { ok: false, error: "empty", usage, detail: `finish_${finish ?? "none"}` };
  return { ok: true, text, transferToHuman: null, noAnswer, usage };
}

function readString(args: object | undefined, key: string): string | null {
  const value = (args as Record<string, unknown> | undefined)?.[key];
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

/**
 * Thinking models (2.5) bill their `thoughtsTokenCount` as output, so it is counted with the
 * candidates for cost reporting; the SDK's type does not declare that field yet.
 */
function readUsage(response: EnhancedGenerateContentResponse): AiUsage {
  const meta = response.usageMetadata as
    | { promptTokenCount?: number; cachedContentTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number }
    | undefined;
  return {
    promptTokens: meta?.promptTokenCount ?? 0,
    cachedTokens: meta?.cachedContentTokenCount ?? 0,
    outputTokens: (meta?.candidatesTokenCount ?? 0) + (meta?.thoughtsTokenCount ?? 0),
  };
}

function classifyError(err: unknown): AiResult {
  if (err instanceof GoogleGenerativeAIFetchError) return classifyStatus(err);
  if (isAbort(err)) return retryable(null, null, "timeout");
  if (err instanceof GoogleGenerativeAIRequestInputError) {
    return { ok: false, error: "fatal", status: null, detail: "invalid_request" };
  }
  // The SDK wraps fetch rejections (DNS, reset, ...) in a plain GoogleGenerativeAIError.
  if (err instanceof GoogleGenerativeAIError) return retryable(null, null, "network");
  // Anything else is e.g. a truncated 200 body that is not JSON: worth another try.
  return retryable(null, null, "unexpected");
}

function classifyStatus(err: GoogleGenerativeAIFetchError): AiResult {
  const status = err.status ?? null;
  const detail = `http_${status ?? "unknown"}`;
  if (status !== null && RETRYABLE_STATUS.has(status)) {
    return retryable(status, retryDelayMs(err.errorDetails), detail);
  }
  return { ok: false, error: "fatal", status, detail };
}

/** The SDK only wraps errors raised by fetch itself; a body read aborts with a raw DOMException. */
function isAbort(err: unknown): boolean {
  return err instanceof GoogleGenerativeAIAbortError || isTimeoutError(err);
}

function retryable(status: number | null, retryAfterMs: number | null, detail: string): AiResult {
  return { ok: false, error: "retryable", retryAfterMs, status, usage: null, detail };
}

/**
 * The server's advice from `google.rpc.RetryInfo` (`"retryDelay": "30s"`, protobuf Duration
 * JSON). The SDK does not expose response headers, so `Retry-After` cannot be read.
 */
export function retryDelayMs(details: ErrorDetails[] | undefined): number | null {
  const info = details?.find((d) => d["@type"] === RETRY_INFO_TYPE);
  const match = typeof info?.retryDelay === "string" && /^(\d+(?:\.\d+)?)s$/.exec(info.retryDelay);
  return match ? Math.round(Number(match[1]) * 1000) : null;
}

/** The embedding model of retrieval; its vectors are asked in the size the stored blobs have. */
export const EMBEDDING_MODEL = "gemini-embedding-001";

export type EmbeddingTask = "RETRIEVAL_DOCUMENT" | "RETRIEVAL_QUERY";

/** Texts to vectors; null for any failure (network, status, timeout, a malformed answer), never a throw. */
export interface Embedder {
  embed(texts: string[], task: EmbeddingTask, timeoutMs: number): Promise<Float32Array[] | null>;
}

/**
 * `embedContent` for one text, `batchEmbedContents` for several (at most 100 per call, Google's
 * limit: callers batch). `outputDimensionality` is part of Google's request but not of the
 * SDK's type; the SDK sends the request object as it is, so it goes through.
 */
export function createEmbedder(opts: { apiKey: string | null; baseUrl: string | null }): Embedder | null {
  if (!opts.apiKey) return null;
  const sdk = new GoogleGenerativeAI(opts.apiKey);
  const baseUrl = opts.baseUrl ? withoutTrailingSlash(opts.baseUrl) : undefined;
  const model = sdk.getGenerativeModel({ model: EMBEDDING_MODEL }, { baseUrl });
  return {
    async embed(texts, task, timeoutMs) {
      if (texts.length === 0) return [];
      const requests = texts.map(
        (text) => ({ content: { role: "user", parts: [{ text }] }, taskType: TaskType[task], outputDimensionality: EMBEDDING_DIMENSIONS }) as EmbedContentRequest,
      );
      try {
        const values = await withDeadline(timeoutMs, async (signal) =>
          requests.length === 1
            ? [(await model.embedContent(requests[0]!, { signal })).embedding.values]
            : (await model.batchEmbedContents({ requests }, { signal })).embeddings.map((e) => e.values),
        );
        if (values.length !== texts.length || values.some((v) => !Array.isArray(v) || v.length !== EMBEDDING_DIMENSIONS)) return null;
        return values.map((v) => Float32Array.from(v));
      } catch {
        return null;
      }
    },
  };
}
