const encoder = new TextEncoder();

function base64UrlDecode(segment: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return null;
  const b64 = segment.replaceAll("-", "+").replaceAll("_", "/");
  try {
    return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function decodeJson(segment: string): Record<string, unknown> | null {
  const bytes = base64UrlDecode(segment);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Verifies an HS256 JWT as Evolution signs it for webhooks (`jwt_key` header: payload
 * `{iat, exp: iat+600, app, action}`). Only HS256 is accepted, `exp` is required, and the
 * signature check is WebCrypto's constant-time verify.
 */
export async function verifyHs256(token: string, secret: string, nowSeconds: number): Promise<boolean> {
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(h);
  const payload = decodeJson(p);
  const signature = base64UrlDecode(s);
  if (!header || !payload || !signature || header.alg !== "HS256") return false;
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const valid = await crypto.subtle.verify("HMAC", key, signature, encoder.encode(`${h}.${p}`));
  if (!valid) return false;
  const leeway = 60;
  if (typeof payload.exp !== "number" || payload.exp + leeway < nowSeconds) return false;
  if (typeof payload.nbf === "number" && payload.nbf - leeway > nowSeconds) return false;
  return true;
}

/** Signs an HS256 JWT; used by tests and local tools that play Evolution. */
export async function signHs256(payload: Record<string, unknown>, secret: string): Promise<string> {
  const enc = (v: unknown) =>
    btoaUrl(encoder.encode(JSON.stringify(v)));
  const data = `${enc({ alg: "HS256", typ: "JWT" })}.${enc(payload)}`;
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(data)));
  return `${data}.${btoaUrl(sig)}`;
}

function btoaUrl(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
