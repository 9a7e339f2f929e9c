import { describe, expect, it } from "vitest";
import { BACKOFF_MAX_MS, LONG_GAP_MS, backoffDelay, onSocketClosed, resyncPlan } from "../../../web/src/logic/reconnect";

describe("reconnect backoff", () => {
  it("doubles from half a second, with jitter in the upper half", () => {
    expect(backoffDelay(0, 0)).toBe(250);
    expect(backoffDelay(0, 0.999)).toBeLessThanOrEqual(500);
    expect(backoffDelay(1, 0)).toBe(500);
    expect(backoffDelay(3, 0.5)).toBe(3000);
  });

  it("never waits more than the ceiling", () => {
    expect(backoffDelay(50, 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
    expect(backoffDelay(50, 0)).toBe(BACKOFF_MAX_MS / 2);
  });
});

describe("when the socket closes", () => {
  it("a close the panel asked for stays closed", () => {
    expect(onSocketClosed({ code: 1000, closedByUs: true, failures: 0, random: 0 })).toEqual({ action: "stop" });
  });

  it("a dropped connection is retried with backoff", () => {
    expect(onSocketClosed({ code: 1006, closedByUs: false, failures: 0, random: 0 })).toEqual({ action: "retry", delayMs: 250 });
    expect(onSocketClosed({ code: 1006, closedByUs: false, failures: 2, random: 0 })).toEqual({ action: "retry", delayMs: 1000 });
  });

  it("repeated failures check the session before going on", () => {
    expect(onSocketClosed({ code: 1006, closedByUs: false, failures: 3, random: 0 })).toEqual({ action: "verify-session", delayMs: 2000 });
  });

  it("a refused session is checked at once", () => {
    expect(onSocketClosed({ code: 4401, closedByUs: false, failures: 0, random: 0.5 })).toEqual({ action: "verify-session", delayMs: 0 });
  });
});

describe("what to fetch again when the socket opens", () => {
  const watching = { conversations: true, whatsapp: false, sandbox: false };

  it("refetches the list and the open transcript", () => {
    expect(resyncPlan({ reconnect: true, gapMs: 4000, openContact: "x", watching })).toEqual({
      conversations: true,
      transcript: "x",
      whatsapp: false,
      sandbox: false,
      me: false,
    });
  });

  it("only what is on screen", () => {
    const plan = resyncPlan({ reconnect: true, gapMs: 100, openContact: null, watching: { conversations: false, whatsapp: true, sandbox: true } });
    expect(plan).toMatchObject({ conversations: false, transcript: null, whatsapp: true, sandbox: true });
  });

  it("after a long gap also the account and connection", () => {
    expect(resyncPlan({ reconnect: true, gapMs: LONG_GAP_MS, openContact: null, watching }).me).toBe(true);
    expect(resyncPlan({ reconnect: false, gapMs: 0, openContact: null, watching }).me).toBe(false);
  });
});
