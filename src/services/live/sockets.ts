/**
 * Opening a panel's live socket: the Worker has checked the session and the origin; the tenant's
 * hub accepts the socket. Refusals are delivered as a WebSocket close code, because a browser
 * never sees the HTTP status of a refused upgrade and the panel decides what to do by the code.
 */

/** Carries the signed-in user from the Worker to the hub (the hub tags the socket with it). */
export const LIVE_USER_HEADER = "x-atenbot-live-user";

/** Close codes the panel acts on: 4401 = sign in again, 4403 = this session may not listen. */
export const LIVE_CLOSE = { unauthorized: 4401, forbidden: 4403 } as const;

export interface LiveSocketHub {
  fetch(request: Request): Promise<Response>;
}

/** Hands the upgrade request to the tenant's hub on behalf of `userId`. */
export function openLiveSocket(hubs: { getByName(tenantId: string): LiveSocketHub }, tenantId: string, userId: string, request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  headers.set(LIVE_USER_HEADER, userId);
  return hubs.getByName(tenantId).fetch(new Request(request.url, { method: "GET", headers }));
}

/** Accepts the upgrade only to close it at once with `code`: how a refusal reaches the panel. */
export function refuseLiveSocket(code: number, reason: string): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client });
}
