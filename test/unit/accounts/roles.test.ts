import { describe, expect, it } from "vitest";
import { capabilities, isTenantRole, mayUse, type Capability } from "../../../src/domain/roles";

const allowed = (role: "owner" | "agent" | "platform") => capabilities.filter((c) => mayUse(role, c));

describe("owner", () => {
  it("runs everything of the tenant", () => {
    expect(allowed("owner")).toEqual(capabilities.filter((c) => c !== "admin"));
  });

  it("never reaches the operator's API", () => {
    expect(mayUse("owner", "admin")).toBe(false);
  });
});

describe("agent", () => {
  it("attends conversations and may see the bot's settings", () => {
    expect(allowed("agent").sort()).toEqual(
      (["conversations.read", "conversations.mark_read", "conversations.takeover", "settings.read"] as Capability[]).sort(),
    );
  });

  it("is refused on settings changes, users, knowledge, WhatsApp, usage, audit and the sandbox", () => {
    for (const c of ["settings.write", "users.read", "users.write", "knowledge.read", "knowledge.write", "whatsapp.read", "whatsapp.connect", "usage.read", "audit.read", "sandbox.use", "admin"] as const) {
      expect(mayUse("agent", c), c).toBe(false);
    }
  });
});

describe("platform", () => {
  it("reads any tenant's panel", () => {
    for (const c of ["conversations.read", "settings.read", "knowledge.read", "users.read", "whatsapp.read", "usage.read", "audit.read"] as const) {
      expect(mayUse("platform", c), c).toBe(true);
    }
  });

  it("changes nothing in it except by taking a conversation over", () => {
    expect(mayUse("platform", "conversations.takeover")).toBe(true);
    for (const c of ["conversations.mark_read", "settings.write", "knowledge.write", "users.write", "whatsapp.connect", "sandbox.use"] as const) {
      expect(mayUse("platform", c), c).toBe(false);
    }
  });

  it("uses the operator's API", () => {
    expect(mayUse("platform", "admin")).toBe(true);
  });

  it("belongs to no tenant, unlike owners and agents", () => {
    expect(isTenantRole("platform")).toBe(false);
    expect(isTenantRole("owner")).toBe(true);
    expect(isTenantRole("agent")).toBe(true);
  });
});
