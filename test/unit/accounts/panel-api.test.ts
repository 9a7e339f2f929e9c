import { describe, expect, it } from "vitest";
import {
  codeVerifyRequestSchema,
  conversationsQuerySchema,
  inviteAcceptRequestSchema,
  inviteRequestSchema,
  loginRequestSchema,
  meResponseSchema,
  platformInviteRequestSchema,
  settingsPatchSchema,
  takeoverRequestSchema,
} from "../../../src/domain/panel-api";

describe("settings patch", () => {
  it("keeps only what it names: no default fills the keys left out", () => {
    expect(settingsPatchSchema.parse({ handoff: { message: "Já chamo alguém!" } })).toEqual({
      handoff: { message: "Já chamo alguém!" },
    });
    expect(settingsPatchSchema.parse({ businessHours: { awayMessage: "Voltamos às 7h." } })).toEqual({
      businessHours: { awayMessage: "Voltamos às 7h." },
    });
    expect(settingsPatchSchema.parse({})).toEqual({});
  });

  it("refuses the keys that stay the operator's: quotas, model, timing", () => {
    for (const body of [{ monthlyAiReplies: null }, { dailyAiCalls: 999999 }, { model: "gemini-2.5-pro" }, { debounceMs: 0 }]) {
      const result = settingsPatchSchema.safeParse(body);
      expect(result.success, JSON.stringify(body)).toBe(false);
    }
  });

  it("checks the values it names", () => {
    expect(settingsPatchSchema.safeParse({ handoff: { pauseMinutes: 0 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ quickReplies: [{ keywords: [], reply: "x" }] }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ businessHours: null }).success).toBe(true);
  });
});

describe("sign-in bodies", () => {
  it("wants a login and a password, nothing else", () => {
    expect(loginRequestSchema.safeParse({ login: "dono@padaria.com", password: "x" }).success).toBe(true);
    expect(loginRequestSchema.safeParse({ login: "dono@padaria.com" }).success).toBe(false);
    expect(loginRequestSchema.safeParse({ login: "a", password: "x", role: "platform" }).success).toBe(false);
  });

  it("wants a six-digit code", () => {
    expect(codeVerifyRequestSchema.safeParse({ phone: "11999990001", code: "012345" }).success).toBe(true);
    for (const code of ["12345", "1234567", "12345a", ""]) {
      expect(codeVerifyRequestSchema.safeParse({ phone: "11999990001", code }).success, code).toBe(false);
    }
  });

  it("wants a password of at least 8 characters when accepting an invite", () => {
    expect(inviteAcceptRequestSchema.safeParse({ token: "t".repeat(43), password: "1234567" }).success).toBe(false);
    expect(inviteAcceptRequestSchema.safeParse({ token: "t".repeat(43), password: "12345678", name: "Ana" }).success).toBe(true);
  });
});

describe("invites", () => {
  it("need exactly one of phone or e-mail", () => {
    expect(inviteRequestSchema.safeParse({ role: "agent", name: "Ana", phone: "11999990001" }).success).toBe(true);
    expect(inviteRequestSchema.safeParse({ role: "agent", name: "Ana", email: "ana@padaria.com" }).success).toBe(true);
    expect(inviteRequestSchema.safeParse({ role: "agent", name: "Ana" }).success).toBe(false);
    expect(inviteRequestSchema.safeParse({ role: "agent", name: "Ana", phone: "11999990001", email: "ana@padaria.com" }).success).toBe(false);
    expect(platformInviteRequestSchema.safeParse({ name: "Operador", email: "op@atenbot.com" }).success).toBe(true);
  });

  it("give tenant roles only: nobody is invited as the operator into a tenant", () => {
    expect(inviteRequestSchema.safeParse({ role: "platform", name: "Eve", phone: "11999990001" }).success).toBe(false);
  });
});

describe("conversation queries", () => {
  it("default to every status and a bounded page", () => {
    expect(conversationsQuerySchema.parse({})).toEqual({ status: "all", limit: 30 });
    expect(conversationsQuerySchema.safeParse({ status: "closed" }).success).toBe(false);
    expect(conversationsQuerySchema.safeParse({ limit: "1000" }).success).toBe(false);
  });

  it("take over with the tenant's default pause when no minutes are given", () => {
    expect(takeoverRequestSchema.parse({})).toEqual({});
    expect(takeoverRequestSchema.safeParse({ autoResumeMinutes: 0 }).success).toBe(false);
  });
});

describe("me", () => {
  it("describes an operator without a tenant and an owner with one", () => {
    const user = { id: "u1", name: "Ana", role: "owner", login: "5511999990001" };
    expect(meResponseSchema.safeParse({ user, tenant: { instance: "padaria", name: "Padaria", connectionState: "open" } }).success).toBe(true);
    expect(meResponseSchema.safeParse({ user: { ...user, role: "platform" }, tenant: null }).success).toBe(true);
    expect(meResponseSchema.safeParse({ user: { ...user, role: "admin" }, tenant: null }).success).toBe(false);
  });
});
