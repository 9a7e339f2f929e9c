import type { MessageKind } from "./inbound-event";

/** A stored message of the conversation. */
export interface HistoryEntry {
  /** "in": the customer; "out": the bot; "human": an attendant typing on the business's phone. */
  direction: "in" | "out" | "human";
  kind: MessageKind;
  text: string | null;
  /** Epoch ms. */
  at: number;
}
