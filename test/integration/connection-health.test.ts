import { describe, expect, it } from "vitest";
import closeLoggedOut from "../fixtures/evolution/webhook/18-connection.update-close-loggedout.json";
import open from "../fixtures/evolution/webhook/17-connection.update-open.json";
import qrcodeUpdated from "../fixtures/evolution/webhook/20-qrcode.updated.json";
import { admin, createTenant, INSTANCE_TOKEN, postWebhook } from "../helpers/app";

/** The fixture as this tenant's Evolution instance posts it: authenticated by its instance token. */
const asTenant = (fixture: object, instance: string) => ({ ...fixture, instance, apikey: INSTANCE_TOKEN });

async function closedInstances(): Promise<string[]> {
  const res = await admin("GET", "/admin/tenants?connectionState=close&limit=200");
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: { instance: string }[] }).items.map((t) => t.instance);
}

const tenantView = async (instance: string) => (await admin("GET", `/admin/tenants/${instance}`)).json() as Promise<Record<string, unknown>>;

describe("connection health", () => {
  it("a logged-out WhatsApp shows in the connectionState=close filter at once", async () => {
    const t = await createTenant();
    const healthy = await createTenant();
    await postWebhook(asTenant(open, healthy.instance));
    await postWebhook(asTenant(open, t.instance));
    expect(await closedInstances()).not.toContain(t.instance);

    const res = await postWebhook(asTenant(closeLoggedOut, t.instance));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ignored", reason: "connection_recorded" });
    const closed = await closedInstances();
    expect(closed).toContain(t.instance);
    expect(closed).not.toContain(healthy.instance);
    expect(await tenantView(t.instance)).toMatchObject({ connectionState: "close" });
  });

  it("an unauthenticated connection.update changes nothing", async () => {
    const t = await createTenant();
    const res = await postWebhook({ ...asTenant(closeLoggedOut, t.instance), apikey: "not-the-instance-token" });
    expect(res.status).toBe(401);
    expect(await closedInstances()).not.toContain(t.instance);
  });

  it("qrcode.updated records when the latest QR code arrived", async () => {
    const t = await createTenant();
    expect(await tenantView(t.instance)).toMatchObject({ qrCodeUpdatedAt: null });
    const before = Date.now();
    const res = await postWebhook(asTenant(qrcodeUpdated, t.instance));
    expect(await res.json()).toEqual({ status: "ignored", reason: "qrcode_recorded" });
    const view = await tenantView(t.instance);
    expect(view.connectionState).toBe("connecting");
    expect(Date.parse(view.qrCodeUpdatedAt as string)).toBeGreaterThanOrEqual(before);
    // The QR code itself is a credential to pair the phone: the tenant view never shows it.
    expect(JSON.stringify(view)).not.toContain((qrcodeUpdated.data.qrcode as { code: string }).code);
  });
});
