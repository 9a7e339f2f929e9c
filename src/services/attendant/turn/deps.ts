import type { Tenant } from "../../../domain/tenant";
import type { Logger } from "../../../platform/log";
import type { TurnWrite } from "../../../repositories/conversations";
import type { Database } from "../../../repositories/db";
import type { AiClient, Embedder } from "../../ai/gemini";
import type { EvolutionClient } from "../../evolution/client";

/** What a turn needs from the outside, passed in by the Conversation object. */
export interface TurnDeps {
  db: Database;
  log: Logger;
  ai: AiClient | null;
  /** Meaning for knowledge retrieval; null without a Gemini key (keyword retrieval alone). */
  embedder: Embedder | null;
  defaultModel: string;
  /** Opens the tenant's Evolution client (the token is decrypted there, only when called). */
  evolution: (tenant: Tenant) => EvolutionClient;
  /** Atomically counts one AI call against the tenant's quotas; false when they are used up. */
  reserveAiCall: (tenant: Tenant, day: string) => Promise<boolean>;
  /** Told once a turn is in D1 (its parts sent or refused): open panels show it live. Must not throw. */
  stored: (write: TurnWrite) => void;
  now: () => number;
}
