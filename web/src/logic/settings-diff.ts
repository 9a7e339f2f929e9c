import type { BotSettings } from "../api/types";

/**
 * The keys the form changed, for `PATCH /api/settings`: the server merges key by key, so
 * only what differs is sent and a concurrent change to another key is not overwritten.
 */
export function changedSettings(saved: BotSettings, draft: BotSettings): Partial<BotSettings> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(draft) as (keyof BotSettings)[]) {
    if (JSON.stringify(saved[key]) !== JSON.stringify(draft[key])) out[key] = draft[key];
  }
  return out as Partial<BotSettings>;
}
