import { describe, expect, it } from "vitest";
import { defaultAnswer, type GeminiCall } from "../../tools/fakes/gemini";

/** The fake's default answer reads the knowledge block like a model would, for the demo and the bench. */
const call = (asked: string, system: string, tools = ["transfer_to_human", "no_answer"]): GeminiCall => ({
  seq: 1,
  at: 0,
  model: "gemini-2.5-flash",
  outcome: "ok",
  latencyMs: 0,
  lastUserTexts: [`Cliente: ${asked}`],
  lastUserMedia: 0,
  systemInstruction: system,
  toolNames: tools,
  answer: null,
  usage: null,
});

const SYSTEM = [
  "Você é a Luzia.",
  "",
  "Conhecimento da empresa (preços, disponibilidade e políticas vêm só daqui):",
  "- [pergunta frequente] Vocês aceitam Pix? Resposta: Sim, a chave é o CNPJ 12.345.678/0001-90.",
  "- [produto] Pão de queijo — R$ 4,50 (unidade) — categoria: Salgados",
  "- [produto] Sonho de creme — R$ 7,50 (unidade) — esgotado — categoria: Doces",
  "- [documento: Políticas] Entregamos em até 3 km da loja, com taxa de R$ 6,00.",
  "",
  "Contexto:",
].join("\n");

describe("the fake Gemini's answers from the knowledge", () => {
  it("quotes the matching item's price, says what is sold out, answers a FAQ and quotes a policy", () => {
    expect(defaultAnswer(call("quanto custa os paes de queijo?", SYSTEM))).toEqual({ text: "O Pão de queijo custa R$ 4,50 (unidade). Posso ajudar em algo mais?" });
    expect(defaultAnswer(call("tem sonho?", SYSTEM))).toEqual({ text: "O Sonho de creme está esgotado no momento, desculpe!" });
    expect(defaultAnswer(call("aceita pix?", SYSTEM))).toEqual({ text: "Sim, a chave é o CNPJ 12.345.678/0001-90." });
    expect(defaultAnswer(call("vocês entregam?", SYSTEM))).toEqual({ text: "Pelo que consta aqui: Entregamos em até 3 km da loja, com taxa de R$ 6,00." });
  });

  it("calls no_answer for a question the block does not answer, and echoes without a block", () => {
    expect(defaultAnswer(call("fazem bolo vegano?", SYSTEM))).toEqual({ functionCall: { name: "no_answer", args: { question: "fazem bolo vegano?" } } });
    expect(defaultAnswer(call("oi", "Você é a Luzia."))).toEqual({ text: "Entendi! Você disse: oi" });
  });
});
