/**
 * Who may do what in a tenant's panel. The `/api` middleware asks `mayUse(role, capability)`
 * before a route runs; routes name the capability they need, never a role.
 */
export const roles = ["owner", "agent", "platform"] as const;
export type Role = (typeof roles)[number];

/** Roles a tenant's people can have; `platform` users belong to no tenant. */
export const tenantRoles = ["owner", "agent"] as const satisfies readonly Role[];
export type TenantRole = (typeof tenantRoles)[number];

export const capabilities = [
  /** List conversations, read transcripts, receive live updates. */
  "conversations.read",
  /** Clear a conversation's unread count (the attendants' own badge). */
  "conversations.mark_read",
  /** Take a conversation over, write in it as a human, hand it back to the bot. */
  "conversations.takeover",
  "settings.read",
  "settings.write",
  "knowledge.read",
  "knowledge.write",
  "users.read",
  "users.write",
  "whatsapp.read",
  "whatsapp.connect",
  "usage.read",
  "audit.read",
  /** "Testar o robô": runs the real pipeline on a sandbox contact. */
  "sandbox.use",
  /** The operator's API (`/admin/*`) through a session instead of the bearer token. */
  "admin",
] as const;
export type Capability = (typeof capabilities)[number];

const readOnly: readonly Capability[] = [
  "conversations.read",
  "settings.read",
  "knowledge.read",
  "users.read",
  "whatsapp.read",
  "usage.read",
  "audit.read",
];

/**
 * An agent attends conversations and may see the bot's settings it answers with; the owner
 * runs everything of the tenant; the operator sees any tenant's panel without changing it,
 * except that it may take a conversation over to help a customer (and, through `/admin`,
 * everything the operator's API does).
 */
const permissions: Record<Role, ReadonlySet<Capability>> = {
  owner: new Set(capabilities.filter((c) => c !== "admin")),
  agent: new Set(["conversations.read", "conversations.mark_read", "conversations.takeover", "settings.read"]),
  platform: new Set([...readOnly, "conversations.takeover", "admin"]),
};

/** True when a user with `role` may use `capability`. */
export function mayUse(role: Role, capability: Capability): boolean {
  return permissions[role].has(capability);
}

/** True for the roles that belong to one tenant (a user with one always has a tenant id). */
export function isTenantRole(role: Role): role is TenantRole {
  return (tenantRoles as readonly Role[]).includes(role);
}
