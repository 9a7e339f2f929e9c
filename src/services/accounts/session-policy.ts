/**
 * Rules of the panel's sessions, as pure functions: how long one lives, when its expiry slides,
 * the cookie that carries it, and which `Origin` may change state.
 */
export const SESSION_COOKIE = "atenbot_session";
export const SESSION_TTL_MS = 30 * 86_400_000;
/**
 * A session in use slides its expiry at most once an hour: one D1 write per hour of use
 * instead of one per request, at the cost of up to an hour less than 30 days.
 */
export const TOUCH_INTERVAL_MS = 3_600_000;

export interface SessionTimes {
  expiresAt: number;
  lastUsedAt: number;
}

export function newSessionTimes(now: number): SessionTimes {
  return { expiresAt: now + SESSION_TTL_MS, lastUsedAt: now };
}

export function isSessionExpired(s: SessionTimes, now: number): boolean {
  return s.expiresAt <= now;
}

/** The new times when the session should be written back now; null when the write can wait. */
export function slideSession(s: SessionTimes, now: number): SessionTimes | null {
  if (isSessionExpired(s, now) || now - s.lastUsedAt < TOUCH_INTERVAL_MS) return null;
  return newSessionTimes(now);
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True for plain-HTTP loopback, the one place (local development) a cookie may go without TLS. */
export function isLocalHttp(url: URL): boolean {
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

/** The attributes of the session cookie, in the shape `hono/cookie`'s `setCookie` takes. */
export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: "Lax";
  path: "/";
  secure: boolean;
  maxAge: number;
}

/** Cookie attributes for a response to `requestUrl`; `Secure` everywhere but local HTTP. */
export function sessionCookieOptions(requestUrl: URL): SessionCookieOptions {
  return {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: !isLocalHttp(requestUrl),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The CSRF rule: a state-changing request must carry an `Origin` equal to `PUBLIC_URL`'s
 * origin, or, on a local HTTP run, the worker's own loopback origin. A missing or `null`
 * Origin is refused: every browser the panel supports sends one on POST, PATCH and DELETE.
 */
export function originAllowed(origin: string | null | undefined, publicUrl: string | null, requestUrl: URL): boolean {
  if (!origin || origin === "null") return false;
  if (publicUrl !== null && origin === new URL(publicUrl).origin) return true;
  return isLocalHttp(requestUrl) && origin === requestUrl.origin;
}
