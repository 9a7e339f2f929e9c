/** What one model call is made of: the conversation as contents, and the one function the model may call. */

/** One part of a turn the model reads: text, or a medium inline (base64). */
export type AiPart = { text: string } | { inlineData: { mimeType: string; data: string } };

export interface AiContent {
  role: "user" | "model";
  parts: AiPart[];
}

/** The one function the model may call (Gemini REST `FunctionDeclaration`). */
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
