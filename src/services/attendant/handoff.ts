import { containsPhrase } from "./text-match";

const PHONE_JID_SUFFIX = "@s.whatsapp.net";
/** Keeps the notification short enough to read at a glance on the attendant's phone. */
const MAX_SUMMARY_MESSAGE_CHARS = 300;

/** Whether the customer asks for a person: any handoff keyword, as whole words, ignoring case and accents. */
export function wantsHuman(text: string, keywords: readonly string[]): boolean {
  return keywords.some((keyword) => containsPhrase(text, keyword));
}

/**
 * A phone JID's number written for people: Brazilian numbers as "+55 11 99999-0001" (mobile) or
 * "+55 11 3333-0001" (landline), others as "+<digits>". Null for JIDs that carry no phone
 * number (`@lid` privacy ids, groups).
 */
export function formatPhoneFromJid(jid: string): string | null {
  if (!jid.endsWith(PHONE_JID_SUFFIX)) return null;
  const digits = jid.slice(0, -PHONE_JID_SUFFIX.length).split(":")[0] ?? "";
  if (!/^\d+$/.test(digits)) return null;
  const br = /^55(\d{2})(\d{4,5})(\d{4})$/.exec(digits);
  if (br) return `+55 ${br[1]} ${br[2]}-${br[3]}`;
  return `+${digits}`;
}

/**
 * The pt-BR notice sent to the tenant's notify number when a customer is handed to a human,
 * with who the customer is and what they last said, so the attendant can pick up at once.
 */
export function handoffSummary(input: {
  customerName: string | null;
  contactJid: string;
  lastMessage: string | null;
}): string {
  const name = input.customerName?.trim() || "(sem nome)";
  const number =
    formatPhoneFromJid(input.contactJid) ??
    "indisponível (o contato usa um ID privado do WhatsApp; responda pela conversa)";
  const lines = ["🔔 Atendimento humano solicitado", `Cliente: ${name}`, `Número: ${number}`];
  const last = input.lastMessage?.trim();
  if (last) lines.push(`Última mensagem: ${truncate(last, MAX_SUMMARY_MESSAGE_CHARS)}`);
  return lines.join("\n");
}

/** The JID that receives handoff summaries: `notifyNumber` is either bare digits or already a phone JID. */
export function notifyJid(notifyNumber: string): string {
  return notifyNumber.endsWith(PHONE_JID_SUFFIX) ? notifyNumber : `${notifyNumber}${PHONE_JID_SUFFIX}`;
}

/** When a pause that starts at `now` (epoch ms) ends, as epoch ms. */
export function pauseUntil(now: number, minutes: number): number {
  return now + minutes * 60_000;
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text); // by code point, so an emoji is never cut in half
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
}
