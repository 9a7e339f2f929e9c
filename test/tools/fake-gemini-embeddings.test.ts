import { GoogleGenerativeAI, TaskType } from "@google/generative-ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EMBED_ROUTE, answerEmbedding, fakeEmbedding, type EmbedMethod } from "../../tools/fakes/gemini-embeddings";
import { cosineSimilarity } from "../../src/services/knowledge/embedding-vectors";

/** Serves the fake on the fetch the SDK makes, with Google's error body for failures. */
function serveFake(opts: Parameters<typeof answerEmbedding>[2] = {}) {
  const seen: { method: string; body: unknown }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    const route = EMBED_ROUTE.exec(new URL(request.url).pathname);
    if (!route) return new Response("not found", { status: 404 });
    const body = await request.json();
    seen.push({ method: route[2]!, body });
    const outcome = answerEmbedding(route[2] as EmbedMethod, body, opts);
    return outcome.ok
      ? Response.json(outcome.json)
      : Response.json({ error: { code: outcome.code, message: outcome.message, status: outcome.status } }, { status: outcome.code });
  });
  return seen;
}

const model = () =>
  new GoogleGenerativeAI("test-key").getGenerativeModel({ model: "gemini-embedding-001" }, { baseUrl: "https://gemini.test" });

afterEach(() => vi.restoreAllMocks());

describe("the fake Gemini's embeddings, through the real SDK", () => {
  it("answers embedContent with a vector of the requested size", async () => {
    const seen = serveFake();
    const request = { content: { role: "user", parts: [{ text: "Vocês fazem entrega?" }] }, taskType: TaskType.RETRIEVAL_QUERY, outputDimensionality: 768 };
    const result = await model().embedContent(request as Parameters<ReturnType<typeof model>["embedContent"]>[0]);
    expect(result.embedding.values).toHaveLength(768);
    expect(seen[0]).toMatchObject({ method: "embedContent", body: { taskType: "RETRIEVAL_QUERY", outputDimensionality: 768 } });
  });

  it("answers batchEmbedContents one vector per request, in order", async () => {
    serveFake();
    const texts = ["Bolo de chocolate", "Bolos de chocolate", "Entrega em até 3 km"];
    const result = await model().batchEmbedContents({
      requests: texts.map((text) => ({ content: { role: "user", parts: [{ text }] }, taskType: TaskType.RETRIEVAL_DOCUMENT })),
    });
    expect(result.embeddings).toHaveLength(3);
    const [a, b, c] = result.embeddings.map((e) => e.values);
    expect(cosineSimilarity(a!, b!)).toBeGreaterThan(0.9);
    expect(cosineSimilarity(a!, c!)).toBeLessThan(0.5);
  });

  it("fails the way Gemini fails, so callers can be tested against it", async () => {
    serveFake({ failureRate: 1 });
    await expect(model().embedContent("oi")).rejects.toMatchObject({ status: 500 });
  });

  it("refuses an empty text and a batch over 100", () => {
    expect(answerEmbedding("embedContent", { content: { parts: [{ text: " " }] } })).toMatchObject({ ok: false, code: 400 });
    const requests = Array.from({ length: 101 }, () => ({ content: { parts: [{ text: "x y z" }] } }));
    expect(answerEmbedding("batchEmbedContents", { requests })).toMatchObject({ ok: false, code: 400 });
  });
});

describe("fakeEmbedding", () => {
  it("is deterministic and unit-length", () => {
    const v = fakeEmbedding("Pão de queijo", 768);
    expect(v).toEqual(fakeEmbedding("Pão de queijo", 768));
    expect(Math.hypot(...v)).toBeCloseTo(1);
  });
});
