/**
 * Embedding vectors as stored and compared: `gemini-embedding-001` at 768 dimensions, kept as
 * little-endian Float32 bytes (3,072 per entry) in a D1 blob, or as base64 where only text fits.
 */

export const EMBEDDING_DIMENSIONS = 768;
export const EMBEDDING_BYTES = EMBEDDING_DIMENSIONS * 4;

/**
 * Cosine similarity in [-1, 1]; 0 when either vector is all zeros. Vectors of different
 * lengths were made by different models and are not comparable: that is a caller's bug.
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`vector lengths differ: ${a.length} and ${b.length}`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** The vector as little-endian Float32 bytes, whatever the machine's byte order. */
export function packVector(vector: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < vector.length; i++) view.setFloat32(i * 4, vector[i]!, true);
  return bytes;
}

/**
 * The vector back from its bytes; null when they are not a whole `dimensions`-long vector (a
 * row written by another model or truncated), which retrieval then treats as "no embedding".
 * D1 hands blobs back as an ArrayBuffer or, through some drivers, an array of byte values.
 */
export function unpackVector(
  blob: ArrayBuffer | ArrayBufferView | readonly number[] | null,
  dimensions = EMBEDDING_DIMENSIONS,
): Float32Array | null {
  if (blob === null) return null;
  const bytes = Array.isArray(blob)
    ? Uint8Array.from(blob as readonly number[])
    : ArrayBuffer.isView(blob)
      ? new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength)
      : new Uint8Array(blob as ArrayBuffer);
  if (bytes.byteLength !== dimensions * 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}

/** The vector from its bytes written in hex (as SQLite's `hex()` gives them); null like `unpackVector`. */
export function vectorFromHex(hex: string | null, dimensions = EMBEDDING_DIMENSIONS): Float32Array | null {
  if (hex === null || hex.length !== dimensions * 8) return null;
  const bytes = new Uint8Array(dimensions * 4);
  for (let i = 0; i < bytes.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    bytes[i] = (hi << 4) | lo;
  }
  return unpackVector(bytes, dimensions);
}

/** 0–15 for an ASCII hex digit (either case), -1 for anything else. */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

export function vectorToBase64(vector: ArrayLike<number>): string {
  const bytes = packVector(vector);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Null for text that is not base64 of a whole `dimensions`-long vector. */
export function vectorFromBase64(text: string, dimensions = EMBEDDING_DIMENSIONS): Float32Array | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return unpackVector(bytes, dimensions);
}
