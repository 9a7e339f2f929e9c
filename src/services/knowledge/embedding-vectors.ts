/**
 * Embedding vectors as stored and compared: `gemini-embedding-001` at 768 dimensions, kept in a
 * D1 blob as their direction in signed bytes (768 per entry). Retrieval only compares vectors by
 * cosine, which ignores length, and 8 bits per dimension keep it within ~0.001 of the Float32
 * value while a turn's read moves a quarter of the bytes. Blobs of Float32 (3,072 bytes, as
 * entries were first stored) still read as they are.
 */

export const EMBEDDING_DIMENSIONS = 768;
/** A stored vector: one signed byte per dimension. */
export const EMBEDDING_BYTES = EMBEDDING_DIMENSIONS;

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

/** The vector's direction as signed bytes: each dimension scaled so the largest is ±127. */
export function packVector(vector: ArrayLike<number>): Uint8Array {
  let max = 0;
  for (let i = 0; i < vector.length; i++) max = Math.max(max, Math.abs(vector[i]!));
  const signed = new Int8Array(vector.length);
  if (max > 0) for (let i = 0; i < vector.length; i++) signed[i] = Math.round((vector[i]! / max) * 127);
  return new Uint8Array(signed.buffer);
}

/**
 * The vector back from its bytes: signed bytes (its direction), or little-endian Float32 as
 * entries were first stored. Null when they are neither for `dimensions` (a row written by
 * another model, or truncated), which retrieval then treats as "no embedding". D1 hands blobs
 * back as an ArrayBuffer or, through some drivers, an array of byte values.
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
  if (bytes.byteLength === dimensions) return Float32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (bytes.byteLength !== dimensions * 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}

/** The vector from its bytes written in hex (as SQLite's `hex()` gives them); null like `unpackVector`. */
export function vectorFromHex(hex: string | null, dimensions = EMBEDDING_DIMENSIONS): Float32Array | null {
  if (hex === null || (hex.length !== dimensions * 2 && hex.length !== dimensions * 8)) return null;
  const bytes = new Uint8Array(hex.length / 2);
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
