import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, PBKDF2_ITERATIONS, verifyNoPassword, verifyPassword } from "../../../src/services/accounts/password";

describe("hashPassword and verifyPassword", () => {
  it("accepts the password that was hashed and refuses any other", async () => {
    const stored = await hashPassword("pão de queijo 123");
    expect(await verifyPassword("pão de queijo 123", stored)).toBe(true);
    expect(await verifyPassword("pão de queijo 124", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("stores a versioned string with the algorithm, 100,000 iterations, a 16-byte salt and a 32-byte hash", async () => {
    const stored = await hashPassword("segredo-da-padaria");
    const [algorithm, iterations, salt, hash] = stored.split("$");
    expect(algorithm).toBe("pbkdf2-sha256");
    expect(Number(iterations)).toBe(100_000);
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(atob(salt!)).toHaveLength(16);
    expect(atob(hash!)).toHaveLength(32);
    expect(stored).not.toContain("segredo");
  });

  it("salts every hash afresh, so equal passwords do not give equal rows", async () => {
    const a = await hashPassword("mesma senha");
    const b = await hashPassword("mesma senha");
    expect(a).not.toBe(b);
    expect(a.split("$")[2]).not.toBe(b.split("$")[2]);
    expect(await verifyPassword("mesma senha", a)).toBe(true);
    expect(await verifyPassword("mesma senha", b)).toBe(true);
  });

  it("matches the same accented password whether its accents are composed or decomposed", async () => {
    const stored = await hashPassword("cora\u00e7\u00e3o");
    expect(await verifyPassword("corac\u0327a\u0303o", stored)).toBe(true);
  });

  it("never matches a stored value in an unknown or damaged format", async () => {
    const stored = await hashPassword("senha forte");
    const [, iterations, salt, hash] = stored.split("$");
    for (const bad of [
      `bcrypt$${iterations}$${salt}$${hash}`,
      `pbkdf2-sha256$200000$${salt}$${hash}`,
      `pbkdf2-sha256$${iterations}$${salt}`,
      `pbkdf2-sha256$${iterations}$!!!$${hash}`,
      "",
    ]) {
      expect(await verifyPassword("senha forte", bad)).toBe(false);
    }
  });

  it("checks older parameters still, and marks them for rehashing", async () => {
    const current = await hashPassword("senha antiga");
    expect(needsRehash(current)).toBe(false);
    // The same password derived with 1,000 iterations, as an earlier release might have stored it.
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("senha antiga"), "PBKDF2", false, ["deriveBits"]);
    const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 1000 }, key, 256));
    const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
    const older = `pbkdf2-sha256$1000$${b64(salt)}$${b64(bits)}`;
    expect(await verifyPassword("senha antiga", older)).toBe(true);
    expect(needsRehash(older)).toBe(true);
    expect(needsRehash("bcrypt$whatever")).toBe(true);
  });
});

describe("verifyNoPassword", () => {
  it("refuses every password for a login that has none", async () => {
    expect(await verifyNoPassword("qualquer coisa")).toBe(false);
    expect(await verifyNoPassword("")).toBe(false);
  });
});
