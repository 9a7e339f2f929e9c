import type { TranscriptMessage } from "../api/types";
import { formatDayLabel, localDay } from "./format";

export type Side = "customer" | "bot" | "human";

/** Consecutive messages of one author, drawn as one block of bubbles with one name. */
export interface MessageRun {
  key: string;
  side: Side;
  /** "Robô" for the bot, the attendant's name for panel messages, null for the customer. */
  author: string | null;
  messages: TranscriptMessage[];
}

export interface DayGroup {
  day: string;
  label: string;
  runs: MessageRun[];
}

/** A pause this long between two messages of the same author starts a new block. */
export const RUN_GAP_MS = 10 * 60_000;

const sideOf = (m: TranscriptMessage): Side => (m.direction === "in" ? "customer" : m.direction === "out" ? "bot" : "human");
const authorOf = (m: TranscriptMessage): string | null =>
  m.direction === "out" ? "Robô" : m.direction === "human" ? (m.author ?? "Atendente") : null;

/** Groups a transcript (oldest first) by local day, then by consecutive author. */
export function groupTranscript(messages: readonly TranscriptMessage[], now: Date, timeZone: string): DayGroup[] {
  const days: DayGroup[] = [];
  let previous: TranscriptMessage | null = null;
  for (const m of messages) {
    const at = new Date(m.at);
    const day = localDay(at, timeZone);
    let group = days[days.length - 1];
    if (!group || group.day !== day) {
      group = { day, label: formatDayLabel(at, now, timeZone), runs: [] };
      days.push(group);
      previous = null;
    }
    const side = sideOf(m);
    const author = authorOf(m);
    const run = group.runs[group.runs.length - 1];
    const continues =
      run !== undefined &&
      previous !== null &&
      run.side === side &&
      run.author === author &&
      at.getTime() - new Date(previous.at).getTime() < RUN_GAP_MS;
    if (continues) run.messages.push(m);
    else group.runs.push({ key: m.id, side, author, messages: [m] });
    previous = m;
  }
  return days;
}

const MEDIA_LABELS: Partial<Record<TranscriptMessage["kind"], string>> = {
  image: "Imagem",
  audio: "Áudio",
  video: "Vídeo",
  document: "Documento",
  sticker: "Figurinha",
  location: "Localização",
  contact: "Contato",
  other: "Mensagem",
};

/** The placeholder of a medium ("Áudio", "Imagem"), null for text. */
export function mediaLabel(kind: TranscriptMessage["kind"]): string | null {
  return MEDIA_LABELS[kind] ?? null;
}

/** One line for the conversation list: the text, or the medium's label with its caption. */
export function previewText(message: { kind: TranscriptMessage["kind"]; text: string | null }): string {
  const label = mediaLabel(message.kind);
  if (!label) return message.text ?? "";
  return message.text ? `${label}: ${message.text}` : label;
}
