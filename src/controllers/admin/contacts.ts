import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import * as contacts from "../../services/tenants/contacts";
import { maskJid } from "../../platform/log";
import { commonErrors, cursorQuery, instanceParam, json, notFound, adminSecurity as security } from "./responses";
import type { AppEnv } from "../middleware/context";

const contactDeps = (c: { var: AppEnv["Variables"]; env: Env }): contacts.ContactDeps => ({
  db: c.var.db,
  conversations: c.env.CONVERSATIONS,
});

const contactParams = instanceParam.extend({
  contact: contacts.contactJidSchema.openapi({
    param: { name: "contact", in: "path" },
    description: "The contact's WhatsApp id as stored, URL-encoded",
    example: "5511999990001@s.whatsapp.net",
  }),
});

const contactViewSchema = z
  .object({
    jid: z.string(),
    name: z.string().nullable(),
    lastMessageAt: z.string().nullable(),
    pausedUntil: z.string().nullable().openapi({ description: "Null when the bot is not paused for this contact" }),
  })
  .openapi("Contact");

const transcriptEntrySchema = z
  .object({
    id: z.string(),
    direction: z.enum(["in", "out", "human"]),
    kind: z.string(),
    text: z.string().nullable(),
    at: z.string(),
  })
  .openapi("TranscriptMessage");

const listContactsRoute = createRoute({
  method: "get",
  path: "/admin/tenants/{instance}/contacts",
  security,
  request: { params: instanceParam, query: z.object(cursorQuery) },
  responses: {
    200: json(z.object({ items: z.array(contactViewSchema), nextCursor: z.string().nullable() }), "A page of contacts, most recent first"),
    ...commonErrors,
    ...notFound,
  },
});

const transcriptRoute = createRoute({
  method: "get",
  path: "/admin/tenants/{instance}/contacts/{contact}/messages",
  security,
  request: {
    params: contactParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  },
  responses: {
    200: json(z.object({ items: z.array(transcriptEntrySchema) }), "The last `limit` messages, oldest first"),
    ...commonErrors,
    ...notFound,
  },
});

const pauseRoute = createRoute({
  method: "post",
  path: "/admin/tenants/{instance}/contacts/{contact}/pause",
  security,
  request: {
    params: contactParams,
    body: { content: { "application/json": { schema: contacts.pauseSchema } }, required: true },
  },
  responses: { 200: json(z.object({ pausedUntil: z.string() }), "Paused"), ...commonErrors, ...notFound },
});

const resumeRoute = createRoute({
  method: "post",
  path: "/admin/tenants/{instance}/contacts/{contact}/resume",
  security,
  request: { params: contactParams },
  responses: { 200: json(z.object({ pausedUntil: z.null() }), "The bot answers again"), ...commonErrors, ...notFound },
});

const eraseRoute = createRoute({
  method: "delete",
  path: "/admin/tenants/{instance}/contacts/{contact}",
  security,
  request: { params: contactParams },
  responses: { 204: { description: "The contact's messages and state are erased" }, ...commonErrors, ...notFound },
});

export function registerContactRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(listContactsRoute, async (c) => {
    const q = c.req.valid("query");
    const page = await contacts.listContacts(contactDeps(c), c.req.valid("param").instance, {
      limit: q.limit,
      cursor: q.cursor ?? null,
    });
    if (page === "invalid_cursor") {
      return c.json({ error: "invalid_request" as const, details: [{ path: "cursor", message: "unknown cursor" }] }, 400);
    }
    if (!page) return c.json({ error: "not_found" }, 404);
    return c.json(page, 200);
  });

  app.openapi(transcriptRoute, async (c) => {
    const { instance, contact } = c.req.valid("param");
    const transcript = await contacts.getTranscript(contactDeps(c), instance, contact, c.req.valid("query").limit);
    if (!transcript) return c.json({ error: "not_found" }, 404);
    return c.json(transcript, 200);
  });

  app.openapi(pauseRoute, async (c) => {
    const { instance, contact } = c.req.valid("param");
    const paused = await contacts.pauseContact(contactDeps(c), instance, contact, c.req.valid("json").minutes);
    if (!paused) return c.json({ error: "not_found" }, 404);
    return c.json(paused, 200);
  });

  app.openapi(resumeRoute, async (c) => {
    const { instance, contact } = c.req.valid("param");
    const resumed = await contacts.resumeContact(contactDeps(c), instance, contact);
    if (!resumed) return c.json({ error: "not_found" }, 404);
    return c.json(resumed, 200);
  });

  app.openapi(eraseRoute, async (c) => {
    const { instance, contact } = c.req.valid("param");
    if (!(await contacts.eraseContact(contactDeps(c), instance, contact))) return c.json({ error: "not_found" }, 404);
    c.var.log.info("contact erased", { instance, contact: maskJid(contact) });
    return c.body(null, 204);
  });
}
