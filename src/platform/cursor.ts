/**
 * Opaque page cursors: base64url of a JSON array holding the last row's sort key. Clients pass
 * them back untouched; anything that does not decode to the expected shape is refused.
 */
import { fromBase64Url, toBase64Url } from "./base64url";

type KeyPart = "number" | "string";
type PartType<P extends KeyPart> = P extends "number" ? number : string;

export function encodeCursor(parts: readonly (number | string)[]): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(parts)));
}

/**
 * The key a cursor holds, when it has exactly the given shape (numbers must be safe integers).
 * @example decodeCursor(encodeCursor([5, "a"]), ["number", "string"]) // [5, "a"]
 */
export function decodeCursor<const S extends readonly KeyPart[]>(cursor: string, shape: S): { [I in keyof S]: PartType<S[I]> } | null {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(fromBase64Url(cursor)));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== shape.length) return null;
  const fits = shape.every((type, i) => (type === "number" ? Number.isSafeInteger(value[i]) : typeof value[i] === "string"));
  return fits ? (value as { [I in keyof S]: PartType<S[I]> }) : null;
}
