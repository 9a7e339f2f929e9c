import { describe, expect, it } from "vitest";
import { createEvolutionStandin, type StandinOptions } from "../../tools/fakes/evolution";
import { createEvolutionClient } from "../../src/services/evolution/client";
import instanceNotFound from "../fixtures/evolution/http/error-404-instance-not-found.json";
import unauthorized from "../fixtures/evolution/http/error-401-unauthorized.json";
import mediaResponse from "../fixtures/evolution/http/getBase64FromMediaMessage.response-201.json";
import sendTextResponse from "../fixtures/evolution/http/sendText.response-201.json";

/**
 * The Evolution stand-in (used by `npm start` and as the bench's fake Evolution) must answer our
 * real Evolution client the way Evolution v2.3.7 does.
 */
const BASE = "http://evo.local";
const TOKEN = "padaria-demo-token";

function setup(opts: Partial<StandinOptions> = {}) {
  const standin = createEvolutionStandin({ instances: { "padaria-demo": TOKEN }, delayScale: 0, ...opts });
  const fetchStandin: typeof fetch = (input, init) => standin.handle(new Request(input as RequestInfo, init));
  const client = (token = TOKEN, instance = "padaria-demo") =>
    createEvolutionClient({ baseUrl: BASE, instance, token, fetch: fetchStandin });
  const call = (path: string, body?: unknown, method = "POST") =>
    standin.handle(new Request(`${BASE}${path}`, { method, headers: { apikey: TOKEN }, body: body === undefined ? undefined : JSON.stringify(body) }));
  return { standin, client, call };
}

const keys = (o: object) => Object.keys(o).sort();

describe("Evolution stand-in with the real Evolution client", () => {
  it("sends a text and returns a key.id, recording typing then sent", async () => {
    const { standin, client } = setup();
    const result = await client().sendText("5511999990001@s.whatsapp.net", "Olá! Abrimos às 7h.", 1200);
    expect(result).toEqual({ ok: true, messageId: expect.stringMatching(/^3EB0[0-9A-F]{18}$/) });
    const events = standin.events();
    expect(events.map((e) => e.type)).toEqual(["typing", "sent"]);
    expect(events[1]).toMatchObject({ instance: "padaria-demo", jid: "5511999990001@s.whatsapp.net", text: "Olá! Abrimos às 7h.", delayMs: 1200 });
    expect(events[1]!.id).toBe(result.ok ? result.messageId : null);
  });

  it("answers sendText with the shape of Evolution's 201", async () => {
    const { call } = setup();
    const res = await call("/message/sendText/padaria-demo", { number: "5511999990001", text: "Oi", delay: 0, linkPreview: false });
    expect(res.status).toBe(201);
    const body = (await res.json()) as typeof sendTextResponse;
    expect(keys(body)).toEqual(keys(sendTextResponse));
    expect(body.key).toMatchObject({ remoteJid: "5511999990001@s.whatsapp.net", fromMe: true });
    expect(body.message).toEqual({ conversation: "Oi" });
  });

  it("holds the sendText response for the requested delay, scaled", async () => {
    const { client } = setup({ delayScale: 0.5 });
    const started = Date.now();
    await client().sendText("5511999990001", "Oi", 300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("rejects a wrong token and an unknown instance like Evolution's guards", async () => {
    const { client, standin } = setup();
    expect(await client("wrong-token").sendText("5511999990001", "Oi", 0)).toMatchObject({ ok: false, retryable: false, status: 401, reason: "unauthorized" });
    expect(await client(TOKEN, "outra").sendText("5511999990001", "Oi", 0)).toMatchObject({ ok: false, retryable: false, status: 404, reason: "instance_not_found" });
    const denied = await standin.handle(new Request(`${BASE}/message/sendText/padaria-demo`, { method: "POST", body: "{}" }));
    expect(await denied.json()).toEqual(unauthorized);
    const missing = await standin.handle(new Request(`${BASE}/message/sendText/bot-prod`, { method: "POST", headers: { apikey: TOKEN }, body: "{}" }));
    expect(await missing.json()).toEqual(instanceNotFound);
  });

  it("injects 500s the client retries, recording nothing as sent", async () => {
    const { client, standin } = setup({ sendFailureRate: 1 });
    expect(await client().sendText("5511999990001", "Oi", 0)).toMatchObject({ ok: false, retryable: true, status: 500, reason: "server_error" });
    expect(standin.events().map((e) => e.type)).toEqual(["failed"]);
  });

  it("validates sendText like Evolution's schema", async () => {
    const { call } = setup();
    expect((await call("/message/sendText/padaria-demo", { number: "5511999990001" })).status).toBe(400);
    expect((await call("/message/sendText/padaria-demo", { number: "5511999990001", text: "  " })).status).toBe(400);
    expect((await call("/message/sendText/padaria-demo", { number: "5511999990001", text: "a", delay: 1.5 })).status).toBe(400);
  });

  it("serves media through getBase64FromMediaMessage", async () => {
    const { client, call } = setup();
    const media = await client().getMediaBase64({ key: { id: "3A0D4C9B8A7F6E5D4C3B", remoteJid: "5511999990001@s.whatsapp.net" }, message: { audioMessage: { mimetype: "audio/ogg; codecs=opus", ptt: true } } });
    expect(media).toMatchObject({ ok: true, mimeType: "audio/ogg" });
    const res = await call("/chat/getBase64FromMediaMessage/padaria-demo", { message: { key: { id: "X1" } } });
    expect(keys((await res.json()) as object)).toEqual(keys(mediaResponse));
  });

  it("answers sendPresence, markMessageAsRead and connectionState", async () => {
    const { call } = setup();
    const presence = await call("/chat/sendPresence/padaria-demo", { number: "5511999990001", presence: "composing", delay: 10 });
    expect([presence.status, await presence.json()]).toEqual([201, { presence: "composing" }]);
    const read = await call("/chat/markMessageAsRead/padaria-demo", { readMessages: [{ id: "3A5F", fromMe: false, remoteJid: "5511999990001@s.whatsapp.net" }] });
    expect([read.status, await read.json()]).toEqual([201, { message: "Read messages", read: "success" }]);
    expect((await call("/chat/markMessageAsRead/padaria-demo", { readMessages: [] })).status).toBe(400);
    const state = await call("/instance/connectionState/padaria-demo", undefined, "GET");
    expect(await state.json()).toEqual({ instance: { instanceName: "padaria-demo", state: "open" } });
    const unknown = await call("/message/sendMedia/padaria-demo", {});
    expect([unknown.status, await unknown.json()]).toEqual([404, { status: 404, error: "Not Found", response: { message: ["Cannot POST /message/sendMedia/padaria-demo"] } }]);
  });

  it("long-polls captured events for local tools, filtered by number", async () => {
    const { standin, client } = setup({ info: { aiEnabled: false } });
    const status = await standin.handle(new Request(`${BASE}/_status`));
    expect(await status.json()).toEqual({ lastSeq: 0, aiEnabled: false });
    const waiting = standin.handle(new Request(`${BASE}/_captured?since=0&wait=5000&number=5511999990002`));
    await client().sendText("5511999990001", "para Ana", 0);
    await client().sendText("5511999990002@s.whatsapp.net", "para Bruno", 0);
    const body = (await (await waiting).json()) as { events: { text: string; type: string }[]; lastSeq: number };
    expect(body.events.map((e) => [e.type, e.text])).toEqual([["typing", "para Bruno"]]);
    const all = (await (await standin.handle(new Request(`${BASE}/_captured?since=0`))).json()) as { events: unknown[]; lastSeq: number };
    expect(all.events).toHaveLength(4);
    expect(all.lastSeq).toBe(4);
  });
});
