import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../src/platform/cursor";
import { toBase64Url } from "../../src/platform/base64url";

const raw = (value: unknown) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));

describe("page cursors", () => {
  it("give back the key they were made from, URL-safe", () => {
    const cursor = encodeCursor([1_796_121_327_507, "5511999990001@s.whatsapp.net"]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, ["number", "string"] as const)).toEqual([1_796_121_327_507, "5511999990001@s.whatsapp.net"]);
    expect(decodeCursor(encodeCursor([5, 7]), ["number", "number"] as const)).toEqual([5, 7]);
  });

  it("refuse anything not of the expected shape", () => {
    const shape = ["number", "string"] as const;
    for (const bad of ["", "!!!", "bm9wZQ", raw([1]), raw([1, "a", 2]), raw(["1", "a"]), raw([1.5, "a"]), raw([2 ** 53, "a"]), raw([1, 2]), raw({ 0: 1, 1: "a" }), raw(null)]) {
      expect(decodeCursor(bad, shape), bad).toBeNull();
    }
  });
});
