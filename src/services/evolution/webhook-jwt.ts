import { verify } from "hono/jwt";

/** Clock skew tolerated between Evolution's server and ours, in seconds. */
const LEEWAY_SECONDS = 60;
/** Evolution signs for ten minutes (`exp: iat + 600`); a longer-lived token is a replayable one. */
const MAX_LIFETIME_SECONDS = 600;

const isTime = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Whether `token` is an HS256 JWT signed with `secret`, as Evolution signs every webhook
 * (`jwt_key` header: payload `{iat, exp: iat+600, app, action}`). Hono's `verify` checks the
 * header, the algorithm and the signature (constant time, WebCrypto); the times are checked here,
 * against the webhook's arrival and with a minute of leeway, because a token without `exp` or
 * `iat` would be valid forever and Hono only checks the claims a token carries. A token may live
 * ten minutes at most: one signed for years, once seen, would open the webhook for years.
 */
export async function verifyWebhookJwt(token: string, secret: string, nowSeconds: number): Promise<boolean> {
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, secret, { alg: "HS256", exp: false, nbf: false, iat: false });
  } catch {
    return false;
  }
  const { exp, iat, nbf } = payload;
  if (!isTime(exp) || exp + LEEWAY_SECONDS < nowSeconds) return false;
  if (!isTime(iat) || iat - LEEWAY_SECONDS > nowSeconds) return false;
  if (exp - iat > MAX_LIFETIME_SECONDS) return false;
  if (nbf !== undefined && (!isTime(nbf) || nbf - LEEWAY_SECONDS > nowSeconds)) return false;
  return true;
}
