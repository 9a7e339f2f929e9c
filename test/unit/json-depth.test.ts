import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "../../src/platform/json-depth";

describe("nestsDeeperThan", () => {
  it("counts arrays and objects together, level by level", () => {
    expect(nestsDeeperThan('{"a":[[1]]}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":[[1]]}', 2)).toBe(true);
    expect(nestsDeeperThan("[[],[],[]]", 2)).toBe(false);
    expect(nestsDeeperThan("1", 0)).toBe(false);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(nestsDeeperThan(JSON.stringify({ a: "[[[[[[" }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: 'x"[[[[\\"[[[' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: "ends in a backslash\\" , b: [[1]] }), 2)).toBe(true);
  });

  it("agrees with the structure JSON.parse builds, for any JSON value", () => {
    const depthOf = (v: unknown): number =>
      typeof v === "object" && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    const samples = [[], {}, [[[]]], { a: { b: { c: [1, "]]]"] } } }, ["\"", ["\\", ["\\\""]]], "}{"];
    for (const sample of samples) {
      const text = JSON.stringify(sample);
      const depth = depthOf(JSON.parse(text));
      expect(nestsDeeperThan(text, depth), text).toBe(false);
      if (depth > 0) expect(nestsDeeperThan(text, depth - 1), text).toBe(true);
    }
  });

  it("an unterminated string ends the scan without counting what follows", () => {
    expect(nestsDeeperThan('["abc', 0)).toBe(true);
    expect(nestsDeeperThan('"abc [[[[', 0)).toBe(false);
  });
});
