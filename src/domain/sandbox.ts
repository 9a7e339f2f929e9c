/**
 * "Testar o robô": each panel user talks to their tenant's bot as a customer on a contact of
 * their own. The contact's JID is on a domain WhatsApp never uses, so it can never collide with a
 * real number, and every layer can tell it apart: no reply to it leaves for WhatsApp, it is not
 * listed among the tenant's conversations, and its live events go to its user only.
 */
export const SANDBOX_JID_DOMAIN = "sandbox.atenbot";

const suffix = `@${SANDBOX_JID_DOMAIN}`;

/** The sandbox contact of a panel user. */
export function sandboxContact(userId: string): string {
  return `${userId}${suffix}`;
}

export function isSandboxContact(jid: string | null): boolean {
  return jid !== null && jid.endsWith(suffix);
}

/** The panel user a sandbox contact belongs to; null for a real contact. */
export function sandboxUserOf(jid: string | null): string | null {
  return jid !== null && isSandboxContact(jid) ? jid.slice(0, -suffix.length) : null;
}
