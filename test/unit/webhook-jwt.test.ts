import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { verifyWebhookJwt } from "../../src/services/evolution/webhook-jwt";

const SECRET = "webhook-secret-0123456789abcdef";
const NOW = 1_800_000_000;

describe("verifyWebhookJwt", () => {
  it("accepts Evolution's token: HS256, iat now, exp ten minutes later", async () => {
    const token = await sign({ iat: NOW, exp: NOW + 600, app: "evolution", action: "webhook" }, SECRET);
    expect(await verifyWebhookJwt(token, SECRET, NOW)).toBe(true);
  });

  it("refuses a token without exp or without iat: it would never expire", async () => {
    expect(await verifyWebhookJwt(await sign({ iat: NOW }, SECRET), SECRET, NOW)).toBe(false);
    expect(await verifyWebhookJwt(await sign({ exp: NOW + 600 }, SECRET), SECRET, NOW)).toBe(false);
  });

  it("tolerates a minute of clock skew, not more", async () => {
    const expired = await sign({ iat: NOW - 630, exp: NOW - 30 }, SECRET);
    expect(await verifyWebhookJwt(expired, SECRET, NOW)).toBe(true);
    expect(await verifyWebhookJwt(expired, SECRET, NOW + 60)).toBe(false);
    const early = await sign({ iat: NOW + 30, exp: NOW + 630 }, SECRET);
    expect(await verifyWebhookJwt(early, SECRET, NOW)).toBe(true);
    expect(await verifyWebhookJwt(early, SECRET, NOW - 60)).toBe(false);
    const notYet = await sign({ iat: NOW, exp: NOW + 600, nbf: NOW + 120 }, SECRET);
    expect(await verifyWebhookJwt(notYet, SECRET, NOW)).toBe(false);
  });

  it("refuses another secret, another algorithm and a tampered payload", async () => {
    const claims = { iat: NOW, exp: NOW + 600 };
    expect(await verifyWebhookJwt(await sign(claims, "another-secret-0123456789abcd"), SECRET, NOW)).toBe(false);
    expect(await verifyWebhookJwt(await sign(claims, SECRET, "HS512"), SECRET, NOW)).toBe(false);
    const [h, , s] = (await sign(claims, SECRET)).split(".");
    const forged = btoa(JSON.stringify({ ...claims, exp: NOW + 99_999 })).replace(/=+$/, "");
    expect(await verifyWebhookJwt(`${h}.${forged}.${s}`, SECRET, NOW)).toBe(false);
    expect(await verifyWebhookJwt("not.a.jwt", SECRET, NOW)).toBe(false);
  });

  it("item 12: refuses a token whose exp is more than ten minutes after its iat (exp in the year 3000)", async () => {
    const year3000 = Date.UTC(3000, 0, 1) / 1000;
    expect(await verifyWebhookJwt(await sign({ iat: NOW, exp: year3000 }, SECRET), SECRET, NOW)).toBe(false);
    expect(await verifyWebhookJwt(await sign({ iat: NOW, exp: NOW + 601 }, SECRET), SECRET, NOW)).toBe(false);
    expect(await verifyWebhookJwt(await sign({ iat: NOW - 3600, exp: NOW + 3600 }, SECRET), SECRET, NOW)).toBe(false);
    expect(await verifyWebhookJwt(await sign({ iat: NOW, exp: NOW + 600 }, SECRET), SECRET, NOW)).toBe(true);
  });
});
