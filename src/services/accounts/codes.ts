/**
 * Sign-in codes over WhatsApp: six digits, ten minutes, five tries, sent through the platform's
 * own instance (`LOGIN_INSTANCE`) or the user's tenant's. Run after the 202 is sent, so the
 * answer takes the same time whether the number belongs to anyone.
 */
import type { Tenant } from "../../domain/tenant";
import type { Logger } from "../../platform/log";
import { runBatch } from "../../repositories/batch";
import type { Database } from "../../repositories/db";
import { deleteLoginCode, findLoginCode, saveLoginCode } from "../../repositories/login-codes";
import { findTenantByInstance } from "../../repositories/tenants";
import { findUserByLogin } from "../../repositories/users";
import type { EvolutionClient } from "../evolution/client";
import { codeExpiry, mayResendCode } from "./attempts";
import { normalizePhone, phoneJid } from "./login";
import { openAttempt } from "./throttle";
import { generateLoginCode, hashLoginCode } from "./tokens";

export interface CodeDeps {
  db: Database;
  secretsKey: string;
  /** The instance that sends codes (LOGIN_INSTANCE); null: the user's own tenant's. */
  loginInstance: string | null;
  evolution: (tenant: Tenant) => EvolutionClient;
  log: Logger;
  now?: () => number;
}

/** The message a person receives; the code is its only secret. */
export const codeMessage = (code: string) =>
  `Seu código de acesso ao painel do AtenBot é ${code}. Ele vale por 10 minutos. Não compartilhe com ninguém.`;

/** Sends a code when the number is a user's and none was sent in the last minute; else nothing. */
export async function sendSignInCode(deps: CodeDeps, input: { phone: string; address: string }): Promise<void> {
  const now = deps.now?.() ?? Date.now();
  const phone = normalizePhone(input.phone);
  if (!phone) return;
  const [found, pending, attempt] = await Promise.all([
    findUserByLogin(deps.db, phone),
    findLoginCode(deps.db, phone),
    openAttempt(deps.db, phone, input.address, now),
  ]);
  if (!found || !attempt.allowed || !mayResendCode(pending?.sentAt ?? null, now)) return;
  const sender = deps.loginInstance ? await findTenantByInstance(deps.db, deps.loginInstance) : found.tenant;
  if (!sender) {
    deps.log.warn("no instance to send a sign-in code", { userId: found.user.id, loginInstance: deps.loginInstance !== null });
    return;
  }
  const code = generateLoginCode();
  await saveLoginCode(deps.db, { login: phone, codeHash: await hashLoginCode(deps.secretsKey, phone, code), expiresAt: codeExpiry(now), tries: 0, sentAt: now });
  const sent = await deps.evolution(sender).sendText(phoneJid(phone), codeMessage(code), 0);
  if (!sent.ok) {
    // Nothing reached the person: let them ask again at once.
    await runBatch(deps.db, [deleteLoginCode(deps.db, phone)]);
    deps.log.warn("sign-in code not sent", { userId: found.user.id, reason: sent.reason });
  }
}
