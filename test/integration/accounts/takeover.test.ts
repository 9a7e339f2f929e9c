import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTenant, postWebhook } from "../../helpers/app";
import { conversation, deliver, drain } from "../../helpers/conversation";
import { evolutionError, geminiText, installFakeProviders, type FakeProviders } from "../../helpers/fake-providers";
import { api, signedInUser } from "../../helpers/panel";
import { textUpsert } from "../../helpers/payloads";

const ANA = "5511999990001@s.whatsapp.net";
const enc = encodeURIComponent(ANA);
const HUMAN_TEXT = "Oi Ana, aqui é a Júlia! Qual sabor de bolo você quer?";

let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => {
  fake.restore();
  vi.restoreAllMocks();
});

const json = async (res: Response) => (await res.json()) as any;

async function customerSays(t: { id: string; instance: string }, text: string) {
  await deliver(t.id, ANA, textUpsert({ instance: t.instance, from: ANA, pushName: "Ana", text }));
  await drain(t.id, ANA);
}

const transcript = async (session: string) => (await json(await api("GET", `/api/conversations/${enc}/messages`, { session }))).items as any[];
const listed = async (session: string) => (await json(await api("GET", "/api/conversations", { session }))).items[0];

describe("a human takes a conversation over from the panel and hands it back", () => {
  it("takeover → the customer is stored, not answered → the panel's message reaches sendText → release → the bot answers with it in its memory", async () => {
    const t = await createTenant({ bot: { handoff: { pauseMinutes: 90 } } });
    const agent = await signedInUser(t.instance, "agent", "Júlia");
    fake.onGemini(geminiText("Olá! Como posso ajudar?"));
    await customerSays(t, "oi");
    expect(fake.gemini).toHaveLength(1);

    const before = Date.now();
    const taken = await api("POST", `/api/conversations/${enc}/takeover`, { session: agent.session });
    expect(taken.status).toBe(200);
    const body = await json(taken);
    expect(body).toEqual({ status: "human", pausedUntil: expect.any(String), assignedTo: { id: agent.user.id, name: "Júlia" } });
    expect(Date.parse(body.pausedUntil) - before).toBeGreaterThanOrEqual(90 * 60_000 - 1000);
    expect(await listed(agent.session)).toMatchObject({ status: "human", assignedTo: { name: "Júlia" }, pausedUntil: body.pausedUntil });
    expect((await json(await api("GET", "/api/conversations?status=human", { session: agent.session }))).items).toHaveLength(1);

    // While a human has it, what the customer writes is stored and not answered.
    const sentBefore = fake.sent.length;
    await customerSays(t, "quero encomendar um bolo");
    expect(fake.gemini).toHaveLength(1);
    expect(fake.sent).toHaveLength(sentBefore);
    expect(await transcript(agent.session)).toContainEqual(expect.objectContaining({ direction: "in", text: "quero encomendar um bolo" }));

    // The panel's message goes out through Evolution, as the human, and is kept with its author.
    const written = await api("POST", `/api/conversations/${enc}/messages`, { session: agent.session, body: { text: HUMAN_TEXT } });
    expect(written.status).toBe(202);
    const { id } = await json(written);
    const send = fake.sent.at(-1)!;
    expect(send.url).toBe(`https://evo.test/message/sendText/${t.instance}`);
    expect(send.body).toMatchObject({ number: ANA, text: HUMAN_TEXT });
    expect((await transcript(agent.session)).at(-1)).toEqual({ id, direction: "human", kind: "text", text: HUMAN_TEXT, at: expect.any(String), author: "Júlia" });
    expect((await listed(agent.session)).lastMessage).toMatchObject({ direction: "human", text: HUMAN_TEXT });

    // Evolution's echo of that message is recognised as ours: not stored again, nothing answered.
    const echo = textUpsert({ instance: t.instance, from: ANA, fromMe: true, id, text: HUMAN_TEXT });
    expect((await postWebhook(echo)).status).toBe(200);
    await vi.waitFor(async () => expect((await conversation(t.id, ANA).inspect()).seen).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 50 });
    await drain(t.id, ANA);
    expect((await transcript(agent.session)).filter((m) => m.direction === "human")).toHaveLength(1);
    expect(fake.gemini).toHaveLength(1);

    const released = await api("POST", `/api/conversations/${enc}/release`, { session: agent.session });
    expect(released.status).toBe(200);
    expect(await json(released)).toEqual({ status: "bot" });
    expect(await listed(agent.session)).toMatchObject({ status: "bot", pausedUntil: null, assignedTo: null });
    expect((await conversation(t.id, ANA).inspect()).state.pausedUntil).toBeNull();

    // The bot answers again, and what the human wrote is part of its prompt.
    fake.onGemini(geminiText("Perfeito, anotei chocolate!"));
    await customerSays(t, "chocolate, por favor");
    expect(fake.gemini).toHaveLength(2);
    const prompt = JSON.stringify(fake.gemini[1]!.body.contents);
    expect(prompt).toContain(HUMAN_TEXT);
    expect(prompt).toContain("quero encomendar um bolo");
    expect(fake.textsTo(ANA).at(-1)).toBe("Perfeito, anotei chocolate!");

    const trail = (await json(await api("GET", "/api/audit", { session: (await signedInUser(t.instance, "owner")).session }))).items;
    expect(trail.filter((e: any) => e.action.startsWith("conversation.")).map((e: any) => [e.action, e.actor.name, e.target])).toEqual([
      ["conversation.release", "Júlia", ANA],
      ["conversation.takeover", "Júlia", ANA],
    ]);
  });

  it("writing without a takeover takes the conversation over for the writer", async () => {
    const t = await createTenant();
    const owner = await signedInUser(t.instance, "owner", "Dona Maria");
    await customerSays(t, "oi");
    const written = await api("POST", `/api/conversations/${enc}/messages`, { session: owner.session, body: { text: "Oi, aqui é a dona!" } });
    expect(written.status).toBe(202);
    expect(await listed(owner.session)).toMatchObject({ status: "human", assignedTo: { id: owner.user.id, name: "Dona Maria" } });
    const calls = fake.gemini.length;
    await customerSays(t, "que bom!");
    expect(fake.gemini).toHaveLength(calls);
  });

  it("answers 502 evolution_unreachable when Evolution does not take the message, and stores nothing as sent", async () => {
    const t = await createTenant();
    const agent = await signedInUser(t.instance, "agent", "Júlia");
    await customerSays(t, "oi");
    const rows = (await transcript(agent.session)).length;
    fake.onSendText(evolutionError(500, ["Internal Server Error"]));
    const res = await api("POST", `/api/conversations/${enc}/messages`, { session: agent.session, body: { text: "isto não sai" } });
    expect(res.status).toBe(502);
    expect(await json(res)).toEqual({ error: "evolution_unreachable" });
    const after = await transcript(agent.session);
    expect(after).toHaveLength(rows);
    expect(JSON.stringify(after)).not.toContain("isto não sai");
    expect((await conversation(t.id, ANA).inspect()).state.recentSent.map((r: { text: string }) => r.text)).not.toContain("isto não sai");
    expect((await api("POST", `/api/conversations/${enc}/messages`, { session: agent.session, body: { text: "   " } })).status).toBe(400);
  });
});
