import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTenant } from "../helpers/app";
import { deliver, fireAlarm, conversation } from "../helpers/conversation";
import { installFakeProviders, type FakeProviders } from "../helpers/fake-providers";
import { textUpsert } from "../helpers/payloads";

const ANA = "5511999990001@s.whatsapp.net";
let fake: FakeProviders;
beforeEach(() => {
  fake = installFakeProviders();
});
afterEach(() => fake.restore());

describe("a text message", () => {
  it("gets one formatted Gemini reply at the right JID, with the tenant's prompt", async () => {
    const t = await createTenant();
    await deliver(t.id, ANA, textUpsert({ instance: t.instance, text: "Vocês abrem amanhã?" }));
    expect(await fireAlarm(t.id, ANA)).toBe(true);
    expect(fake.gemini).toHaveLength(1);
    expect(fake.gemini[0]!.body.systemInstruction.parts[0].text).toContain("Você é a atendente da Padaria Teste.");
    expect(JSON.stringify(fake.gemini[0]!.body.contents)).toContain("Vocês abrem amanhã?");
    expect(fake.textsTo(ANA)).toEqual(["Olá! Abrimos às *7h*."]);
    expect(fake.sent[0]!.headers.apikey).toBe("B6D711FC-DE4D-4FD5-9365-44120E713976");
    const state = await conversation(t.id, ANA).inspect();
    expect(state.pending).toBe(0);
    expect(state.state.outbox).toBeNull();
  });
});
