import { Hono } from "hono";
import { z } from "zod";
import { inviteRequestSchema } from "../../domain/panel-api";
import { createInvite } from "../../services/accounts/invites";
import { actorOf } from "../../services/accounts/sessions";
import { listUsers, removeUser } from "../../services/accounts/users";
import { closeLiveSockets } from "../../services/live/sockets";
import { requires, tenantOf } from "../middleware/role";
import type { ApiEnv } from "../middleware/session";
import { panelUrl } from "./panel-url";
import { jsonBody, params } from "./validate";

/** `/api/users`: the tenant's people; the owner invites and removes them. */
export const userRoutes = new Hono<ApiEnv>()
  .get("/", requires("users.read"), async (c) => c.json(await listUsers(c.var.db, tenantOf(c).id), 200))
  .post("/", requires("users.write"), jsonBody(inviteRequestSchema), async (c) => {
    const result = await createInvite(
      { db: c.var.db, panelUrl: panelUrl(c) },
      { tenantId: tenantOf(c).id, ...c.req.valid("json") },
      actorOf(c.var.signedIn.user),
    );
    if (result.ok) return c.json(result.invite, 201);
    if (result.error === "conflict") return c.json({ error: "conflict" }, 409);
    return c.json({ error: "invalid_request", details: result.details }, 400);
  })
  .delete("/:id", requires("users.write"), params(z.object({ id: z.string().max(100) })), async (c) => {
    const { id } = c.req.valid("param");
    const outcome = await removeUser(c.var.db, tenantOf(c).id, id, actorOf(c.var.signedIn.user), Date.now());
    if (outcome === "not_found") return c.json({ error: "not_found" }, 404);
    if (outcome === "last_owner") return c.json({ error: "last_owner" }, 409);
    await closeLiveSockets(c.env.HUB, tenantOf(c).id, { user: id });
    return c.body(null, 204);
  });
