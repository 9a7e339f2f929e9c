/**
 * Password hashing: PBKDF2-SHA-256 through WebCrypto with a random 16-byte salt per hash.
 * Stored as `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>`, so a later change of
 * algorithm or cost is recognised per row and rehashed at the next sign-in.
 */
import { fromBase64, toBase64 } from "../../platform/crypto";

const ALGORITHM = "pbkdf2-sha256";
/** The Workers runtime refuses PBKDF2 above 100,000 iterations. */
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

const encoder = new TextEncoder();

interface ParsedHash {
  iterations: number;
  salt: Uint8Array;
  hash: Uint8Array;
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  // NFKC: the same password typed on two keyboards (composed or decomposed accents) matches.
  const key = await crypto.subtle.importKey("raw", encoder.encode(password.normalize("NFKC")), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BYTES * 8);
  return new Uint8Array(bits);
}

function parse(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== ALGORITHM) return null;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS) return null;
  try {
    const salt = fromBase64(parts[2]!);
    const hash = fromBase64(parts[3]!);
    if (salt.byteLength !== SALT_BYTES || hash.byteLength !== HASH_BYTES) return null;
    return { iterations, salt, hash };
  } catch {
    return null;
  }
}

/**
 * Hashes a new password with a fresh salt.
 * @example await hashPassword("pão de queijo") // "pbkdf2-sha256$100000$…$…"
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `${ALGORITHM}$${PBKDF2_ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** A fixed hash of a password nobody knows, so an unknown login costs one full derivation too. */
const DUMMY_HASH = `${ALGORITHM}$${PBKDF2_ITERATIONS}$${toBase64(new Uint8Array(SALT_BYTES))}$${toBase64(new Uint8Array(HASH_BYTES))}`;

/**
 * True when `password` matches `stored`, compared in constant time. A stored value in a format
 * this code does not know never matches, after the same work as a real check.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  const target = parsed ?? parse(DUMMY_HASH)!;
  const candidate = await derive(password, target.salt, target.iterations);
  const equal = crypto.subtle.timingSafeEqual(candidate, target.hash);
  return parsed !== null && equal;
}

/**
 * The check for a login that has no password (unknown, or invited but not yet accepted): the
 * same derivation as `verifyPassword`, always false, so the answer's timing tells nothing.
 */
export async function verifyNoPassword(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH);
  return false;
}

/** True when a stored hash uses older parameters and should be replaced after a good sign-in. */
export function needsRehash(stored: string): boolean {
  return parse(stored)?.iterations !== PBKDF2_ITERATIONS;
}
