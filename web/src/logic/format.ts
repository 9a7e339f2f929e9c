import { localParts } from "../../../src/domain/local-time";

/**
 * pt-BR formatting for the panel. Every function takes the timezone and "now" explicitly, so
 * the panel passes the browser's and the tests pass fixed ones.
 */

const MS_PER_DAY = 86_400_000;

const pad = (n: number): string => String(n).padStart(2, "0");
const WEEKDAYS = ["domingo", "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado"];
const WEEKDAYS_SHORT = ["dom.", "seg.", "ter.", "qua.", "qui.", "sex.", "sáb."];
const MONTHS = [
  "janeiro", "fevereiro", "março", "abril", "maio", "junho",
  "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
];

/** Whole calendar days from `now`'s local day to `date`'s local day (negative in the past). */
function dayDistance(date: Date, now: Date, timeZone: string): number {
  const a = localParts(date, timeZone);
  const b = localParts(now, timeZone);
  return Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) / MS_PER_DAY);
}

/** The local calendar day, `YYYY-MM-DD`. */
export function localDay(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "14:05". */
export function formatTime(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** "01/12/2026 14:05". */
export function formatDateTime(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The conversation list's time column: "14:05" today, "ontem", "seg." this week, else "28/10". */
export function formatListTime(date: Date, now: Date, timeZone: string): string {
  const distance = dayDistance(date, now, timeZone);
  if (distance >= 0) return formatTime(date, timeZone);
  if (distance === -1) return "ontem";
  const p = localParts(date, timeZone);
  if (distance > -7) return WEEKDAYS_SHORT[p.weekday]!;
  const sameYear = p.year === localParts(now, timeZone).year;
  return sameYear ? `${pad(p.day)}/${pad(p.month)}` : `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** A transcript's day separator: "Hoje", "Ontem", "segunda-feira, 30 de novembro" (+ year if not this one). */
export function formatDayLabel(date: Date, now: Date, timeZone: string): string {
  const distance = dayDistance(date, now, timeZone);
  if (distance === 0) return "Hoje";
  if (distance === -1) return "Ontem";
  const p = localParts(date, timeZone);
  const base = `${WEEKDAYS[p.weekday]}, ${p.day} de ${MONTHS[p.month - 1]}`;
  return p.year === localParts(now, timeZone).year ? base : `${base} de ${p.year}`;
}

/** When the bot takes a conversation back: "hoje às 15:30", "amanhã às 08:00", "em 03/12 às 08:00". */
export function formatResumeTime(date: Date, now: Date, timeZone: string): string {
  const distance = dayDistance(date, now, timeZone);
  const time = formatTime(date, timeZone);
  if (distance <= 0) return `hoje às ${time}`;
  if (distance === 1) return `amanhã às ${time}`;
  const p = localParts(date, timeZone);
  return `em ${pad(p.day)}/${pad(p.month)} às ${time}`;
}

/** "dezembro de 2026". */
export function formatMonth(year: number, month: number): string {
  return `${MONTHS[month - 1]} de ${year}`;
}

const integer = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat("pt-BR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "12.345". */
export function formatNumber(n: number): string {
  return integer.format(n);
}

/** "R$ 12,90", "R$ 1.234,50" (a plain space, as people type it). */
export function formatBRL(value: number): string {
  const sign = value < 0 ? "-" : "";
  return `${sign}R$ ${cents.format(Math.abs(value))}`;
}

/** A price as people type it: "12,90", "12.90", "R$ 1.234,50" → 12.9 / 1234.5; null when not a price. */
export function parseBRL(text: string): number | null {
  let s = text.trim().replace(/^R\$\s*/i, "").replace(/\s/g, "");
  if (s === "") return null;
  if (s.includes(",")) s = s.replace(/\./g, "").replace(",", ".");
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  return Number(s);
}

/** The digits of a phone JID ("5511999990001@s.whatsapp.net"); null for `@lid` and group ids. */
function jidDigits(jid: string): string | null {
  const m = /^(\d{8,15})(@s\.whatsapp\.net)?$/.exec(jid);
  return m ? m[1]! : null;
}

/** "+55 11 99999-0001" for Brazilian numbers, "+<digits>" for others, null when there is no number. */
export function formatPhone(jidOrDigits: string): string | null {
  const digits = jidDigits(jidOrDigits);
  if (!digits) return null;
  const br = /^55(\d{2})(\d{4,5})(\d{4})$/.exec(digits);
  return br ? `+55 ${br[1]} ${br[2]}-${br[3]}` : `+${digits}`;
}

/**
 * The phone field's mask as the person types: "(11) 99999-0001" for a Brazilian number without
 * the country code; anything starting with "+" is left as "+digits".
 */
export function maskPhoneInput(typed: string): string {
  if (typed.trim().startsWith("+")) return "+" + typed.replace(/\D/g, "").slice(0, 15);
  const d = typed.replace(/\D/g, "").slice(0, 11);
  if (d.length === 0) return "";
  if (d.length <= 2) return `(${d}`;
  const local = d.slice(2);
  const split = local.length > 8 ? 5 : 4;
  if (local.length <= split) return `(${d.slice(0, 2)}) ${local}`;
  return `(${d.slice(0, 2)}) ${local.slice(0, split)}-${local.slice(split)}`;
}

/**
 * Digits with the country code, as the sign-in API wants them; a 10- or 11-digit number is
 * taken as Brazilian. Null when it cannot be a phone number.
 */
export function normalizePhone(typed: string): string | null {
  const international = typed.trim().startsWith("+");
  const d = typed.replace(/\D/g, "");
  if (!international && (d.length === 10 || d.length === 11)) return `55${d}`;
  return d.length >= 8 && d.length <= 15 ? d : null;
}
