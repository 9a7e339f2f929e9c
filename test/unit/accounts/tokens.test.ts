import { describe, expect, it } from "vitest";
import { generateLoginCode, hashLoginCode, hashToken, newToken, sameDigest } from "../../../src/services/accounts/tokens";

const SECRETS_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
const OTHER_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(8)));

describe("newToken", () => {
  it("is base64url of 32 random bytes (256 bits, above the 128 required)", () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const bytes = atob(token.replaceAll("-", "+").replaceAll("_", "/") + "=");
    expect(bytes).toHaveLength(32);
  });

  it("never repeats and spreads its characters over the whole alphabet", () => {
    const tokens = Array.from({ length: 500 }, newToken);
    expect(new Set(tokens).size).toBe(500);
    const seen = new Set(tokens.join(""));
    expect(seen.size).toBe(64);
  });
});

describe("hashToken", () => {
  it("gives the SHA-256 digest: stable for a token, different for another, never the token", async () => {
    const token = newToken();
    const digest = await hashToken(token);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashToken(token)).toBe(digest);
    expect(await hashToken(newToken())).not.toBe(digest);
    expect(digest).not.toContain(token);
  });
});

describe("generateLoginCode", () => {
  it("is always six digits", () => {
    for (let i = 0; i < 1000; i++) expect(generateLoginCode()).toMatch(/^\d{6}$/);
  });

  it("keeps leading zeros", () => {
    expect(generateLoginCode(() => 42)).toBe("000042");
  });

  it("draws again instead of folding the top of the 32-bit range onto low codes", () => {
    const draws = [4_294_967_295, 4_294_000_000, 123_456];
    let calls = 0;
    expect(generateLoginCode(() => draws[calls++]!)).toBe("123456");
    expect(calls).toBe(3);
    // The last accepted value: one below the largest multiple of a million under 2^32.
    expect(generateLoginCode(() => 4_293_999_999)).toBe("999999");
  });

  it("uses every digit about equally in every position", () => {
    const n = 20_000;
    const counts = Array.from({ length: 6 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < n; i++) {
      const code = generateLoginCode();
      for (let p = 0; p < 6; p++) counts[p]![Number(code[p])]!++;
    }
    // Expected 2,000 per digit and position, standard deviation about 42: bounds at ±7σ.
    for (const position of counts) {
      for (const c of position) {
        expect(c).toBeGreaterThan(1700);
        expect(c).toBeLessThan(2300);
      }
    }
  });
});

describe("hashLoginCode", () => {
  it("is stable for the same login and code, and changes with the code, the login or the key", async () => {
    const digest = await hashLoginCode(SECRETS_KEY, "5511999990001", "123456");
    expect(await hashLoginCode(SECRETS_KEY, "5511999990001", "123456")).toBe(digest);
    expect(await hashLoginCode(SECRETS_KEY, "5511999990001", "123457")).not.toBe(digest);
    expect(await hashLoginCode(SECRETS_KEY, "5511999990002", "123456")).not.toBe(digest);
    expect(await hashLoginCode(OTHER_KEY, "5511999990001", "123456")).not.toBe(digest);
  });

  it("is not the plain SHA-256 of the code, which anyone could reverse by trying a million codes", async () => {
    const digest = await hashLoginCode(SECRETS_KEY, "5511999990001", "123456");
    const plain = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode("5511999990001\n123456")));
    expect(digest).not.toBe(btoa(String.fromCharCode(...plain)));
    expect(digest).not.toContain("123456");
  });
});

describe("sameDigest", () => {
  it("tells equal digests from different ones", async () => {
    const a = await hashToken("a");
    expect(sameDigest(a, a)).toBe(true);
    expect(sameDigest(a, await hashToken("b"))).toBe(false);
    expect(sameDigest(a, a.slice(1))).toBe(false);
  });
});
