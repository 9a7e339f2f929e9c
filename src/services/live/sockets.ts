/**
 * Opening a panel's live socket: the Worker has checked the session and the origin; the tenant's
 * hub accepts the socket. Refusals are delivered as a WebSocket close code, because a browser
 * never sees the HTTP status of a refused upgrade and the panel decides what to do by the code.
 */

/** Carry the signed-in user and session from the Worker to the hub, which tags the socket with them. */
export const LIVE_USER_HEADER = "x-atenbot-live-user";
export const LIVE_SESSION_HEADER = "x-atenbot-live-session";

/** Whose sockets to close: every one of a user's (removed, signed out everywhere), or one session's. */
export type LiveListener = { user: string } | { session: string };

/** Close codes the panel acts on: 4401 = sign in again, 4403 = this session may not listen. */
export const LIVE_CLOSE = { unauthorized: 4401, forbidden: 4403 } as const;

export interface LiveSocketHub {
  fetch(request: Request): Promise<Response>;
  disconnect(who: LiveListener): Promise<void>;
}
type LiveSocketHubs = { getByName(tenantId: string): LiveSocketHub };

/** Hands the upgrade request to the tenant's hub on behalf of a user's session. */
export function openLiveSocket(hubs: LiveSocketHubs, tenantId: string, listener: { user: string; session: string }, request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set(LIVE_USER_HEADER, listener.user);
  headers.set(LIVE_SESSION_HEADER, listener.session);
  return hubs.getByName(tenantId).fetch(new Request(request.url, { method: "GET", headers }));
}

/** Closes the sockets of a session that ended or a user who left, so they stop hearing the tenant. */
export function closeLiveSockets(hubs: LiveSocketHubs, tenantId: string, who: LiveListener): Promise<void> {
  return hubs.getByName(tenantId).disconnect(who);
}

/** Accepts the upgrade only to close it at once with `code`: how a refusal reaches the panel. */
export function refuseLiveSocket(code: number, reason: string): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client });
}
