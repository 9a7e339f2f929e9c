import { describe, expect, it } from "vitest";
import {
  changesState,
  isSessionExpired,
  newSessionTimes,
  originAllowed,
  SESSION_COOKIE,
  sessionCookieOptions,
  slideSession,
} from "../../../src/services/accounts/session-policy";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

describe("session lifetime", () => {
  it("lasts 30 days from sign-in", () => {
    const s = newSessionTimes(T0);
    expect(s.expiresAt - T0).toBe(30 * DAY);
    expect(isSessionExpired(s, T0 + 30 * DAY - 1)).toBe(false);
    expect(isSessionExpired(s, T0 + 30 * DAY)).toBe(true);
  });

  it("is not written back on every request: within an hour of the last write nothing changes", () => {
    const s = newSessionTimes(T0);
    expect(slideSession(s, T0 + 1000)).toBeNull();
    expect(slideSession(s, T0 + HOUR - 1)).toBeNull();
  });

  it("slides to 30 days from now once an hour has passed since the last write", () => {
    const s = newSessionTimes(T0);
    expect(slideSession(s, T0 + HOUR)).toEqual({ expiresAt: T0 + HOUR + 30 * DAY, lastUsedAt: T0 + HOUR });
  });

  it("keeps a session used every few days alive past its first 30 days", () => {
    let s = newSessionTimes(T0);
    for (let day = 5; day <= 60; day += 5) {
      const now = T0 + day * DAY;
      expect(isSessionExpired(s, now)).toBe(false);
      s = slideSession(s, now) ?? s;
    }
    expect(s.expiresAt).toBe(T0 + 90 * DAY);
  });

  it("never revives an expired session", () => {
    const s = newSessionTimes(T0);
    expect(slideSession(s, T0 + 31 * DAY)).toBeNull();
  });
});

describe("session cookie", () => {
  it("is atenbot_session, HttpOnly, SameSite=Lax, Path=/ and Secure on the public site", () => {
    expect(SESSION_COOKIE).toBe("atenbot_session");
    expect(sessionCookieOptions(new URL("https://painel.atenbot.com.br/api/auth/login"))).toEqual({
      httpOnly: true,
      sameSite: "Lax",
      path: "/",
      secure: true,
      maxAge: 30 * 86_400,
    });
  });

  it("drops Secure only on plain-HTTP loopback", () => {
    const secure = (url: string) => sessionCookieOptions(new URL(url)).secure;
    expect(secure("http://127.0.0.1:8787/api/auth/login")).toBe(false);
    expect(secure("http://localhost:8787/api/auth/login")).toBe(false);
    expect(secure("http://[::1]:8787/api/auth/login")).toBe(false);
    expect(secure("https://127.0.0.1:8787/api/auth/login")).toBe(true);
    expect(secure("http://atenbot.example.com/api/auth/login")).toBe(true);
    expect(secure("http://127.0.0.1.example.com/api/auth/login")).toBe(true);
  });
});

describe("origin rule", () => {
  const publicUrl = "https://atenbot.test/painel";
  const prod = new URL("https://atenbot.test/api/settings");
  const local = new URL("http://127.0.0.1:8787/api/settings");

  it("accepts PUBLIC_URL's origin, whatever path PUBLIC_URL has", () => {
    expect(originAllowed("https://atenbot.test", publicUrl, prod)).toBe(true);
  });

  it("refuses other sites, other schemes and ports, a null origin and a missing one", () => {
    expect(originAllowed("https://evil.example", publicUrl, prod)).toBe(false);
    expect(originAllowed("http://atenbot.test", publicUrl, prod)).toBe(false);
    expect(originAllowed("https://atenbot.test:8443", publicUrl, prod)).toBe(false);
    expect(originAllowed("https://atenbot.test.evil.example", publicUrl, prod)).toBe(false);
    expect(originAllowed("null", publicUrl, prod)).toBe(false);
    expect(originAllowed(null, publicUrl, prod)).toBe(false);
    expect(originAllowed(undefined, publicUrl, prod)).toBe(false);
  });

  it("accepts the worker's own loopback origin on a local run, with or without PUBLIC_URL", () => {
    expect(originAllowed("http://127.0.0.1:8787", null, local)).toBe(true);
    expect(originAllowed("http://127.0.0.1:8787", publicUrl, local)).toBe(true);
    expect(originAllowed("http://localhost:8787", null, local)).toBe(false);
    expect(originAllowed("http://127.0.0.1:9999", null, local)).toBe(false);
  });

  it("does not trust the request's own origin outside loopback", () => {
    expect(originAllowed("https://atenbot.test", null, prod)).toBe(false);
  });

  it("applies to every method but GET, HEAD and OPTIONS", () => {
    for (const m of ["POST", "PATCH", "PUT", "DELETE", "post"]) expect(changesState(m)).toBe(true);
    for (const m of ["GET", "HEAD", "OPTIONS"]) expect(changesState(m)).toBe(false);
  });
});
