import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createEvolutionClient,
  normalizeMimeType,
  readFileLength,
  type EvolutionClient,
} from "../../src/services/evolution/client";
import notOnWhatsapp from "../fixtures/evolution/http/error-400-number-not-on-whatsapp.json";
import schemaValidation from "../fixtures/evolution/http/error-400-schema-validation.json";
import sendFailure from "../fixtures/evolution/http/error-400-send-failure.json";
import unauthorized from "../fixtures/evolution/http/error-401-unauthorized.json";
import instanceNotFound from "../fixtures/evolution/http/error-404-instance-not-found.json";
import unhandled from "../fixtures/evolution/http/error-500-unhandled.json";
import mediaResponse from "../fixtures/evolution/http/getBase64FromMediaMessage.response-201.json";
import sendTextRequest from "../fixtures/evolution/http/sendText.request.json";
import sendTextResponse from "../fixtures/evolution/http/sendText.response-201.json";

const TOKEN = "B6D711FC-DE4D-4FD5-9365-44120E713976";

interface Recorded {
  url: string;
  method: string | undefined;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | null | undefined;
  redirect: RequestInit["redirect"];
}

/** Fake Evolution server: records each request and answers with `reply()`. */
function fakeEvolution(reply: () => Response | Promise<Response>) {
  const requests: Recorded[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    requests.push({
      url: String(input),
      method: init?.method,
      headers: new Headers(init?.headers),
      body: JSON.parse(String(init?.body)),
      signal: init?.signal,
      redirect: init?.redirect,
    });
    return reply();
  });
  return requests;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function client(overrides: { instance?: string; baseUrl?: string } = {}): EvolutionClient {
  return createEvolutionClient({
    baseUrl: overrides.baseUrl ?? "https://evo.example.com/",
    instance: overrides.instance ?? "bot-prod",
    token: TOKEN,
  });
}

const audioSource = {
  key: { remoteJid: "5511999990001@s.whatsapp.net", fromMe: false, id: "3A0D4C9B8A7F6E5D4C3B" },
  message: {
    audioMessage: {
      url: "https://mmg.whatsapp.net/v/t62.7117-24/fake.enc",
      mimetype: "audio/ogg; codecs=opus",
      seconds: 4,
      ptt: true,
      mediaKey: "bWVkaWFLZXk=",
      directPath: "/v/t62.7117-24/fake.enc",
    },
  },
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("sendText", () => {
  it("posts the exact body with the instance token and returns key.id", async () => {
    const requests = fakeEvolution(() => json(201, sendTextResponse));

    const result = await client().sendText(sendTextRequest.number, sendTextRequest.text, sendTextRequest.delay);

    expect(result).toEqual({ ok: true, messageId: sendTextResponse.key.id });
    const [sent] = requests;
    expect(sent?.url).toBe("https://evo.example.com/message/sendText/bot-prod");
    expect(sent?.method).toBe("POST");
    expect(sent?.headers.get("apikey")).toBe(TOKEN);
    expect(sent?.headers.get("content-type")).toBe("application/json");
    expect(sent?.body).toEqual(sendTextRequest);
    expect(sent?.signal).toBeInstanceOf(AbortSignal);
  });

  it("passes an @lid reply JID through untouched", async () => {
    const requests = fakeEvolution(() => json(201, sendTextResponse));

    await client().sendText("123456789012345@lid", "Oi!", 500);

    expect(requests[0]?.body).toEqual({ number: "123456789012345@lid", text: "Oi!", delay: 500, linkPreview: false });
  });

  it("sends an integer delay", async () => {
    const requests = fakeEvolution(() => json(201, sendTextResponse));

    await client().sendText("5511999990001", "Oi!", 412.6);

    expect(requests[0]?.body).toMatchObject({ delay: 413 });
  });

  it("URL-encodes the instance and trims the base URL", async () => {
    const requests = fakeEvolution(() => json(201, sendTextResponse));

    await client({ baseUrl: "https://evo.example.com/api//", instance: "loja centro/1" }).sendText("x", "y", 0);

    expect(requests[0]?.url).toBe("https://evo.example.com/api/message/sendText/loja%20centro%2F1");
  });

  it("a 2xx without a readable id is still a success", async () => {
    fakeEvolution(() => new Response("ok", { status: 200 }));

    expect(await client().sendText("5511999990001", "Oi", 0)).toEqual({ ok: true, messageId: null });
  });

  it.each([
    ["400 exists:false", 400, notOnWhatsapp, false, "not_on_whatsapp"],
    ["400 schema validation", 400, schemaValidation, false, "bad_request"],
    ["400 failure inside the send", 400, sendFailure, true, "send_failed"],
    ["401", 401, unauthorized, false, "unauthorized"],
    ["404 instance missing", 404, instanceNotFound, false, "instance_not_found"],
    ["422", 422, {}, false, "bad_request"],
    ["429", 429, {}, true, "rate_limited"],
    ["500", 500, unhandled, true, "server_error"],
    ["502 HTML from a proxy", 502, "<html>Bad Gateway</html>", true, "server_error"],
  ])("%s", async (_name, status, body, retryable, reason) => {
    fakeEvolution(() =>
      typeof body === "string" ? new Response(body, { status }) : json(status, body),
    );

    expect(await client().sendText("5511999990009", "Oi", 0)).toEqual({ ok: false, retryable, status, reason });
  });

  it("a network error is retryable", async () => {
    fakeEvolution(() => Promise.reject(new TypeError("Network connection lost.")));

    expect(await client().sendText("5511999990001", "Oi", 0)).toEqual({
      ok: false,
      retryable: true,
      status: null,
      reason: "network",
    });
  });

  it("a timeout is retryable", async () => {
    fakeEvolution(() => Promise.reject(new DOMException("The operation timed out.", "TimeoutError")));

    expect(await client().sendText("5511999990001", "Oi", 0)).toMatchObject({ retryable: true, reason: "timeout" });
  });

  it("never puts the token in a result", async () => {
    const bodies = [notOnWhatsapp, unauthorized, instanceNotFound, unhandled, { echo: TOKEN }];
    for (const body of bodies) {
      fakeEvolution(() => json(body === unhandled ? 500 : 400, body));
      expect(JSON.stringify(await client().sendText("5511999990001", "Oi", 0))).not.toContain(TOKEN);
      vi.restoreAllMocks();
    }
  });

  it("uses an injected fetch instead of the global one", async () => {
    const global = fakeEvolution(() => json(500, unhandled));
    const injected = vi.fn<typeof fetch>(async () => json(201, sendTextResponse));
    const evo = createEvolutionClient({ baseUrl: "https://evo.example.com", instance: "bot-prod", token: TOKEN, fetch: injected });

    expect(await evo.sendText("5511999990001", "Oi", 0)).toMatchObject({ ok: true });
    expect(injected).toHaveBeenCalledOnce();
    expect(global).toHaveLength(0);
  });
});

describe("getMediaBase64", () => {
  it("posts {key, message} and returns the voice note with a plain MIME type", async () => {
    const requests = fakeEvolution(() => json(201, mediaResponse));

    const result = await client().getMediaBase64(audioSource);

    expect(requests[0]?.url).toBe("https://evo.example.com/chat/getBase64FromMediaMessage/bot-prod");
    expect(requests[0]?.headers.get("apikey")).toBe(TOKEN);
    expect(requests[0]?.body).toEqual({ message: audioSource, convertToMp4: false });
    expect(result).toEqual({ ok: true, mimeType: "audio/ogg", base64: mediaResponse.base64, size: 9412 });
  });

  it("strips a data URL prefix and reads a string fileLength", async () => {
    fakeEvolution(() =>
      json(201, {
        mediaType: "imageMessage",
        mimetype: "image/jpeg",
        base64: "data:image/jpeg;base64,/9j/4AAQSkZJRg==",
        size: { fileLength: "20480", height: 640, width: 480 },
      }),
    );

    expect(await client().getMediaBase64(audioSource)).toEqual({
      ok: true,
      mimeType: "image/jpeg",
      base64: "/9j/4AAQSkZJRg==",
      size: 20480,
    });
  });

  it("a response without base64 is a final failure", async () => {
    fakeEvolution(() => json(201, { mimetype: "audio/ogg", base64: "" }));

    expect(await client().getMediaBase64(audioSource)).toEqual({
      ok: false,
      retryable: false,
      reason: "invalid_response",
    });
  });

  it.each([
    [400, sendFailure, false, "bad_request"],
    [404, instanceNotFound, false, "instance_not_found"],
    [500, unhandled, true, "server_error"],
  ])("%i → retryable %s", async (status, body, retryable, reason) => {
    fakeEvolution(() => json(status, body));

    expect(await client().getMediaBase64(audioSource)).toEqual({ ok: false, retryable, reason });
  });

  it("a network error is retryable", async () => {
    fakeEvolution(() => Promise.reject(new TypeError("fetch failed")));

    expect(await client().getMediaBase64(audioSource)).toEqual({ ok: false, retryable: true, reason: "network" });
  });
});

describe("item 7: redirects are never followed", () => {
  it("item 7: sendText and getMediaBase64 fetch with redirect: manual, and a 3xx is a final `redirect` failure", async () => {
    for (const status of [301, 302, 307, 308]) {
      const requests = fakeEvolution(() => new Response(null, { status, headers: { location: "https://elsewhere.test/steal" } }));
      expect(await client().sendText("5511999990001@s.whatsapp.net", "Oi", 0)).toEqual({ ok: false, retryable: false, status, reason: "redirect" });
      expect(await client().getMediaBase64(audioSource)).toEqual({ ok: false, retryable: false, reason: "redirect" });
      expect(requests.map((r) => [new URL(r.url).host, r.redirect])).toEqual([
        ["evo.example.com", "manual"],
        ["evo.example.com", "manual"],
      ]);
      vi.restoreAllMocks();
    }
  });
});

describe("item 6: media reads stop at 15 MB", () => {
  it("item 6: a media response that streams 30 MB of base64 is cut at the cap, whatever fileLength said", async () => {
    const CHUNK = 256 * 1024;
    let pulled = 0;
    const chunk = new TextEncoder().encode("A".repeat(CHUNK));
    const head = new TextEncoder().encode('{"mediaType":"audioMessage","size":{"fileLength":1000},"mimetype":"audio/ogg","base64":"');
    let started = false;
    fakeEvolution(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (!started) {
                started = true;
                return controller.enqueue(head);
              }
              if (pulled >= 30 * 1024 * 1024) return controller.close();
              pulled += CHUNK;
              controller.enqueue(chunk.slice());
            },
          }),
          { status: 201, headers: { "content-type": "application/json" } },
        ),
    );
    expect(await client().getMediaBase64(audioSource)).toEqual({ ok: false, retryable: false, reason: "too_large" });
    expect(pulled).toBeLessThan(21 * 1024 * 1024);
  });

  it("item 6: a declared Content-Length over the cap is refused unread; a medium just under it passes", async () => {
    fakeEvolution(() => new Response("{}", { status: 201, headers: { "content-length": String(40 * 1024 * 1024) } }));
    expect(await client().getMediaBase64(audioSource)).toEqual({ ok: false, retryable: false, reason: "too_large" });
    vi.restoreAllMocks();
    const base64 = "A".repeat(Math.floor((14 * 1024 * 1024 * 4) / 3));
    fakeEvolution(() => json(201, { mimetype: "audio/ogg", base64 }));
    const ok = await client().getMediaBase64(audioSource);
    expect(ok.ok && ok.base64.length).toBe(base64.length);
  });
});

describe("helpers", () => {
  it("normalizes MIME types for Gemini", () => {
    expect(normalizeMimeType("audio/ogg; codecs=opus")).toBe("audio/ogg");
    expect(normalizeMimeType("Image/JPEG")).toBe("image/jpeg");
    expect(normalizeMimeType("")).toBeNull();
    expect(normalizeMimeType(undefined)).toBeNull();
  });

  it("reads every fileLength encoding", () => {
    expect(readFileLength(1234)).toBe(1234);
    expect(readFileLength("1234")).toBe(1234);
    expect(readFileLength({ low: 9412, high: 0, unsigned: true })).toBe(9412);
    expect(readFileLength({ low: -1, high: 0, unsigned: false })).toBe(4294967295);
    expect(readFileLength({ low: 0, high: 1, unsigned: true })).toBe(4294967296);
    expect(readFileLength(null)).toBeNull();
    expect(readFileLength("12kb")).toBeNull();
  });
});
