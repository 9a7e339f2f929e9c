import { describe, expect, it } from "vitest";
import { timingSafeEqual } from "../../../src/platform/crypto";

describe("timingSafeEqual", () => {
  it("accepts only the same string", () => {
    const token = "a3f1c9e0b7d24f6a8e1b0c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5";
    expect(timingSafeEqual(token, token.slice())).toBe(true);
    expect(timingSafeEqual(token, `${token.slice(0, -1)}6`)).toBe(false);
    expect(timingSafeEqual(token, `b${token.slice(1)}`)).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
  });

  it("refuses a prefix, an extension and an empty string", () => {
    expect(timingSafeEqual("segredo", "segred")).toBe(false);
    expect(timingSafeEqual("segred", "segredo")).toBe(false);
    expect(timingSafeEqual("segredo", "")).toBe(false);
    expect(timingSafeEqual("", "segredo")).toBe(false);
    // A NUL past the end must not pass for "nothing there".
    expect(timingSafeEqual("ab\u0000", "ab")).toBe(false);
  });

  it("compares every UTF-16 unit, accents and emoji included", () => {
    expect(timingSafeEqual("pão de queijo 🧀", "pão de queijo 🧀")).toBe(true);
    expect(timingSafeEqual("pão de queijo 🧀", "pao de queijo 🧀")).toBe(false);
    expect(timingSafeEqual("🧀", "🧁")).toBe(false);
  });
});
