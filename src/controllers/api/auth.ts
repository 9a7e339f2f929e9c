import { Hono, type Context } from "hono";
import {
  codeRequestSchema,
  codeVerifyRequestSchema,
  inviteAcceptRequestSchema,
  loginRequestSchema,
  logoutQuerySchema,
} from "../../domain/panel-api";
import { sendSignInCode } from "../../services/accounts/codes";
import { acceptInvite } from "../../services/accounts/invites";
import { endSession } from "../../services/accounts/sessions";
import { closeLiveSockets } from "../../services/live/sockets";
import { signInWithCode, signInWithPassword, type SignInResult } from "../../services/accounts/sign-in";
import { evolutionForTenant } from "../../services/evolution/client";
import type { AppEnv } from "../middleware/context";
import { requireSession, type ApiEnv } from "../middleware/session";
import { clearSessionCookie, clientAddress, setSessionCookie } from "./cookie";
import { panelUrl } from "./panel-url";
import { jsonBody, query } from "./validate";

/** A sign-in's answer: the cookie and `{user, tenant}`, or the same refusal whoever asked. */
function answer<E extends AppEnv>(c: Context<E>, result: SignInResult) {
  if (!result.ok) return c.json({ error: result.error }, result.error === "too_many_attempts" ? 429 : 401);
  setSessionCookie(c, result.token);
  c.get("log").info("signed in", { userId: result.me.user.id, role: result.me.user.role });
  return c.json(result.me, 200);
}

const signInDeps = <E extends AppEnv>(c: Context<E>) => ({ db: c.get("db"), secretsKey: c.get("config").SECRETS_KEY });

/** `/api/auth/*`: the three ways in, and out. */
export const authRoutes = new Hono<ApiEnv>()
  .post("/login", jsonBody(loginRequestSchema), async (c) => {
    const body = c.req.valid("json");
    return answer(c, await signInWithPassword(signInDeps(c), { ...body, address: clientAddress(c) }));
  })
  .post("/code", jsonBody(codeRequestSchema), (c) => {
    const { phone } = c.req.valid("json");
    const config = c.var.config;
    // After the answer: its timing and body are the same whether the number is anyone's.
    c.executionCtx.waitUntil(
      sendSignInCode(
        {
          db: c.var.db,
          secretsKey: config.SECRETS_KEY,
          loginInstance: config.LOGIN_INSTANCE,
          evolution: (tenant) => evolutionForTenant(tenant, config.SECRETS_KEY),
          log: c.var.log,
        },
        { phone, address: clientAddress(c) },
      ).catch((err: unknown) => c.var.log.error("sign-in code failed", { error: err instanceof Error ? err.name : typeof err })),
    );
    return c.json({ status: "accepted" }, 202);
  })
  .post("/code/verify", jsonBody(codeVerifyRequestSchema), async (c) => {
    const body = c.req.valid("json");
    return answer(c, await signInWithCode(signInDeps(c), { ...body, address: clientAddress(c) }));
  })
  .post("/invite/accept", jsonBody(inviteAcceptRequestSchema), async (c) => {
    const result = await acceptInvite({ db: c.var.db, panelUrl: panelUrl(c) }, c.req.valid("json"));
    if (!result.ok && result.error === "invite_expired") return c.json({ error: "invite_expired" }, 410);
    if (!result.ok) return c.json({ error: "conflict" }, 409);
    return answer(c, result);
  })
  .post("/logout", requireSession, query(logoutQuerySchema), async (c) => {
    const everywhere = c.req.valid("query").everywhere === "1";
    const { user, session, tenant } = c.var.signedIn;
    await endSession(c.var.db, c.var.signedIn, everywhere, Date.now());
    if (tenant) await closeLiveSockets(c.env.HUB, tenant.id, everywhere ? { user: user.id } : { session: session.idHash });
    clearSessionCookie(c);
    return c.body(null, 204);
  });
