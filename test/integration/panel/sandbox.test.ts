import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTenant } from "../../helpers/app";
import { drain } from "../../helpers/conversation";
import { geminiText, installFakeProviders, type FakeProviders } from "../../helpers/fake-providers";
import { api, signedInUser } from "../../helpers/panel";

let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => fake.restore());

type Transcript = { contact: string; items: { id: string; direction: string; text: string | null }[] };

async function sandboxSays(session: string, text: string) {
  const res = await api("POST", "/api/sandbox/messages", { session, body: { text } });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as { id: string; contact: string };
}

describe("/api/sandbox", () => {
  it("answers through the real pipeline and sends nothing to WhatsApp", async () => {
    const tenant = await createTenant({ bot: { handoff: { keywords: [], notifyNumber: "5511900001111" } } });
    const { session } = await signedInUser(tenant.instance);
    fake.onGemini(geminiText("Abrimos às **7h**."));
    const sent = await sandboxSays(session, "Que horas vocês abrem?");
    await drain(tenant.id, sent.contact);

    expect(fake.gemini).toHaveLength(1);
    expect(fake.sent).toEqual([]);
    const res = await api("GET", "/api/sandbox/messages", { session });
    expect(res.status).toBe(200);
    const transcript = (await res.json()) as Transcript;
    expect(transcript.contact).toBe(sent.contact);
    expect(transcript.items.map((m) => [m.direction, m.text])).toEqual([
      ["in", "Que horas vocês abrem?"],
      ["out", "Abrimos às *7h*."],
    ]);
    expect(transcript.items[0]!.id).toBe(sent.id);
  });

  it("applies the tenant's rules: a handoff pauses the test conversation and notifies nobody on WhatsApp", async () => {
    const tenant = await createTenant({ bot: { handoff: { keywords: ["atendente"], notifyNumber: "5511900001111" } } });
    const { session } = await signedInUser(tenant.instance);
    const sent = await sandboxSays(session, "quero um atendente");
    await drain(tenant.id, sent.contact);
    expect(fake.gemini).toHaveLength(0);
    expect(fake.sent).toEqual([]);
    const transcript = (await (await api("GET", "/api/sandbox/messages", { session })).json()) as Transcript;
    expect(transcript.items.at(-1)?.direction).toBe("out");
  });

  it("is nobody's conversation: not listed, and only AI calls show in the usage", async () => {
    const tenant = await createTenant();
    const { session } = await signedInUser(tenant.instance);
    const sent = await sandboxSays(session, "Vocês entregam?");
    await drain(tenant.id, sent.contact);

    const list = (await (await api("GET", "/api/conversations", { session })).json()) as { items: { contact: string }[] };
    expect(list.items.map((c) => c.contact)).not.toContain(sent.contact);
    const usage = (await (await api("GET", "/api/usage", { session })).json()) as { totals: Record<string, number> };
    expect(usage.totals).toMatchObject({ messagesIn: 0, repliesSent: 0, aiCalls: 1 });
  });

  it("keeps each user's test conversation to themselves and starts it over on DELETE", async () => {
    const tenant = await createTenant();
    const maria = await signedInUser(tenant.instance);
    const rosa = await signedInUser(tenant.instance, "owner", "Rosa");
    const sent = await sandboxSays(maria.session, "Oi");
    await drain(tenant.id, sent.contact);

    const theirs = (await (await api("GET", "/api/sandbox/messages", { session: rosa.session })).json()) as Transcript;
    expect(theirs.contact).not.toBe(sent.contact);
    expect(theirs.items).toEqual([]);
    // Knowing the id of someone else's test chat opens nothing through the conversation routes.
    const path = `/api/conversations/${encodeURIComponent(sent.contact)}`;
    expect((await api("GET", `${path}/messages`, { session: rosa.session })).status).toBe(404);
    expect((await api("POST", `${path}/messages`, { session: rosa.session, body: { text: "oi" } })).status).toBe(404);
    expect((await api("POST", `${path}/takeover`, { session: rosa.session, body: {} })).status).toBe(404);

    expect((await api("DELETE", "/api/sandbox", { session: maria.session })).status).toBe(204);
    const mine = (await (await api("GET", "/api/sandbox/messages", { session: maria.session })).json()) as Transcript;
    expect(mine.items).toEqual([]);
  });

  it("is the owner's: an agent is refused, a request without a session too, and an empty text is a 400", async () => {
    const tenant = await createTenant();
    const agent = await signedInUser(tenant.instance, "agent");
    const owner = await signedInUser(tenant.instance);
    expect((await api("POST", "/api/sandbox/messages", { session: agent.session, body: { text: "oi" } })).status).toBe(403);
    expect((await api("GET", "/api/sandbox/messages")).status).toBe(401);
    const bad = await api("POST", "/api/sandbox/messages", { session: owner.session, body: { text: "  " } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_request", details: [{ path: "text" }] });
  });
});
