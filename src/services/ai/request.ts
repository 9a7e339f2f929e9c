/** What one model call is made of: the conversation as contents, and the functions the model may call. */

/** One part of a turn the model reads: text, or a medium inline (base64). */
export type AiPart = { text: string } | { inlineData: { mimeType: string; data: string } };

export interface AiContent {
  role: "user" | "model";
  parts: AiPart[];
}

/** Gemini REST `FunctionDeclaration`s the model may call. */
export const TRANSFER_TO_HUMAN = {
  name: "transfer_to_human",
  description:
    "Hand the conversation over to a human attendant of the business. Call it when the customer asks to talk to a person, or when you cannot help with their request.",
  parameters: {
    type: "OBJECT",
    properties: {
      reason: { type: "STRING", description: "Short reason for the handoff, in Portuguese." },
    },
  },
} as const;

/** The model has no answer in the business's knowledge: the question is recorded for the owner. */
export const NO_ANSWER = {
  name: "no_answer",
  description:
    "Record a customer question that the business knowledge (Conhecimento da empresa) does not answer, so the business can add the answer. Call it together with your reply saying you will check.",
  parameters: {
    type: "OBJECT",
    properties: {
      question: { type: "STRING", description: "The customer's question, in their words." },
    },
    required: ["question"],
  },
} as const;

/** What the customer reads when the model only called `no_answer`, without a text of its own. */
export const NO_ANSWER_REPLY = "Vou verificar essa informação e já te retorno. Se preferir, posso chamar um atendente.";
