import { describe, expect, it } from "vitest";
import {
  EMBEDDING_BYTES,
  cosineSimilarity,
  packVector,
  unpackVector,
  vectorFromBase64,
  vectorFromHex,
  vectorToBase64,
} from "../../../src/services/knowledge/embedding-vectors";

const vector = Array.from({ length: 768 }, (_, i) => Math.cos(i * 0.37) * (i % 7));

describe("embedding vectors", () => {
  it("reads a vector back from its bytes in hex, in either case, and nothing from a wrong length or a stray character", () => {
    const hex = Array.from(packVector(vector), (b) => b.toString(16).padStart(2, "0")).join("");
    expect(Array.from(vectorFromHex(hex)!)).toEqual(Array.from(new Float32Array(vector)));
    expect(Array.from(vectorFromHex(hex.toUpperCase())!)).toEqual(Array.from(new Float32Array(vector)));
    expect(vectorFromHex(hex.slice(2))).toBeNull();
    expect(vectorFromHex(`zz${hex.slice(2)}`)).toBeNull();
    expect(vectorFromHex(null)).toBeNull();
  });

  it("measures cosine similarity", () => {
    expect(cosineSimilarity([1, 0], [1, 0])).toBeCloseTo(1);
    expect(cosineSimilarity([1, 0], [0, 2])).toBeCloseTo(0);
    expect(cosineSimilarity([1, 2], [-1, -2])).toBeCloseTo(-1);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
  });

  it("packs 768 dimensions into 3,072 bytes and back", () => {
    const bytes = packVector(vector);
    expect(bytes.byteLength).toBe(EMBEDDING_BYTES);
    expect(Array.from(unpackVector(bytes)!)).toEqual(Array.from(Float32Array.from(vector)));
    expect(Array.from(unpackVector(bytes.buffer as ArrayBuffer)!)).toEqual(Array.from(Float32Array.from(vector)));
    expect(Array.from(unpackVector(Array.from(bytes))!)).toEqual(Array.from(Float32Array.from(vector)));
  });

  it("stores little-endian Float32", () => {
    expect(Array.from(packVector([1]))).toEqual([0, 0, 0x80, 0x3f]);
  });

  it("treats a blob of the wrong size as no embedding", () => {
    expect(unpackVector(new Uint8Array(100))).toBeNull();
    expect(unpackVector(null)).toBeNull();
  });

  it("round-trips through base64, and refuses bad base64", () => {
    expect(Array.from(vectorFromBase64(vectorToBase64(vector))!)).toEqual(Array.from(Float32Array.from(vector)));
    expect(vectorFromBase64("not base64!")).toBeNull();
    expect(vectorFromBase64(btoa("short"))).toBeNull();
  });
});
