/**
 * A fake Gemini speaking the real REST protocol of `generateContent`, as `@google/generative-ai`
 * calls it: `POST {baseUrl}/v1beta/models/{model}:generateContent`, header `x-goog-api-key`, body
 * `{contents, systemInstruction, tools, generationConfig}`; answers
 * `{candidates:[{content:{role:"model",parts:[…]},finishReason}], usageMetadata}` or Google's
 * error body `{error:{code, message, status, details}}`.
 *
 * Faults for the benchmark: latency (with jitter), 429 with a `google.rpc.RetryInfo` retryDelay,
 * 500, and timeouts (the request hangs until the client gives up).
 *
 * It also speaks `embedContent` / `batchEmbedContents` (`./gemini-embeddings.ts`), answered at
 * once, with their own failure rate; and its default answer reads the prompt's "Conhecimento da
 * empresa" block the way a model would: it quotes the line that matches what was asked, or, when
 * none does, says it will check and calls `no_answer`.
 *
 * Pure web-standard code, `(Request) => Promise<Response>`: no Node imports, so it also runs
 * inside workerd tests. It is the one Gemini fake: the bench serves it with `serve()` from
 * `../http-server.ts`, and the workerd tests route intercepted fetches to it
 * (`test/helpers/fake-providers.ts`), where `geminiResponse` and `googleError` also build the
 * answers a test scripts.
 */
import { knowledgeBlockOf } from "../knowledge-block.ts";
import { sleep } from "../timing.ts";
import { answerEmbedding, EMBED_ROUTE, type EmbedMethod } from "./gemini-embeddings.ts";

export type FakeOutcome = "ok" | "http_429" | "http_500" | "timeout" | "bad_request";

/** What the fake saw of one call. */
export interface GeminiCall {
  seq: number;
  /** Epoch ms when the request arrived. */
  at: number;
  model: string;
  outcome: FakeOutcome;
  /** Time the fake spent before answering (its simulated model time), ms. */
  latencyMs: number;
  /** Texts of the final user turn (the burst being answered), in prompt order. */
  lastUserTexts: string[];
  /** Inline media parts of the final user turn. */
  lastUserMedia: number;
  systemInstruction: string;
  toolNames: string[];
  /** What the fake answered (ok only). */
  answer: FakeAnswer | null;
  /** The `usageMetadata` it reported (ok only). */
  usage: FakeUsage | null;
}

export type FakeAnswer = { text: string } | { functionCall: { name: string; args: Record<string, unknown> } };

/** `usageMetadata` token counts of an answer. */
export interface FakeUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  /** Present, as Gemini reports it, only when part of the prompt came from the implicit cache. */
  cachedContentTokenCount?: number;
}

/** Gemini 2.5 Flash's implicit cache serves a repeated prompt prefix of at least this many tokens. */
export const MIN_CACHED_PREFIX_TOKENS = 1024;

export interface FakeGeminiOptions {
  /** Simulated model time per call, ms (default 200). */
  latencyMs?: number;
  /** ± jitter around `latencyMs`, as a share of it (default 0.25). */
  jitter?: number;
  rate429?: number;
  rate500?: number;
  timeoutRate?: number;
  /** A "timeout" holds the request this long unless the client aborts first (default 120 s). */
  hangMs?: number;
  /** `retryDelay` of the 429's RetryInfo, protobuf Duration JSON (default "1s"). */
  retryDelay?: string;
  random?: () => number;
  now?: () => number;
  /**
   * Produces the answer of a successful call. Default: a `transfer_to_human` function call when the
   * burst contains "#transfer", else a short text echoing what was asked.
   */
  respond?: (call: GeminiCall) => FakeAnswer;
  onCall?: (call: GeminiCall) => void;
  /** Share of embedding calls answered with a 500 (default 0). */
  embeddingFailureRate?: number;
}

export interface FakeGemini {
  handle(request: Request): Promise<Response>;
  calls: GeminiCall[];
  /** Embedding calls: which method, how many texts, and whether they were answered. */
  embeddings: { method: EmbedMethod; texts: number; ok: boolean }[];
}

interface Part {
  text?: string;
  inlineData?: unknown;
}
interface Content {
  role?: string;
  parts?: Part[];
}
interface GenerateBody {
  contents?: Content[];
  systemInstruction?: string | Content;
  tools?: { functionDeclarations?: { name?: string }[] }[];
}

const ROUTE = /^\/v1beta\/models\/([^/:]+):generateContent$/;


/** Google's canonical status names (`google.rpc.Code`) for the HTTP codes an API answers. */
const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** Google's error body `{error: {code, message, status, details}}` with that HTTP status. */
export function googleError(code: number, message: string, details: unknown[] = []): Response {
  const status = STATUS_NAMES[code] ?? "UNKNOWN";
  return Response.json({ error: { code, message, status, ...(details.length ? { details } : {}) } }, { status: code });
}

/** The `google.rpc.RetryInfo` detail of a 429 (`retryDelay`: protobuf Duration JSON, e.g. "1s"). */
export const retryInfo = (retryDelay: string) => ({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay });

/** A successful `generateContent` answer: one candidate with a text or a function call. */
export function geminiResponse(answer: FakeAnswer, usage: FakeUsage, extra: { modelVersion?: string; responseId?: string } = {}): Response {
  const part = "text" in answer ? { text: answer.text } : { functionCall: answer.functionCall };
  return Response.json({
    candidates: [{ content: { role: "model", parts: [part] }, finishReason: "STOP", index: 0 }],
    usageMetadata: { ...usage, totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount },
    ...extra,
  });
}

function systemText(s: GenerateBody["systemInstruction"]): string {
  if (typeof s === "string") return s;
  return (s?.parts ?? []).map((p) => p.text ?? "").join("\n");
}

/** Default answers: enough for the SDK tests and a demo. */
export function defaultAnswer(call: GeminiCall): FakeAnswer {
  // The customer's own lines (the turn may also carry their WhatsApp name and other markers).
  const own = call.lastUserTexts.filter((t) => /^Cliente:/i.test(t));
  const asked = (own.length > 0 ? own : call.lastUserTexts).join(" ").replace(/^Cliente:\s*/gim, "");
  if (/#transfer/i.test(asked) && call.toolNames.includes("transfer_to_human")) {
    return { functionCall: { name: "transfer_to_human", args: { reason: "cliente pediu um atendente" } } };
  }
  const knowledge = knowledgeLines(call.systemInstruction);
  if (knowledge.length > 0) {
    const line = bestLine(knowledge, asked);
    if (line) return { text: quote(line) };
    if (asked.includes("?") && call.toolNames.includes("no_answer")) {
      return { functionCall: { name: "no_answer", args: { question: asked.slice(0, 500) } } };
    }
  }
  return { text: `Entendi! Você disse: ${asked.slice(0, 200)}` };
}

/** The lines of the "Conhecimento da empresa" block, without their "- " bullet. */
function knowledgeLines(system: string): string[] {
  return knowledgeBlockOf(system).split("\n").slice(1).map((line) => line.slice(2));
}

/** Words that name something, folded, cut to four letters so plurals and accents meet. */
function stems(text: string): Set<string> {
  const words = text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 4 && !FILLER.has(w));
  return new Set(words.map((w) => w.slice(0, 4)));
}
const FILLER = new Set(["quanto", "custa", "valor", "preco", "voces", "tem", "pode", "qual", "quais", "para", "mais", "esta", "estao", "sobre", "produto", "pergunta", "frequente", "resposta", "documento", "categoria"]);

/** The knowledge line sharing most words with what was asked (the item's name counts double). */
function bestLine(lines: string[], asked: string): string | null {
  const wanted = stems(asked);
  let best: { line: string; score: number } | null = null;
  for (const line of lines) {
    const head = line.replace(/^\[[^\]]*\]\s*/, "").split(/ — | Resposta: /)[0] ?? "";
    let score = 0;
    for (const s of stems(line)) if (wanted.has(s)) score += 1;
    for (const s of stems(head)) if (wanted.has(s)) score += 1;
    if (score > 0 && (!best || score > best.score)) best = { line, score };
  }
  return best?.line ?? null;
}

/** What a polite attendant says with that line in hand. */
function quote(line: string): string {
  const kind = /^\[([^\]:]*)/.exec(line)?.[1] ?? "";
  const body = line.replace(/^\[[^\]]*\]\s*/, "");
  if (kind === "produto") {
    const [name, price, ...rest] = body.split(" — ");
    if (rest.includes("esgotado")) return `O ${name} está esgotado no momento, desculpe!`;
    return price && price.startsWith("R$") ? `O ${name} custa ${price}. Posso ajudar em algo mais?` : `Temos ${name}! ${price ?? ""}`.trim();
  }
  if (kind === "pergunta frequente") return body.split(" Resposta: ")[1] ?? body;
  return `Pelo que consta aqui: ${body.slice(0, 300)}`;
}

/** Rough token count for `usageMetadata` (about four characters a token). */
const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** The prompt in the order Gemini reads it: system instruction, tools, then the turns. */
function promptText(body: GenerateBody, contents: unknown[]): string {
  return [systemText(body.systemInstruction), JSON.stringify(body.tools ?? []), ...contents.map((c) => JSON.stringify(c))].join("\n");
}

/**
 * Tokens of `prompt` served from the implicit cache: the prefix it shares with the previous
 * prompt for the same model, when that prefix is at least 1,024 tokens (whole tokens only).
 */
export function cachedPrefixTokens(previous: string, prompt: string): number {
  const max = Math.min(previous.length, prompt.length);
  let i = 0;
  while (i < max && previous.charCodeAt(i) === prompt.charCodeAt(i)) i++;
  const shared = Math.floor(i / 4);
  return shared >= MIN_CACHED_PREFIX_TOKENS ? shared : 0;
}

/**
 * Creates the fake.
 *
 * @example
 * const gemini = createFakeGemini({ latencyMs: 0 });
 * const res = await gemini.handle(new Request(
 *   "http://gemini/v1beta/models/gemini-2.5-flash:generateContent",
 *   { method: "POST", headers: { "x-goog-api-key": "k" }, body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: "oi" }] }] }) },
 * ));
 * (await res.json()).candidates[0].content.parts[0].text; // "Entendi! Você disse: oi"
 */
export function createFakeGemini(opts: FakeGeminiOptions = {}): FakeGemini {
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const latency = opts.latencyMs ?? 200;
  const jitter = opts.jitter ?? 0.25;
  const respond = opts.respond ?? defaultAnswer;
  const calls: GeminiCall[] = [];
  const embeddings: FakeGemini["embeddings"] = [];
  /** The last prompt answered per model: what the implicit cache holds. */
  const previousPrompt = new Map<string, string>();
  let seq = 0;

  async function embed(request: Request, method: EmbedMethod): Promise<Response> {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return googleError(400, "Invalid JSON payload received.");
    }
    const outcome = answerEmbedding(method, body, { failureRate: opts.embeddingFailureRate ?? 0, random });
    const texts = method === "embedContent" ? 1 : ((body as { requests?: unknown[] } | null)?.requests?.length ?? 0);
    embeddings.push({ method, texts, ok: outcome.ok });
    return outcome.ok ? Response.json(outcome.json) : googleError(outcome.code, outcome.message);
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const embedRoute = EMBED_ROUTE.exec(url.pathname);
    if (request.method === "POST" && embedRoute) return embed(request, embedRoute[2] as EmbedMethod);
    const route = ROUTE.exec(url.pathname);
    if (request.method !== "POST" || !route) {
      return googleError(404, `Method not found: ${request.method} ${url.pathname}`);
    }
    if (!request.headers.get("x-goog-api-key") && !url.searchParams.get("key")) {
      return googleError(403, "Method doesn't allow unregistered callers. Please use API Key or other form of API consumer identity to call this API.");
    }
    const started = now();
    let body: GenerateBody;
    try {
      body = (await request.json()) as GenerateBody;
    } catch {
      return googleError(400, "Invalid JSON payload received.");
    }
    const contents = Array.isArray(body.contents) ? body.contents : [];
    const lastUser = [...contents].reverse().find((c) => c.role === "user");
    const call: GeminiCall = {
      seq: ++seq,
      at: started,
      model: decodeURIComponent(route[1]!),
      outcome: "ok",
      latencyMs: 0,
      lastUserTexts: (lastUser?.parts ?? []).filter((p) => typeof p.text === "string").map((p) => p.text!),
      lastUserMedia: (lastUser?.parts ?? []).filter((p) => p.inlineData).length,
      systemInstruction: systemText(body.systemInstruction),
      toolNames: (body.tools ?? []).flatMap((t) => t.functionDeclarations ?? []).map((f) => f.name ?? ""),
      answer: null,
      usage: null,
    };
    const finish = (outcome: FakeOutcome) => {
      call.outcome = outcome;
      call.latencyMs = now() - started;
      calls.push(call);
      opts.onCall?.(call);
    };
    if (contents.length === 0) {
      finish("bad_request");
      return googleError(400, "* GenerateContentRequest.contents: contents is not specified\n");
    }

    const wait = Math.max(0, latency * (1 + (random() * 2 - 1) * jitter));
    const roll = random();
    const r429 = opts.rate429 ?? 0;
    const r500 = opts.rate500 ?? 0;
    const rTimeout = opts.timeoutRate ?? 0;
    if (roll < r429) {
      await sleep(Math.min(wait, 50), request.signal);
      finish("http_429");
      const retryDelay = opts.retryDelay ?? "1s";
      return googleError(429, "You exceeded your current quota, please check your plan and billing details.", [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests", quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier" }] },
        retryInfo(retryDelay),
      ]);
    }
    if (roll < r429 + r500) {
      await sleep(wait, request.signal);
      finish("http_500");
      return googleError(500, "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting");
    }
    if (roll < r429 + r500 + rTimeout) {
      await sleep(opts.hangMs ?? 120_000, request.signal);
      finish("timeout");
      // The client gave up: fail like fetch does, so in-process callers see the abort too.
      if (request.signal.aborted) throw request.signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
      return googleError(504, "Deadline expired before operation could complete.");
    }

    await sleep(wait, request.signal);
    const answer = respond(call);
    call.answer = answer;
    finish("ok");
    const prompt = promptText(body, contents);
    const cached = cachedPrefixTokens(previousPrompt.get(call.model) ?? "", prompt);
    previousPrompt.set(call.model, prompt);
    const usage: FakeUsage = {
      promptTokenCount: tokens(prompt),
      candidatesTokenCount: "text" in answer ? tokens(answer.text) : 8,
      ...(cached > 0 ? { cachedContentTokenCount: cached } : {}),
    };
    call.usage = usage;
    return geminiResponse(answer, usage, { modelVersion: call.model, responseId: `fake-${call.seq}` });
  }

  return { handle, calls, embeddings };
}
