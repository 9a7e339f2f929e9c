/** The few admin API calls the local tools make (`Authorization: Bearer <ADMIN_TOKEN>`). */

export interface TenantInput {
  instance: string;
  name: string;
  enabled?: boolean;
  evolution: { url: string; apiKey: string };
  bot: Record<string, unknown>;
}

export class AdminError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = "AdminError";
    this.status = status;
  }
}

export function adminClient(baseUrl: string, token: string) {
  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  }
  async function expectStatus(res: Response, ok: number[], what: string): Promise<unknown> {
    const text = await res.text();
    if (!ok.includes(res.status)) {
      const hint = res.status === 401 ? " (ADMIN_TOKEN does not match the running worker's)" : "";
      throw new AdminError(`${what}: HTTP ${res.status}${hint} ${text.slice(0, 500)}`, res.status);
    }
    return text ? JSON.parse(text) : null;
  }

  return {
    /**
     * Creates the tenant, or brings an existing one up to `input` (idempotent).
     * Returns "created" or "updated".
     */
    async upsertTenant(input: TenantInput): Promise<"created" | "updated"> {
      const path = `/admin/tenants/${encodeURIComponent(input.instance)}`;
      const existing = await call("GET", path);
      if (existing.status === 404) {
        const created = await call("POST", "/admin/tenants", input);
        if (created.status !== 409) {
          await expectStatus(created, [201], `creating tenant ${input.instance}`);
          return "created";
        }
      } else {
        await expectStatus(existing, [200], `reading tenant ${input.instance}`);
      }
      const { instance: _instance, ...patch } = input;
      await expectStatus(await call("PATCH", path, patch), [200], `updating tenant ${input.instance}`);
      return "updated";
    },

    /**
     * Invites a person to the tenant; the link's token, or null when someone already signs in
     * with that phone or e-mail (409).
     */
    async invite(instance: string, person: { role: "owner" | "agent"; name: string; phone: string }): Promise<string | null> {
      const res = await call("POST", `/admin/tenants/${encodeURIComponent(instance)}/invites`, person);
      if (res.status === 409) return null;
      const { inviteUrl } = (await expectStatus(res, [201], `inviting ${person.name}`)) as { inviteUrl: string };
      return new URL(inviteUrl).pathname.split("/").pop()!;
    },
  };
}
