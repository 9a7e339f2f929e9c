import { vi } from "vitest";

export const GEMINI_HOST = "https://gemini.test";
export const EVOLUTION_URL = "https://evo.test";

export interface RecordedRequest {
  url: string;
  headers: Record<string, string>;
  body: any;
}

/**
 * A canned answer is built when the request arrives: a Response made in the test's own context
 * cannot be read from inside a Durable Object's request.
 */
export type Reply = () => Response | Promise<Response>;

export function geminiText(text: string, usage = { promptTokenCount: 120, candidatesTokenCount: 30 }): Reply {
  return () => Response.json({
    candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }],
    usageMetadata: { ...usage, totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount },
  });
}

export function geminiFunctionCall(name: string, args: Record<string, unknown> = {}): Reply {
  return () => Response.json({
    candidates: [{ content: { role: "model", parts: [{ functionCall: { name, args } }] }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 5, totalTokenCount: 105 },
  });
}

export function geminiError(status: number, retryDelay?: string): Reply {
  const details = retryDelay ? [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay }] : [];
  return () => Response.json({ error: { code: status, message: "provider says no: internal detail", status: "UNAVAILABLE", details } }, { status });
}

export function evolutionError(status: number, message: unknown[]): Reply {
  return () => Response.json({ status, error: "Error", response: { message } }, { status });
}

/**
 * Intercepts outbound fetch at the platform level (Durable Objects and alarms included): a fake
 * Gemini `generateContent` and a fake Evolution v2 that record what they receive. The product
 * code stays real; only the network is replaced.
 */
export function installFakeProviders() {
  const gemini: RecordedRequest[] = [];
  const sent: RecordedRequest[] = [];
  const media: RecordedRequest[] = [];
  const geminiQueue: Reply[] = [];
  const evolutionQueue: Reply[] = [];
  let geminiDefault: Reply = geminiText("Olá! Abrimos às **7h**.");
  let mediaReply: Reply = () =>
    Response.json({ mediaType: "audioMessage", mimetype: "audio/ogg; codecs=opus", base64: "T2dnUwACAAAAAAAA", size: { fileLength: 12 } }, { status: 201 });
  let nextId = 0;

  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    const url = request.url;
    const text = await request.text();
    const record: RecordedRequest = {
      url,
      headers: Object.fromEntries(request.headers),
      body: text ? JSON.parse(text) : null,
    };
    if (url.startsWith(GEMINI_HOST)) {
      gemini.push(record);
      const next = geminiQueue.shift();
      return (next ?? geminiDefault)();
    }
    if (url.startsWith(`${EVOLUTION_URL}/message/sendText/`)) {
      const next = evolutionQueue.shift();
      if (next) {
        const response = await next();
        if (!response.ok) return response;
      }
      sent.push(record);
      const id = `3EB0${String(++nextId).padStart(18, "0")}`;
      return Response.json(
        {
          key: { remoteJid: record.body.number, fromMe: true, id },
          pushName: "Você",
          status: "PENDING",
          message: { conversation: record.body.text },
          messageType: "conversation",
          messageTimestamp: Math.floor(Date.now() / 1000),
          instanceId: "0b9f3c2e-6a7d-4e1b-9c8f-2d4a5b6c7e81",
          source: "web",
        },
        { status: 201 },
      );
    }
    if (url.startsWith(`${EVOLUTION_URL}/chat/getBase64FromMediaMessage/`)) {
      media.push(record);
      return mediaReply();
    }
    throw new TypeError(`unexpected outbound fetch to ${url}`);
  });

  return {
    gemini,
    sent,
    media,
    /** Queue one Gemini answer (used before the default). */
    onGemini: (...replies: Reply[]) => geminiQueue.push(...replies),
    setGeminiDefault: (reply: Reply) => (geminiDefault = reply),
    onSendText: (...replies: Reply[]) => evolutionQueue.push(...replies),
    setMediaReply: (reply: Reply) => (mediaReply = reply),
    /** Texts sent to a JID, in order. */
    textsTo: (jid: string) => sent.filter((r) => r.body.number === jid).map((r) => r.body.text as string),
    restore: () => spy.mockRestore(),
  };
}
export type FakeProviders = ReturnType<typeof installFakeProviders>;
