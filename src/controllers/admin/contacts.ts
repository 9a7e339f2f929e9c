import { createRoute, z } from "@hono/zod-openapi";
import { contactJidSchema, contactViewSchema, pauseSchema, transcriptEntrySchema } from "../../domain/api/contacts";
import { maskJid } from "../../platform/log";
import * as contacts from "../../services/tenants/contacts";
import type { AppEnv } from "../middleware/context";
import { adminRouter, commonErrors, cursorQuery, instanceParam, json, jsonBody, notFound, adminSecurity as security } from "./responses";

const contactDeps = (c: { var: AppEnv["Variables"]; env: Env }): contacts.ContactDeps => ({
  db: c.var.db,
  conversations: c.env.CONVERSATIONS,
});

const contactParams = instanceParam.extend({
  contact: contactJidSchema.openapi({
    param: { name: "contact", in: "path" },
    description: "The contact's WhatsApp id as stored, URL-encoded",
    example: "5511999990001@s.whatsapp.net",
  }),
});

const contactView = contactViewSchema.openapi("Contact");
const transcriptEntry = transcriptEntrySchema.openapi("TranscriptMessage");

const listContactsRoute = createRoute({
  method: "get",
  path: "/{instance}/contacts",
  security,
  request: { params: instanceParam, query: z.object(cursorQuery) },
  responses: {
    200: json(z.object({ items: z.array(contactView), nextCursor: z.string().nullable() }), "A page of contacts, most recent first"),
    ...commonErrors,
    ...notFound,
  },
});

const transcriptRoute = createRoute({
  method: "get",
  path: "/{instance}/contacts/{contact}/messages",
  security,
  request: {
    params: contactParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  },
  responses: {
    200: json(z.object({ items: z.array(transcriptEntry) }), "The last `limit` messages, oldest first"),
    ...commonErrors,
    ...notFound,
  },
});

const pauseRoute = createRoute({
  method: "post",
  path: "/{instance}/contacts/{contact}/pause",
  security,
  request: {
    params: contactParams,
    body: jsonBody(pauseSchema),
  },
  responses: { 200: json(z.object({ pausedUntil: z.string() }), "Paused"), ...commonErrors, ...notFound },
});

const resumeRoute = createRoute({
  method: "post",
  path: "/{instance}/contacts/{contact}/resume",
  security,
  request: { params: contactParams },
  responses: { 200: json(z.object({ pausedUntil: z.null() }), "The bot answers again"), ...commonErrors, ...notFound },
});

const eraseRoute = createRoute({
  method: "delete",
  path: "/{instance}/contacts/{contact}",
  security,
  request: { params: contactParams },
  responses: { 204: { description: "The contact's messages and state are erased" }, ...commonErrors, ...notFound },
});

/** `/admin/tenants/{instance}/contacts/…`: contacts, transcripts, the operator pause, erasure. */
export const contactRoutes = adminRouter()
  .openapi(listContactsRoute, async (c) => {
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
  })
  .openapi(transcriptRoute, async (c) => {
    const { instance, contact } = c.req.valid("param");
    const transcript = await contacts.getTranscript(contactDeps(c), instance, contact, c.req.valid("query").limit);
    if (!transcript) return c.json({ error: "not_found" }, 404);
    return c.json(transcript, 200);
  })
  .openapi(pauseRoute, async (c) => {
    const { instance, contact } = c.req.valid("param");
    const paused = await contacts.pauseContact(contactDeps(c), instance, contact, c.req.valid("json").minutes);
    if (!paused) return c.json({ error: "not_found" }, 404);
    return c.json(paused, 200);
  })
  .openapi(resumeRoute, async (c) => {
    const { instance, contact } = c.req.valid("param");
    const resumed = await contacts.resumeContact(contactDeps(c), instance, contact);
    if (!resumed) return c.json({ error: "not_found" }, 404);
    return c.json(resumed, 200);
  })
  .openapi(eraseRoute, async (c) => {
    const { instance, contact } = c.req.valid("param");
    if (!(await contacts.eraseContact(contactDeps(c), instance, contact))) return c.json({ error: "not_found" }, 404);
    c.var.log.info("contact erased", { instance, contact: maskJid(contact) });
    return c.body(null, 204);
  });
