/**
 * Secrets handed to people: session ids, invite tokens and sign-in codes. D1 keeps only their
 * digests, so a copy of the database signs nobody in.
 */
import { fromBase64, randomSecret, sha256Hex, timingSafeEqual, toBase64 } from "../../platform/crypto";

const encoder = new TextEncoder();

/** A session id or invite token: 256 random bits, base64url (43 characters). */
export function newToken(): string {
  return randomSecret();
}

/** The stored form of a session id or invite token; rows are looked up by it. */
export function hashToken(token: string): Promise<string> {
  return sha256Hex(token);
}

export const CODE_DIGITS = 6;
const CODE_SPACE = 10 ** CODE_DIGITS;
/** The largest multiple of 10^6 below 2^32: values at or above it would favour low codes. */
const UNBIASED_LIMIT = Math.floor(2 ** 32 / CODE_SPACE) * CODE_SPACE;

const randomUint32 = () => crypto.getRandomValues(new Uint32Array(1))[0]!;

/**
 * A 6-digit sign-in code, uniform over 000000–999999 (rejection sampling, no modulo bias).
 * @example generateLoginCode() // "048213"
 */
export function generateLoginCode(random: () => number = randomUint32): string {
  let value = random();
  while (value >= UNBIASED_LIMIT) value = random();
  return String(value % CODE_SPACE).padStart(CODE_DIGITS, "0");
}

const codeKeys = new Map<string, Promise<CryptoKey>>();

/** An HMAC key for codes derived from SECRETS_KEY (HKDF), so it is never the encryption key itself. */
function codeKey(secretsKey: string): Promise<CryptoKey> {
  let key = codeKeys.get(secretsKey);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", fromBase64(secretsKey.trim()), "HKDF", false, ["deriveKey"])
      .then((master) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("atenbot login codes v1") },
          master,
          { name: "HMAC", hash: "SHA-256", length: 256 },
          false,
          ["sign"],
        ),
      );
    codeKeys.set(secretsKey, key);
  }
  return key;
}

/**
 * The stored form of a sign-in code: HMAC-SHA-256 under a platform key, bound to the login.
 * A plain hash of 6 digits is reversed by trying all million; without the key it is not.
 */
export async function hashLoginCode(secretsKey: string, login: string, code: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await codeKey(secretsKey), encoder.encode(`${login}\n${code}`));
  return toBase64(new Uint8Array(mac));
}

/** Constant-time comparison of two stored digests. */
export function sameDigest(a: string, b: string): boolean {
  return timingSafeEqual(a, b);
}
