import { vi } from "vitest";
import { createEvolutionStandin, evolutionError as evolutionErrorBody } from "../../tools/fakes/evolution";
import { createFakeGemini, geminiResponse, googleError, retryInfo } from "../../tools/fakes/gemini";

export const GEMINI_HOST = "https://gemini.test";
export const EVOLUTION_URL = "https://evo.test";

export interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
  body: any;
}

/**
 * A scripted answer, built when the request arrives: a Response made in the test's own context
 * cannot be read from inside a Durable Object's request.
 */
export type Reply = (request: Request) => Response | Promise<Response>;
/** A canned answer that needs nothing of the request. */
export type Canned = () => Response;

export function geminiText(text: string, usage = { promptTokenCount: 120, candidatesTokenCount: 30 }): Canned {
  return () => geminiResponse({ text }, usage);
}

export function geminiFunctionCall(name: string, args: Record<string, unknown> = {}): Canned {
  return () => geminiResponse({ functionCall: { name, args } }, { promptTokenCount: 100, candidatesTokenCount: 5 });
}

/** A Google error; its message is provider text that must never reach a customer or a log. */
export function geminiError(status: number, retryDelay?: string): Canned {
  return () => googleError(status, "provider says no: internal detail", retryDelay ? [retryInfo(retryDelay)] : []);
}

export function evolutionError(status: number, message: unknown[]): Canned {
  return () => evolutionErrorBody(status, message);
}

const DEFAULT_ANSWER = "Olá! Abrimos às **7h**.";

/**
 * Intercepts outbound fetch at the platform level (Durable Objects and alarms included) and
 * routes it to the dev kit's fakes: `tools/fakes/gemini.ts` for Gemini and
 * `tools/fakes/evolution.ts` for Evolution, the same ones `npm start` and the benchmark serve.
 * Tests record what was asked and may script the next answers; the product code stays real.
 */
export function installFakeProviders() {
  const gemini: RecordedRequest[] = [];
  /** `embedContent` / `batchEmbedContents` calls, kept apart from the model calls. */
  const embeddings: RecordedRequest[] = [];
  const sent: RecordedRequest[] = [];
  const media: RecordedRequest[] = [];
  const geminiQueue: Reply[] = [];
  const evolutionQueue: Reply[] = [];
  const fakeGemini = createFakeGemini({ latencyMs: 0, jitter: 0, respond: () => ({ text: DEFAULT_ANSWER }) });
  const evolution = createEvolutionStandin({ instances: null, delayScale: 0 });
  let geminiDefault: Reply = (request) => fakeGemini.handle(request);
  let embeddingReply: Reply = (request) => fakeGemini.handle(request);

  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const original = new Request(input as RequestInfo, init as RequestInit);
    const text = await original.text();
    const url = original.url;
    const record: RecordedRequest = { url, headers: Object.fromEntries(original.headers), body: text ? JSON.parse(text) : null };
    // The body was read for the record; the fakes get a copy of the request.
    const request = new Request(url, { method: original.method, headers: original.headers, body: text || undefined, signal: original.signal });
    if (url.startsWith(GEMINI_HOST) && /:(embedContent|batchEmbedContents)$/.test(new URL(url).pathname)) {
      embeddings.push(record);
      return embeddingReply(request);
    }
    if (url.startsWith(GEMINI_HOST)) {
      gemini.push(record);
      return (geminiQueue.shift() ?? geminiDefault)(request);
    }
    if (url.startsWith(`${EVOLUTION_URL}/message/sendText/`)) {
      const scripted = evolutionQueue.shift();
      if (scripted) {
        const response = await scripted(request);
        if (!response.ok) return response;
      }
      const response = await evolution.handle(request);
      if (response.ok) sent.push(record);
      return response;
    }
    if (url.startsWith(`${EVOLUTION_URL}/chat/getBase64FromMediaMessage/`)) {
      media.push(record);
      return evolution.handle(request);
    }
    throw new TypeError(`unexpected outbound fetch to ${url}`);
  });

  return {
    gemini,
    embeddings,
    sent,
    media,
    /** Queue one Gemini answer (used before the default). */
    onGemini: (...replies: Reply[]) => geminiQueue.push(...replies),
    setGeminiDefault: (reply: Reply) => (geminiDefault = reply),
    /** Every embedding call from now on fails with a 500 (the model calls still answer). */
    failEmbeddings: () => (embeddingReply = () => googleError(500, "embedding backend unavailable")),
    /** Queue one sendText outcome: a failure is answered as is, a success lets the fake send. */
    onSendText: (...replies: Reply[]) => evolutionQueue.push(...replies),
    /** Texts sent to a JID, in order. */
    textsTo: (jid: string) => sent.filter((r) => r.body.number === jid).map((r) => r.body.text as string),
    /** WhatsApp ids the fake Evolution gave the messages it sent, in order. */
    sentIds: () => evolution.events().filter((e) => e.type === "sent").map((e) => e.id!),
    restore: () => spy.mockRestore(),
  };
}
export type FakeProviders = ReturnType<typeof installFakeProviders>;
