import { createRoute, z } from "@hono/zod-openapi";
import * as provisioning from "../../services/tenants/provisioning";
import type { AppEnv } from "../middleware/context";
import { adminRouter, commonErrors, instanceParam, json, notFound, adminSecurity as security } from "./responses";
import { tenantView } from "./tenants";

const provisionDeps = (c: { var: AppEnv["Variables"] }): provisioning.ProvisionDeps => ({
  db: c.var.db,
  secretsKey: c.var.config.SECRETS_KEY,
  defaultEvolutionUrl: c.var.config.EVOLUTION_URL,
  evolutionApiKey: c.var.config.EVOLUTION_API_KEY,
  publicUrl: c.var.config.PUBLIC_URL,
});

const qrCodeSchema = z
  .object({
    code: z.string().openapi({ description: "The raw QR string" }),
    base64: z.string().openapi({ description: "PNG as a data URL (`data:image/png;base64,…`)" }),
  })
  .openapi("QrCode");

/** `detail` names the cause (or the missing setting), never a key or Evolution's own text. */
const detailedError = z.object({ error: z.string(), detail: z.string().optional() }).openapi("DetailedError");

const evolutionFailed = {
  502: json(
    detailedError.extend({ error: z.enum(["evolution_unreachable", "evolution_rejected"]), detail: z.string() }),
    "Evolution could not be reached or refused the call",
  ),
};

const provisionRoute = createRoute({
  method: "post",
  path: "/{instance}/provision",
  security,
  request: { params: instanceParam },
  responses: {
    201: json(
      z.object({ qrcode: qrCodeSchema.nullable(), tenant: tenantView }),
      "Instance created with its webhook and its token stored; qrcode is null when Evolution had none ready yet (use /qr)",
    ),
    ...commonErrors,
    ...notFound,
    409: json(detailedError, "`not_configured`: EVOLUTION_API_KEY, an Evolution URL or PUBLIC_URL is missing"),
    ...evolutionFailed,
  },
});

const qrRoute = createRoute({
  method: "get",
  path: "/{instance}/qr",
  security,
  request: { params: instanceParam },
  responses: {
    200: json(qrCodeSchema, "A fresh QR code to scan"),
    ...commonErrors,
    ...notFound,
    409: json(detailedError, "`already_connected`, or `not_configured` (no Evolution URL, or no token nor global key)"),
    ...evolutionFailed,
  },
});

const rotateSecretRoute = createRoute({
  method: "post",
  path: "/{instance}/webhook-secret",
  security,
  request: { params: instanceParam },
  responses: {
    200: json(
      z.object({
        webhookSecret: z.string(),
        evolutionWebhook: z.enum(["updated", "not_provisioned", "failed"]),
        detail: z.string().optional(),
      }),
      "The new secret, shown once. Evolution's webhook is re-pointed when AtenBot holds the instance token; the old secret stays valid for 24 hours either way",
    ),
    ...commonErrors,
    ...notFound,
  },
});

/** The body of a refusal: its code and a detail naming the cause, never a key or Evolution's text. */
const failureBody = <E extends string>(f: { error: E; detail: string }) => ({ error: f.error, detail: f.detail });

/** `/admin/tenants/{instance}/…`: onboarding on Evolution (provision, QR) and the webhook secret. */
export const provisionRoutes = adminRouter()
  .openapi(rotateSecretRoute, async (c) => {
    const { instance } = c.req.valid("param");
    const result = await provisioning.rotateSecret(provisionDeps(c), instance);
    if (!result.ok) return c.json({ error: "not_found" }, 404);
    if (result.evolutionWebhook === "failed") c.var.log.warn("webhook not re-pointed", { instance, detail: result.detail });
    return c.json(result, 200);
  })
  .openapi(provisionRoute, async (c) => {
    const { instance } = c.req.valid("param");
    const result = await provisioning.provisionTenant(provisionDeps(c), instance);
    if (result.ok) {
      c.var.log.info("instance provisioned", { tenantId: result.tenant.id, qrcode: result.qrcode !== null });
      return c.json({ qrcode: result.qrcode, tenant: result.tenant }, 201);
    }
    if (result.error === "not_found") return c.json({ error: "not_found" }, 404);
    if (result.error === "not_configured") return c.json(failureBody(result), 409);
    c.var.log.warn("provisioning failed", { instance, ...failureBody(result) });
    return c.json(failureBody(result), 502);
  })
  .openapi(qrRoute, async (c) => {
    const { instance } = c.req.valid("param");
    const result = await provisioning.freshQrCode(provisionDeps(c), instance);
    if (result.ok) return c.json(result.qrcode, 200);
    if (result.error === "not_found") return c.json({ error: "not_found" }, 404);
    if (result.error === "already_connected") return c.json({ error: "already_connected" }, 409);
    if (result.error === "not_configured") return c.json(failureBody(result), 409);
    c.var.log.warn("qr code failed", { instance, ...failureBody(result) });
    return c.json(failureBody(result), 502);
  });
