import { DurableObject } from "cloudflare:workers";
import type { LiveAudience, LiveEvent } from "../domain/live-events";
import { LIVE_USER_HEADER } from "../services/live/sockets";

const userTag = (userId: string) => `user:${userId}`;

/**
 * One per tenant: the WebSockets of the tenant's open panels, held with the hibernation API so
 * an idle panel costs no duration (the object is evicted between events; the sockets stay open
 * at Cloudflare's edge), and the fan-out of live events to them. Each socket is tagged with its
 * user, so an event can go to one user's panels only.
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
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !user) {
      return Response.json({ error: "upgrade_required" }, { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [userTag(user)]);
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

  /** Closes a user's sockets (signed out, or removed): 4401 makes the panel check its session. */
  async disconnect(userId: string): Promise<void> {
    for (const ws of this.ctx.getWebSockets(userTag(userId))) ws.close(4401, "unauthorized");
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
