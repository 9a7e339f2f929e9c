/**
 * A login is a phone number or an e-mail address, unique across the platform. These functions
 * give the one stored form of each, however it was typed: a phone as digits with the country
 * code (Brazilian numbers completed with 55 and the mobile ninth digit), an e-mail trimmed and
 * lowercased.
 */
export type Login = { kind: "phone"; login: string } | { kind: "email"; login: string };

/** Brazil's area codes (DDD) in use. */
const BRAZIL_AREA_CODES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43,
  44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77,
  79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
]);

/** Brazilian digits after 55: a known area code, then 8 digits (landline) or 9 starting with 9 (mobile). */
function brazilian(national: string): string | null {
  if (!BRAZIL_AREA_CODES.has(Number(national.slice(0, 2)))) return null;
  const subscriber = national.slice(2);
  if (subscriber.length === 9) return subscriber.startsWith("9") ? `55${national}` : null;
  if (subscriber.length !== 8) return null;
  // Mobile numbers gained a leading 9 (completed 2016); written without it, they start with 6–9.
  return /^[6-9]/.test(subscriber) ? `55${national.slice(0, 2)}9${subscriber}` : `55${national}`;
}

/**
 * Digits with country code, or null when it is not a phone number. Without `+`, 10 or 11
 * digits (optionally after a trunk 0) are a Brazilian number with its area code.
 * @example normalizePhone("(11) 99999-0001") // "5511999990001"
 * @example normalizePhone("+1 415 555 0100") // "14155550100"
 */
export function normalizePhone(raw: string): string | null {
  const text = raw.trim();
  if (!/^\+?[\d\s().-]+$/.test(text)) return null;
  const international = text.startsWith("+");
  let digits = text.replace(/\D/g, "");
  if (!international) {
    if (digits.startsWith("0")) digits = digits.slice(1);
    if (digits.length === 10 || digits.length === 11) digits = `55${digits}`;
  }
  if (digits.startsWith("55")) return digits.length === 12 || digits.length === 13 ? brazilian(digits.slice(2)) : null;
  return international && digits.length >= 8 && digits.length <= 15 ? digits : null;
}

/** Lowercased and trimmed, or null when it is not an e-mail address. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return email.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(email) ? email : null;
}

/** A typed login as stored, or null when it is neither a phone number nor an e-mail address. */
export function parseLogin(raw: string): Login | null {
  if (raw.includes("@")) {
    const email = normalizeEmail(raw);
    return email ? { kind: "email", login: email } : null;
  }
  const phone = normalizePhone(raw);
  return phone ? { kind: "phone", login: phone } : null;
}

/** The WhatsApp JID a sign-in code is sent to. */
export function phoneJid(phone: string): string {
  return `${phone}@s.whatsapp.net`;
}
