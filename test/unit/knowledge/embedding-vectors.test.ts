import { describe, expect, it } from "vitest";
import {
  EMBEDDING_BYTES,
  cosineSimilarity,
  packVector,
  unpackVector,
  vectorFromHex,
} from "../../../src/services/knowledge/embedding-vectors";

const vector = Array.from({ length: 768 }, (_, i) => Math.cos(i * 0.37) * (i % 7));

describe("embedding vectors", () => {
  it("reads a vector back from its bytes in hex, in either case, and nothing from a wrong length or a stray character", () => {
    const hex = Array.from(packVector(vector), (b) => b.toString(16).padStart(2, "0")).join("");
    expect(Array.from(vectorFromHex(hex)!)).toEqual(Array.from(unpackVector(packVector(vector))!));
    expect(Array.from(vectorFromHex(hex.toUpperCase())!)).toEqual(Array.from(unpackVector(packVector(vector))!));
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

  it("packs 768 dimensions into 768 bytes that keep the vector's direction: cosine within 0.001 of the original", () => {
    const bytes = packVector(vector);
    expect(bytes.byteLength).toBe(EMBEDDING_BYTES);
    const back = unpackVector(bytes)!;
    expect(cosineSimilarity(back, vector)).toBeGreaterThan(0.999);
    expect(Array.from(unpackVector(bytes.buffer as ArrayBuffer)!)).toEqual(Array.from(back));
    expect(Array.from(unpackVector(Array.from(bytes))!)).toEqual(Array.from(back));
    // The ranking a query makes is the same with the stored bytes as with the vectors themselves.
    const others = Array.from({ length: 30 }, (_, k) => Array.from({ length: 768 }, (_, i) => Math.sin(i * (0.11 + k * 0.013)) + Math.cos(i * k * 0.07)));
    const rank = (xs: ArrayLike<number>[]) => xs.map((x, k) => ({ k, c: cosineSimilarity(vector, x) })).sort((a, b) => b.c - a.c).map((r) => r.k);
    expect(rank(others.map((o) => unpackVector(packVector(o))!)).slice(0, 10)).toEqual(rank(others).slice(0, 10));
  });

  it("scales the largest dimension to ±127, and leaves a zero vector zero", () => {
    expect(Array.from(new Int8Array(packVector([0.5, -0.2, 0.1]).buffer))).toEqual([127, -51, 25]);
    expect(Array.from(packVector([0, 0]))).toEqual([0, 0]);
  });

  it("still reads a vector stored as little-endian Float32, as entries were first stored", () => {
    const float32 = new Uint8Array(new Float32Array(vector).buffer);
    expect(Array.from(unpackVector(float32)!)).toEqual(Array.from(Float32Array.from(vector)));
    const hex = Array.from(float32, (b) => b.toString(16).padStart(2, "0")).join("");
    expect(Array.from(vectorFromHex(hex)!)).toEqual(Array.from(Float32Array.from(vector)));
  });

  it("treats a blob of the wrong size as no embedding", () => {
    expect(unpackVector(new Uint8Array(100))).toBeNull();
    expect(unpackVector(null)).toBeNull();
  });

});
