import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createGemini, retryDelayMs, type AiClient, type AiRequest } from "../../src/services/ai/gemini";

const API_KEY = "test-gemini-key-SECRET";
const BASE_URL = "https://gemini.test";

const TRANSFER_DECLARATION = {
  name: "transfer_to_human",
  description: "Passa a conversa para um atendente humano.",
  parameters: {
    type: "OBJECT",
    properties: { reason: { type: "STRING", description: "Motivo" } },
  },
};

interface Recorded {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
}

/** Fake `generateContent` endpoint: records each request and answers with `reply()`. */
function fakeGemini(reply: (init: RequestInit | undefined) => Response | Promise<Response>) {
  const requests: Recorded[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    requests.push({
      url: String(input),
      headers: new Headers(init?.headers),
      body: JSON.parse(String(init?.body)) as Record<string, unknown>,
    });
    return reply(init);
  });
  return requests;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

function answer(parts: unknown[], extra: Record<string, unknown> = {}): Response {
  return json(200, {
    candidates: [{ content: { role: "model", parts }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 15, totalTokenCount: 135 },
    ...extra,
  });
}

function apiError(status: number, details?: unknown[]): Response {
  return json(status, {
    error: { code: status, message: `provider says ${status} for key ${API_KEY}`, status: "X", details },
  });
}

function request(overrides: Partial<AiRequest> = {}): AiRequest {
  return {
    model: null,
    systemInstruction: "Você é a atendente da Padaria Centro.",
    contents: [
      { role: "user", parts: [{ text: "Cliente: que horas abre?" }] },
      { role: "model", parts: [{ text: "Abrimos às 7h." }] },
      {
        role: "user",
        parts: [
          { text: "Cliente enviou um áudio:" },
          { inlineData: { mimeType: "audio/ogg", data: "T2dnUwACAAAA" } },
        ],
      },
    ],
    functions: [TRANSFER_DECLARATION],
    timeoutMs: 5_000,
    ...overrides,
  };
}

let ai: AiClient;

beforeEach(() => {
  const client = createGemini({ apiKey: API_KEY, baseUrl: `${BASE_URL}/`, defaultModel: "gemini-2.5-flash" });
  if (!client) throw new Error("expected a client");
  ai = client;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("createGemini", () => {
  it("is off without an API key", () => {
    expect(createGemini({ apiKey: null, baseUrl: null, defaultModel: "m" })).toBeNull();
    expect(createGemini({ apiKey: "", baseUrl: null, defaultModel: "m" })).toBeNull();
  });
});

describe("request", () => {
  it("posts systemInstruction, contents with inline audio and the transfer tool", async () => {
    const requests = fakeGemini(() => answer([{ text: "Abrimos às 7h!" }]));

    await ai.generate(request());

    expect(requests).toHaveLength(1);
    const [sent] = requests;
    expect(sent?.url).toBe(`${BASE_URL}/v1beta/models/gemini-2.5-flash:generateContent`);
    expect(sent?.headers.get("x-goog-api-key")).toBe(API_KEY);
    expect(sent?.body.systemInstruction).toEqual({
      role: "system",
      parts: [{ text: "Você é a atendente da Padaria Centro." }],
    });
    expect(sent?.body.contents).toEqual(request().contents);
    expect(sent?.body.tools).toEqual([{ functionDeclarations: [TRANSFER_DECLARATION] }]);
  });

  it("uses the tenant's model when given and omits tools when there are none", async () => {
    const requests = fakeGemini(() => answer([{ text: "ok" }]));

    await ai.generate(request({ model: "gemini-2.5-pro", functions: [] }));

    expect(requests[0]?.url).toBe(`${BASE_URL}/v1beta/models/gemini-2.5-pro:generateContent`);
    expect(requests[0]?.body.tools).toBeUndefined();
  });
});

describe("model", () => {
  it("falls back to the default for an empty tenant model; no model at all is fatal", async () => {
    const requests = fakeGemini(() => answer([{ text: "ok" }]));
    const unnamed = createGemini({ apiKey: API_KEY, baseUrl: null, defaultModel: "" });

    await ai.generate(request({ model: "" }));

    expect(requests[0]?.url).toBe(`${BASE_URL}/v1beta/models/gemini-2.5-flash:generateContent`);
    expect(await unnamed?.generate(request())).toEqual({ ok: false, error: "fatal", status: null, detail: "no_model" });
  });
});

describe("answers", () => {
  it("returns the text and token usage", async () => {
    fakeGemini(() => answer([{ text: "Abrimos " }, { text: "às 7h!" }]));

    expect(await ai.generate(request())).toEqual({
      ok: true,
      text: "Abrimos às 7h!",
      transferToHuman: null,
      noAnswer: null,
      usage: { promptTokens: 120, cachedTokens: 0, outputTokens: 15 },
    });
  });

  it("counts thinking tokens as output", async () => {
    fakeGemini(() =>
      answer([{ text: "ok" }], {
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 40 },
      }),
    );

    const result = await ai.generate(request());

    expect(result.ok && result.usage).toEqual({ promptTokens: 10, cachedTokens: 0, outputTokens: 45 });
  });

  it("reports a transfer_to_human call, even without text", async () => {
    fakeGemini(() =>
      answer([{ functionCall: { name: "transfer_to_human", args: { reason: "quer falar com o dono" } } }]),
    );

    expect(await ai.generate(request())).toEqual({
      ok: true,
      text: "",
      transferToHuman: { reason: "quer falar com o dono" },
      noAnswer: null,
      usage: { promptTokens: 120, cachedTokens: 0, outputTokens: 15 },
    });
  });

  it("keeps the text that accompanies a transfer and tolerates a missing reason", async () => {
    fakeGemini(() =>
      answer([{ text: "Vou chamar alguém." }, { functionCall: { name: "transfer_to_human", args: {} } }]),
    );

    const result = await ai.generate(request());

    expect(result).toMatchObject({ ok: true, text: "Vou chamar alguém.", transferToHuman: { reason: null } });
  });
});

describe("errors", () => {
  it.each([
    ["30s", 30_000],
    ["1.5s", 1_500],
  ])("429 with RetryInfo %s is retryable after %i ms", async (retryDelay, ms) => {
    fakeGemini(() =>
      apiError(429, [
        { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [] },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay },
      ]),
    );

    expect(await ai.generate(request())).toEqual({
      ok: false,
      error: "retryable",
      retryAfterMs: ms,
      status: 429,
      usage: null,
      detail: "http_429",
    });
  });

  it.each([500, 502, 503, 504])("%i is retryable without a server delay", async (status) => {
    fakeGemini(() => apiError(status));

    expect(await ai.generate(request())).toMatchObject({
      ok: false,
      error: "retryable",
      status,
      retryAfterMs: null,
    });
  });

  it("a timeout aborts the request and is retryable", async () => {
    let signal: AbortSignal | null | undefined;
    fakeGemini(
      (init) =>
        new Promise<Response>((_, reject) => {
          signal = init?.signal;
          signal?.addEventListener("abort", () => reject(signal?.reason));
        }),
    );

    const result = await ai.generate(request({ timeoutMs: 20 }));

    expect(signal?.aborted).toBe(true);
    expect(result).toEqual({
      ok: false,
      error: "retryable",
      retryAfterMs: null,
      status: null,
      usage: null,
      detail: "timeout",
    });
  });

  it("a network failure is retryable", async () => {
    fakeGemini(() => Promise.reject(new TypeError("Network connection lost.")));

    expect(await ai.generate(request())).toMatchObject({ ok: false, error: "retryable", detail: "network" });
  });

  it.each([400, 401, 403, 404])("%i is fatal", async (status) => {
    fakeGemini(() => apiError(status));

    expect(await ai.generate(request())).toEqual({
      ok: false,
      error: "fatal",
      status,
      detail: `http_${status}`,
    });
  });

  it("never carries the API key or provider text", async () => {
    for (const status of [400, 429, 500]) {
      fakeGemini(() => apiError(status));
      const serialized = JSON.stringify(await ai.generate(request()));
      expect(serialized).not.toContain(API_KEY);
      expect(serialized).not.toContain("provider says");
      vi.restoreAllMocks();
    }
  });
});

describe("blocked and empty", () => {
  it("a blocked prompt is blocked", async () => {
    fakeGemini(() =>
      json(200, {
        promptFeedback: { blockReason: "SAFETY", safetyRatings: [] },
        usageMetadata: { promptTokenCount: 30, totalTokenCount: 30 },
      }),
    );

    expect(await ai.generate(request())).toEqual({
      ok: false,
      error: "blocked",
      usage: { promptTokens: 30, cachedTokens: 0, outputTokens: 0 },
      detail: "prompt_SAFETY",
    });
  });

  it.each(["SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII"])(
    "finishReason %s is blocked",
    async (finishReason) => {
      fakeGemini(() =>
        json(200, {
          candidates: [{ content: { role: "model", parts: [{ text: "parcial" }] }, finishReason, index: 0 }],
        }),
      );

      expect(await ai.generate(request())).toMatchObject({ ok: false, error: "blocked" });
    },
  );

  it("no text and no function call is empty", async () => {
    fakeGemini(() => answer([{ text: "  " }]));

    expect(await ai.generate(request())).toMatchObject({
      ok: false,
      error: "empty",
      usage: { promptTokens: 120, cachedTokens: 0, outputTokens: 15 },
    });
  });

  it("no candidates at all is empty", async () => {
    fakeGemini(() => json(200, { usageMetadata: { promptTokenCount: 5 } }));

    expect(await ai.generate(request())).toMatchObject({ ok: false, error: "empty" });
  });
});

describe("retryDelayMs", () => {
  it("ignores missing or malformed RetryInfo", () => {
    expect(retryDelayMs(undefined)).toBeNull();
    expect(retryDelayMs([{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "soon" }])).toBeNull();
    expect(retryDelayMs([{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "0s" }])).toBe(0);
  });
});
