import type { ErrorDetail } from "../api/types";

/** Field path ("handoff.pauseMinutes", "businessHours.weekly.mon.0.1") → the message shown beside it. */
export type FieldErrors = Record<string, string>;

/**
 * The 400 answer's `details` keyed by field path, in pt-BR. The admin API prefixes settings
 * paths with "bot."; the panel's form names fields without it.
 */
export function toFieldErrors(details: readonly ErrorDetail[], prefix = "bot"): FieldErrors {
  const out: FieldErrors = {};
  for (const d of details) {
    let path = Array.isArray(d.path) ? d.path.join(".") : d.path;
    if (path === prefix) path = "";
    else if (path.startsWith(`${prefix}.`)) path = path.slice(prefix.length + 1);
    out[path] ??= translateIssue(d.message);
  }
  return out;
}

/** The message for a field, or for anything under it (a list field shows its items' errors). */
export function errorFor(errors: FieldErrors, path: string): string | null {
  if (errors[path]) return errors[path]!;
  const nested = Object.keys(errors).find((k) => k.startsWith(`${path}.`));
  return nested ? errors[nested]! : null;
}

/** Paths with an error that no field on screen claims, shown at the top of the form. */
export function unclaimedErrors(errors: FieldErrors, claimed: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([path]) => !claimed.some((c) => path === c || path.startsWith(`${c}.`)))
    .map(([path, message]) => (path ? `${path}: ${message}` : message));
}

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/expected string to have >=1 characters?/i, () => "Preencha este campo."],
  [/too small: expected string to have >=(\d+)/i, (m) => `Use pelo menos ${m[1]} caracteres.`],
  [/too big: expected string to have <=(\d+)/i, (m) => `Use no máximo ${fmt(m[1]!)} caracteres.`],
  [/too small: expected array to have >=1/i, () => "Informe pelo menos um item."],
  [/too big: expected array to have <=(\d+)/i, (m) => `No máximo ${fmt(m[1]!)} itens.`],
  [/too small: expected number to be >=(-?\d+)/i, (m) => `O mínimo é ${fmt(m[1]!)}.`],
  [/too big: expected number to be <=(-?\d+)/i, (m) => `O máximo é ${fmt(m[1]!)}.`],
  [/expected int/i, () => "Use um número inteiro."],
  [/expected number/i, () => "Informe um número."],
  [/expected HH:MM/i, () => "Use o formato HH:MM, de 00:00 a 24:00."],
  [/unknown IANA timezone/i, () => "Fuso horário desconhecido."],
  [/digits with country code/i, () => "Use só dígitos com DDI e DDD, por exemplo 5511999990001."],
  [/invalid option|expected one of/i, () => "Escolha uma das opções."],
  [/required|received undefined/i, () => "Preencha este campo."],
];

const fmt = (n: string): string => Number(n).toLocaleString("pt-BR");

/** A zod message in pt-BR; an unknown one is shown as the server wrote it. */
export function translateIssue(message: string): string {
  for (const [re, to] of RULES) {
    const m = re.exec(message);
    if (m) return to(m);
  }
  return message;
}
