/**
 * AES-GCM encryption of tenant credentials at rest, and the constant-time helpers that every
 * credential comparison uses. Ciphertext format: "v1:" + base64(iv(12) || ciphertext+tag).
 */
import { toBase64Url } from "./base64url";

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function importKey(secretsKey: string): Promise<CryptoKey> {
  let key = keyCache.get(secretsKey);
  if (!key) {
    const raw = Uint8Array.from(atob(secretsKey.trim()), (c) => c.charCodeAt(0));
    key = crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    keyCache.set(secretsKey, key);
  }
  return key;
}

export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export async function encryptSecret(secretsKey: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await importKey(secretsKey),
    encoder.encode(plaintext),
  );
  const out = new Uint8Array(12 + sealed.byteLength);
  out.set(iv);
  out.set(new Uint8Array(sealed), 12);
  return `v1:${toBase64(out)}`;
}

export async function decryptSecret(secretsKey: string, ciphertext: string): Promise<string> {
  if (!ciphertext.startsWith("v1:")) throw new Error("unknown ciphertext format");
  const bytes = fromBase64(ciphertext.slice(3));
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: bytes.slice(0, 12) },
    await importKey(secretsKey),
    bytes.slice(12),
  );
  return new TextDecoder().decode(plain);
}

export async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Constant-time string equality (length leaks, content does not): every UTF-16 unit of `a` is
 * compared whatever came before. Plain arithmetic, not `crypto.subtle.timingSafeEqual`: that
 * needs both strings encoded to bytes first, three runtime calls on every webhook.
 */
export function timingSafeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** A random URL-safe secret with 256 bits of entropy. */
export function randomSecret(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}
