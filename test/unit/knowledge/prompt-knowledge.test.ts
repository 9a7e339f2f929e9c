import { describe, expect, it } from "vitest";
import { botSettingsSchema } from "../../../src/domain/bot-settings";
import { buildPrompt, type PromptInput } from "../../../src/services/ai/prompt";
import { previousCustomerText } from "../../../src/services/attendant/turn/call-model";

const now = new Date("2026-11-23T15:00:00Z");
const BLOCK = "Conhecimento da empresa (preços, disponibilidade e políticas vêm só daqui):\n- [produto] Pão de queijo — R$ 4,50 (unidade)";

function system(overrides: Partial<PromptInput> = {}): string {
  return buildPrompt({
    settings: botSettingsSchema.parse({ systemPrompt: "Você é a Bia.", businessProfile: "Rua das Flores, 10." }),
    tenantName: "Padaria Centro",
    customerName: "Ana",
    history: [],
    burst: [{ kind: "text", text: "quanto é o pão de queijo?", media: null, at: now.getTime() }],
    now,
    closedInfo: null,
    ...overrides,
  }).systemInstruction;
}

describe("the knowledge in the system instruction", () => {
  it("goes after the rules, instructions and profile and before the per-turn context", () => {
    const s = system({ knowledge: { text: BLOCK } });
    const at = (text: string) => s.indexOf(text);
    expect(at("Regras:")).toBeLessThan(at("Você é a Bia."));
    expect(at("Você é a Bia.")).toBeLessThan(at("Rua das Flores"));
    expect(at("Rua das Flores")).toBeLessThan(at(BLOCK));
    expect(at(BLOCK)).toBeLessThan(at("Contexto:"));
    // The clock changes per turn: it comes after the block.
    expect(at(BLOCK)).toBeLessThan(at("Agora:"));
  });

  it("brings the rules that prices, availability and policies come only from the block, and what to do when it does not answer", () => {
    const s = system({ knowledge: { text: BLOCK } });
    expect(s).toContain('vêm só do bloco "Conhecimento da empresa"');
    expect(s).toContain('marcado "esgotado" não está disponível');
    expect(s).toContain("diga que vai verificar, ofereça um atendente e chame a função no_answer");
  });

  it("says nothing was found when the tenant has knowledge but none matched, and leaves it all out for a tenant with none", () => {
    expect(system({ knowledge: { text: "" } })).toContain("Conhecimento da empresa: nada encontrado para esta mensagem.");
    for (const s of [system({ knowledge: null }), system()]) {
      expect(s).not.toContain("Conhecimento da empresa");
      expect(s).not.toContain("no_answer");
    }
  });
});

describe("previousCustomerText", () => {
  it("is the customer's last remembered text, whatever the bot or an attendant said after it", () => {
    const at = now.getTime();
    expect(
      previousCustomerText([
        { direction: "in", kind: "text", text: "tem bolo de cenoura?", at: at - 3 },
        { direction: "out", kind: "text", text: "Temos sim!", at: at - 2 },
        { direction: "human", kind: "text", text: "Acabou de sair do forno.", at: at - 1 },
      ]),
    ).toBe("tem bolo de cenoura?");
    expect(previousCustomerText([{ direction: "in", kind: "image", text: null, at }])).toBeNull();
    expect(previousCustomerText([])).toBeNull();
  });
});
