import { DurableObject } from "cloudflare:workers";
import type { LiveAudience, LiveEvent } from "../domain/live-events";
import { LIVE_SESSION_HEADER, LIVE_USER_HEADER, type LiveListener } from "../services/live/sockets";

const userTag = (userId: string) => `user:${userId}`;
const sessionTag = (session: string) => `session:${session}`;

/**
 * One per tenant: the WebSockets of the tenant's open panels, held with the hibernation API so
 * an idle panel costs no duration (the object is evicted between events; the sockets stay open
 * at Cloudflare's edge), and the fan-out of live events to them. Each socket is tagged with its
 * user and session, so an event can go to one user's panels only, and a session that ends or a
 * user who leaves stops listening at once.
 */
export class TenantHub extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // The panel's keep-alive is answered at the edge without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** Accepts a panel's socket. The Worker has checked the session and names the user in a header. */
  override async fetch(request: Request): Promise<Response> {
    const user = request.headers.get(LIVE_USER_HEADER);
    const session = request.headers.get(LIVE_SESSION_HEADER);
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !user || !session) {
      return Response.json({ error: "upgrade_required" }, { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [userTag(user), sessionTag(session)]);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * Sends an event to the tenant's open panels (or one user's). One cheap RPC: with no socket
   * open it finds none and returns at once. Resolves with how many sockets it reached.
   */
  async publish(event: LiveEvent, audience: LiveAudience = null): Promise<number> {
    const sockets = this.ctx.getWebSockets(audience ? userTag(audience.user) : undefined);
    if (sockets.length === 0) return 0;
    const data = JSON.stringify(event);
    let reached = 0;
    for (const ws of sockets) {
      try {
        ws.send(data);
        reached++;
      } catch {
        // Closing already: its webSocketClose follows, and the panel refetches when it reconnects.
      }
    }
    return reached;
  }

  /** Closes a user's or a session's sockets: 4401 makes the panel check its session. */
  async disconnect(who: LiveListener): Promise<void> {
    const tag = "user" in who ? userTag(who.user) : sessionTag(who.session);
    for (const ws of this.ctx.getWebSockets(tag)) ws.close(4401, "unauthorized");
  }

  /** The panel only listens; anything it sends besides the keep-alive is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      // Completes the closing handshake where the runtime does not reply to a close by itself.
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }
}
