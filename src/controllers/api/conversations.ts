import { Hono, type Context } from "hono";
import { z } from "zod";
import { contactJidSchema } from "../../domain/api/contacts";
import { conversationsQuerySchema, sendMessageRequestSchema, takeoverRequestSchema, transcriptQuerySchema } from "../../domain/panel-api";
import { isSandboxContact } from "../../domain/sandbox";
import { maskJid } from "../../platform/log";
import { actorOf } from "../../services/accounts/sessions";
import * as conversations from "../../services/tenants/conversations";
import { requires, tenantOf } from "../middleware/role";
import type { ApiEnv } from "../middleware/session";
import { jsonBody, params, query } from "./validate";

const contactParam = params(z.object({ contact: contactJidSchema }));

const deps = (c: Context<ApiEnv>): conversations.ConversationDeps => ({ db: c.var.db, conversations: c.env.CONVERSATIONS });
const notFound = (c: Context<ApiEnv>) => c.json({ error: "not_found" }, 404);
const badCursor = (c: Context<ApiEnv>, path: string) =>
  c.json({ error: "invalid_request", details: [{ path, message: "unknown cursor" }] }, 400);

/** `/api/conversations…`: the list, transcripts, and taking a conversation over and back. */
export const conversationRoutes = new Hono<ApiEnv>()
  // A test chat of "Testar o robô" belongs to its user alone, through the sandbox routes: no
  // conversation route may read or write it, whoever knows its id.
  .use("/:contact/*", async (c, next) => (isSandboxContact(c.req.param("contact") ?? null) ? notFound(c) : next()))
  .get("/", requires("conversations.read"), query(conversationsQuerySchema), async (c) => {
    const page = await conversations.listConversations(deps(c), tenantOf(c), c.req.valid("query"));
    return page === "invalid_cursor" ? badCursor(c, "cursor") : c.json(page, 200);
  })
  .get("/:contact/messages", requires("conversations.read"), contactParam, query(transcriptQuerySchema), async (c) => {
    const page = await conversations.transcriptPage(deps(c), tenantOf(c), c.req.valid("param").contact, c.req.valid("query"));
    if (page === "invalid_cursor") return badCursor(c, "before");
    return page ? c.json(page, 200) : notFound(c);
  })
  .post("/:contact/takeover", requires("conversations.takeover"), contactParam, jsonBody(takeoverRequestSchema), async (c) => {
    const { contact } = c.req.valid("param");
    const taken = await conversations.takeOver(deps(c), tenantOf(c), contact, actorOf(c.var.signedIn.user), c.req.valid("json").autoResumeMinutes);
    return taken ? c.json(taken, 200) : notFound(c);
  })
  .post("/:contact/messages", requires("conversations.takeover"), contactParam, jsonBody(sendMessageRequestSchema), async (c) => {
    const { contact } = c.req.valid("param");
    const sent = await conversations.writeAsHuman(deps(c), tenantOf(c), contact, c.var.signedIn.user, c.req.valid("json").text);
    if (!sent) return notFound(c);
    if (!sent.ok) {
      c.var.log.warn("panel message not sent", { contact: maskJid(contact), reason: sent.reason });
      return c.json({ error: "evolution_unreachable" }, 502);
    }
    return c.json({ id: sent.id }, 202);
  })
  .post("/:contact/release", requires("conversations.takeover"), contactParam, async (c) => {
    const released = await conversations.handBack(deps(c), tenantOf(c), c.req.valid("param").contact, actorOf(c.var.signedIn.user));
    return released ? c.json({ status: "bot" as const }, 200) : notFound(c);
  })
  .post("/:contact/read", requires("conversations.mark_read"), contactParam, async (c) => {
    const done = await conversations.markRead(deps(c), tenantOf(c), c.req.valid("param").contact);
    return done ? c.body(null, 204) : notFound(c);
  });
