import type { Context } from "hono";
import { mayUse } from "../../domain/roles";
import { originAllowed } from "../../services/accounts/session-policy";
import { LIVE_CLOSE, openLiveSocket, refuseLiveSocket } from "../../services/live/sockets";
import { sessionOf } from "../middleware/session";
import type { ApiEnv } from "../middleware/session";

/**
 * `GET /api/live`: the panel's WebSocket, held by the tenant's hub. Mounted ahead of the session
 * guard so a refusal arrives as a close code (4401 no session, 4403 a foreign origin or a role
 * that may not read conversations) instead of an HTTP status the browser hides. The origin is
 * checked although this is a GET: a browser sends the cookie with a cross-site WebSocket.
 */
export async function liveSocket(c: Context<ApiEnv>): Promise<Response> {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") return c.json({ error: "upgrade_required" }, 426);
  if (!originAllowed(c.req.header("origin"), c.var.config.PUBLIC_URL, new URL(c.req.url))) {
    return refuseLiveSocket(LIVE_CLOSE.forbidden, "forbidden");
  }
  const signedIn = await sessionOf(c);
  if (!signedIn) return refuseLiveSocket(LIVE_CLOSE.unauthorized, "unauthorized");
  const { user, tenant } = signedIn;
  if (!tenant || !mayUse(user.role, "conversations.read")) return refuseLiveSocket(LIVE_CLOSE.forbidden, "forbidden");
  return openLiveSocket(c.env.HUB, tenant.id, { user: user.id, session: signedIn.session.idHash }, c.req.raw);
}
