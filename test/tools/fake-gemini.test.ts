import { GoogleGenerativeAI, GoogleGenerativeAIFetchError } from "@google/generative-ai";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createFakeGemini, type FakeGemini, type FakeGeminiOptions } from "../../tools/fakes/gemini";
import { createGemini, type AiRequest } from "../../src/services/ai/gemini";
import { TRANSFER_TO_HUMAN } from "../../src/services/ai/request";

/**
 * The benchmark's fake Gemini must speak the protocol the real SDK speaks: these tests point the
 * real `@google/generative-ai` SDK (directly, and through our adapter) at its request handler.
 */
const BASE_URL = "http://fake-gemini.test";
let fake: FakeGemini;

function install(opts: FakeGeminiOptions = {}) {
  fake = createFakeGemini({ latencyMs: 0, ...opts });
  vi.spyOn(globalThis, "fetch").mockImplementation((input, init) => fake.handle(new Request(input as RequestInfo, init)));
}

const request = (text: string, overrides: Partial<AiRequest> = {}): AiRequest => ({
  model: null,
  systemInstruction: "Você é a atendente da Padaria Pão Quente.",
  contents: [
    { role: "user", parts: [{ text: "Cliente: oi" }] },
    { role: "model", parts: [{ text: "Olá! Como posso ajudar?" }] },
    { role: "user", parts: [{ text: `Cliente: ${text}` }] },
  ],
  functions: [TRANSFER_TO_HUMAN],
  timeoutMs: 5_000,
  ...overrides,
});

const adapter = () => createGemini({ apiKey: "bench-key", baseUrl: BASE_URL, defaultModel: "gemini-2.5-flash" })!;

beforeEach(() => install());
afterEach(() => vi.restoreAllMocks());

describe("fake Gemini with the real SDK", () => {
  it("answers generateContent with a text the SDK parses", async () => {
    const model = new GoogleGenerativeAI("bench-key").getGenerativeModel({ model: "gemini-2.5-flash" }, { baseUrl: BASE_URL });
    const result = await model.generateContent("Cliente: qual o horário?");
    expect(result.response.text()).toBe("Entendi! Você disse: qual o horário?");
    expect(result.response.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ model: "gemini-2.5-flash", outcome: "ok", lastUserTexts: ["Cliente: qual o horário?"] });
  });

  it("records the final user turn, the system instruction and the tools sent by the adapter", async () => {
    const result = await adapter().generate(request("tem pão de queijo?"));
    expect(result).toMatchObject({ ok: true, text: "Entendi! Você disse: tem pão de queijo?", transferToHuman: null });
    expect(fake.calls[0]!.lastUserTexts).toEqual(["Cliente: tem pão de queijo?"]);
    expect(fake.calls[0]!.systemInstruction).toContain("Padaria Pão Quente");
    expect(fake.calls[0]!.toolNames).toEqual(["transfer_to_human"]);
  });

  it("returns a function call the SDK and the adapter recognise", async () => {
    const model = new GoogleGenerativeAI("bench-key").getGenerativeModel(
      { model: "gemini-2.5-flash", tools: [{ functionDeclarations: [TRANSFER_TO_HUMAN as never] }] },
      { baseUrl: BASE_URL },
    );
    const direct = await model.generateContent("quero falar com alguém #transfer");
    expect(direct.response.functionCalls()?.[0]).toEqual({ name: "transfer_to_human", args: { reason: "cliente pediu um atendente" } });

    const result = await adapter().generate(request("#transfer por favor"));
    expect(result).toMatchObject({ ok: true, transferToHuman: { reason: "cliente pediu um atendente" } });
  });

  it("uses a custom answer function", async () => {
    install({ respond: (call) => ({ text: `resposta ${call.seq}: ${call.lastUserTexts.length} partes` }) });
    const result = await adapter().generate(request("a"));
    expect(result).toMatchObject({ ok: true, text: "resposta 1: 1 partes" });
  });

  it("fails with a 429 carrying RetryInfo, which the adapter turns into a retry delay", async () => {
    install({ rate429: 1, retryDelay: "7s" });
    const model = new GoogleGenerativeAI("bench-key").getGenerativeModel({ model: "gemini-2.5-flash" }, { baseUrl: BASE_URL });
    const error = await model.generateContent("oi").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleGenerativeAIFetchError);
    expect((error as GoogleGenerativeAIFetchError).status).toBe(429);

    const result = await adapter().generate(request("oi"));
    expect(result).toMatchObject({ ok: false, error: "retryable", status: 429, retryAfterMs: 7000 });
    expect(fake.calls.map((c) => c.outcome)).toEqual(["http_429", "http_429"]);
  });

  it("fails with a 500 the adapter retries", async () => {
    install({ rate500: 1 });
    expect(await adapter().generate(request("oi"))).toMatchObject({ ok: false, error: "retryable", status: 500, detail: "http_500" });
  });

  it("hangs on a timeout until the client gives up", async () => {
    install({ timeoutRate: 1, hangMs: 10_000 });
    const started = Date.now();
    const result = await adapter().generate(request("oi", { timeoutMs: 100 }));
    expect(result).toMatchObject({ ok: false, error: "retryable", detail: "timeout" });
    expect(Date.now() - started).toBeLessThan(5_000);
    await vi.waitFor(() => expect(fake.calls[0]?.outcome).toBe("timeout"));
  });

  it("waits for its configured latency", async () => {
    install({ latencyMs: 150, jitter: 0 });
    const started = Date.now();
    await adapter().generate(request("oi"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(fake.calls[0]!.latencyMs).toBeGreaterThanOrEqual(140);
  });

  it("rejects calls without an API key and unknown routes like Google does", async () => {
    const noKey = await fake.handle(new Request(`${BASE_URL}/v1beta/models/gemini-2.5-flash:generateContent`, { method: "POST", body: "{}" }));
    expect(noKey.status).toBe(403);
    expect(await noKey.json()).toMatchObject({ error: { code: 403, status: "PERMISSION_DENIED" } });
    const unknown = await fake.handle(new Request(`${BASE_URL}/v1beta/models/x:streamGenerateContent`, { method: "POST" }));
    expect(unknown.status).toBe(404);
  });
});

describe("fake Gemini usageMetadata, as the real one reports it", () => {
  const rules = "Regras fixas do atendimento. ".repeat(200); // ~1,450 tokens, the same every call

  it("reports cachedContentTokenCount when a call repeats the previous call's prefix of 1,024+ tokens, for the same model", async () => {
    const first = await adapter().generate(request("oi", { systemInstruction: rules }));
    expect(first.ok && first.usage.cachedTokens).toBe(0);
    const again = await adapter().generate(request("tem pão?", { systemInstruction: rules }));
    expect(again.ok).toBe(true);
    const usage = again.ok ? again.usage : null;
    expect(usage!.cachedTokens).toBeGreaterThanOrEqual(1024);
    expect(usage!.cachedTokens).toBeLessThan(usage!.promptTokens);
    // Another model keeps its own cache; a short shared prefix is not cached.
    const other = await adapter().generate(request("oi", { systemInstruction: rules, model: "gemini-2.5-pro" }));
    expect(other.ok && other.usage.cachedTokens).toBe(0);
    const short = await adapter().generate(request("oi", { systemInstruction: "curta" }));
    const shortAgain = await adapter().generate(request("oi de novo", { systemInstruction: "curta" }));
    expect(short.ok && shortAgain.ok && shortAgain.usage.cachedTokens).toBe(0);
    expect(fake.calls.at(-1)!.usage).toMatchObject({ promptTokenCount: expect.any(Number), candidatesTokenCount: expect.any(Number) });
    expect(fake.calls.at(-1)!.usage).not.toHaveProperty("cachedContentTokenCount");
  });
});
