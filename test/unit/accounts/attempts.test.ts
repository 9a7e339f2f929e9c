import { describe, expect, it } from "vitest";
import {
  attemptKey,
  codeExpiry,
  codeStatus,
  IP_FAILURE_LIMIT,
  isLocked,
  limitOf,
  LOGIN_FAILURE_LIMIT,
  mayAttempt,
  mayResendCode,
  recordFailure,
  type FailureState,
} from "../../../src/services/accounts/attempts";

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);

function fail(times: number, limit: number, start: number, stepMs = 1000, from: FailureState | null = null) {
  let state = from;
  for (let i = 0; i < times; i++) state = recordFailure(state, start + i * stepMs, limit);
  return state;
}

describe("failed sign-ins for one login", () => {
  const login = { kind: "login", login: "5511999990001" } as const;

  it("allows 4 failures within 15 minutes and locks at the 5th", () => {
    const four = fail(4, limitOf(login), T0);
    expect(isLocked(four, T0 + 4000)).toBe(false);
    expect(mayAttempt(four, null, T0 + 4000)).toBe(true);
    const five = recordFailure(four, T0 + 5000, limitOf(login));
    expect(isLocked(five, T0 + 5000)).toBe(true);
    expect(mayAttempt(five, null, T0 + 5000)).toBe(false);
  });

  it("stays locked for 15 minutes after the 5th failure, then lets the login try again", () => {
    const locked = fail(5, LOGIN_FAILURE_LIMIT, T0);
    const fifth = T0 + 4000;
    expect(isLocked(locked, fifth + 15 * MIN - 1)).toBe(true);
    expect(isLocked(locked, fifth + 15 * MIN)).toBe(false);
    // Counting starts afresh: one more failure after the lock does not lock again.
    const after = recordFailure(locked, fifth + 15 * MIN, LOGIN_FAILURE_LIMIT);
    expect(isLocked(after, fifth + 15 * MIN)).toBe(false);
  });

  it("forgets failures older than 15 minutes", () => {
    const spread = fail(4, LOGIN_FAILURE_LIMIT, T0, 4 * MIN); // at 0, 4, 8, 12 minutes
    // At 16 minutes the failure at 0 has left the window: this is the 4th recent one, not the 5th.
    const next = recordFailure(spread, T0 + 16 * MIN, LOGIN_FAILURE_LIMIT);
    expect(isLocked(next, T0 + 16 * MIN)).toBe(false);
    expect(isLocked(recordFailure(next, T0 + 16 * MIN + 1, LOGIN_FAILURE_LIMIT), T0 + 16 * MIN + 1)).toBe(true);
  });

  it("neither lengthens nor lifts a lock when more failures arrive during it", () => {
    const locked = fail(5, LOGIN_FAILURE_LIMIT, T0)!;
    const again = fail(10, LOGIN_FAILURE_LIMIT, T0 + MIN, 1000, locked);
    expect(again).toEqual(locked);
  });
});

describe("failed sign-ins from one client address", () => {
  const ip = { kind: "ip", address: "203.0.113.9" } as const;

  it("locks at 20 failures, whatever logins they were for", () => {
    expect(limitOf(ip)).toBe(IP_FAILURE_LIMIT);
    expect(IP_FAILURE_LIMIT).toBe(20);
    const nineteen = fail(19, limitOf(ip), T0);
    expect(mayAttempt(null, nineteen, T0 + 19_000)).toBe(true);
    const twenty = recordFailure(nineteen, T0 + 19_000, limitOf(ip));
    expect(mayAttempt(null, twenty, T0 + 19_000)).toBe(false);
    expect(mayAttempt(null, twenty, T0 + 19_000 + 15 * MIN)).toBe(true);
  });

  it("keeps logins and addresses apart", () => {
    expect(attemptKey(ip)).toBe("ip:203.0.113.9");
    expect(attemptKey({ kind: "login", login: "ana@example.com" })).toBe("login:ana@example.com");
  });
});

describe("sign-in codes", () => {
  it("are valid for 10 minutes", () => {
    const code = { expiresAt: codeExpiry(T0), tries: 0 };
    expect(codeStatus(code, T0 + 10 * MIN - 1)).toBe("usable");
    expect(codeStatus(code, T0 + 10 * MIN)).toBe("expired");
  });

  it("allow 5 tries", () => {
    const expiresAt = codeExpiry(T0);
    expect(codeStatus({ expiresAt, tries: 4 }, T0)).toBe("usable");
    expect(codeStatus({ expiresAt, tries: 5 }, T0)).toBe("exhausted");
  });

  it("are sent again to the same number at most once a minute", () => {
    expect(mayResendCode(null, T0)).toBe(true);
    expect(mayResendCode(T0, T0 + MIN - 1)).toBe(false);
    expect(mayResendCode(T0, T0 + MIN)).toBe(true);
  });
});
