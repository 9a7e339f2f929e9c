import { Hono, type Context } from "hono";
import { sendMessageRequestSchema } from "../../domain/panel-api";
import * as sandbox from "../../services/sandbox/sandbox";
import { requires, tenantOf } from "../middleware/role";
import type { ApiEnv } from "../middleware/session";
import { jsonBody } from "./validate";

const deps = (c: Context<ApiEnv>): sandbox.SandboxDeps => ({ db: c.var.db, conversations: c.env.CONVERSATIONS });

/** `/api/sandbox…`: "Testar o robô", the signed-in owner's own test conversation with the bot. */
export const sandboxRoutes = new Hono<ApiEnv>()
  .use("*", requires("sandbox.use"))
  .post("/messages", jsonBody(sendMessageRequestSchema), async (c) => {
    const sent = await sandbox.sendToSandbox(deps(c), tenantOf(c), c.var.signedIn.user, c.req.valid("json").text);
    return c.json(sent, 202);
  })
  .get("/messages", async (c) => c.json(await sandbox.sandboxTranscript(deps(c), tenantOf(c), c.var.signedIn.user), 200))
  .delete("/", async (c) => {
    await sandbox.resetSandbox(deps(c), tenantOf(c), c.var.signedIn.user);
    return c.body(null, 204);
  });
