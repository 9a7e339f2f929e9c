import type { BotSettings } from "../../domain/bot-settings";
import { businessStatus } from "./business-hours";
import { wantsHuman } from "./handoff";
import { findQuickReply } from "./quick-replies";

/** What the conversation knows when a burst is due; every input explicit so this stays pure. */
export interface TurnFacts {
  now: Date;
  settings: BotSettings;
  /** Texts (and captions) of the customer's burst, in timestamp order. */
  burstTexts: string[];
  hasCustomerMessages: boolean;
  pausedUntil: number | null;
  aiEnabled: boolean;
  /** Automated answers (AI calls, quick replies, AI-off fallbacks) this contact got within the last hour. */
  contactAiCallsLastHour: number;
  /** Messages this contact sent within the last minute, answered or not. */
  contactMessagesLastMinute: number;
  /** Every customer message of the burst came past the tenant's inbound rate limit. */
  tenantFlooding: boolean;
  /** The tenant's monthly quota or daily AI ceiling is used up (see TenantLedger.reserveAiCall). */
  quotaExhausted: boolean;
  /** Closed period for which this contact already got the away message. */
  awaySentForPeriod: string | null;
  /** Day on which this contact already got the quota message. */
  quotaNoticeDay: string | null;
  today: string;
}

export type TurnDecision =
  | { action: "store"; reason: "no_customer_message" | "paused" | "away_already_sent" | "quota_notice_already_sent" | "contact_rate_limited" | "contact_flooding" | "tenant_flooding" }
  | { action: "handoff"; trigger: "keyword" }
  | { action: "reply"; reason: "quick_reply"; text: string }
  | { action: "reply"; reason: "away"; text: string; periodKey: string }
  | { action: "reply"; reason: "quota"; text: string }
  | { action: "reply"; reason: "ai_off"; text: string }
  | { action: "ai"; closedInfo: { opensAt: Date | null; timezone: string } | null };

/**
 * Should the bot answer this burst, and how? The order matters: a human attendant's pause wins
 * over everything, a request for a person over canned answers, canned answers over any AI call.
 * The abuse limits come before every automated answer (quick replies and the AI-off fallback
 * too): a flooding contact or tenant is stored, not answered.
 */
export function decideTurn(f: TurnFacts): TurnDecision {
  if (!f.hasCustomerMessages) return { action: "store", reason: "no_customer_message" };
  if (f.pausedUntil !== null && f.pausedUntil > f.now.getTime()) return { action: "store", reason: "paused" };
  if (f.tenantFlooding) return { action: "store", reason: "tenant_flooding" };
  if (f.contactMessagesLastMinute > f.settings.contactMessagesPerMinute) return { action: "store", reason: "contact_flooding" };

  if (f.burstTexts.some((t) => wantsHuman(t, f.settings.handoff.keywords))) {
    return { action: "handoff", trigger: "keyword" };
  }
  const rateLimited = f.contactAiCallsLastHour >= f.settings.contactAiCallsPerHour;
  for (const text of rateLimited ? [] : [...f.burstTexts].reverse()) {
    const quick = findQuickReply(text, f.settings.quickReplies);
    if (quick) return { action: "reply", reason: "quick_reply", text: quick.reply };
  }

  const hours = f.settings.businessHours;
  const status = businessStatus(hours, f.now);
  let closedInfo: { opensAt: Date | null; timezone: string } | null = null;
  if (!status.open && hours) {
    if (hours.outsideHours === "away") {
      return f.awaySentForPeriod === status.periodKey
        ? { action: "store", reason: "away_already_sent" }
        : { action: "reply", reason: "away", text: hours.awayMessage, periodKey: status.periodKey };
    }
    closedInfo = { opensAt: status.opensAt, timezone: hours.timezone };
  }

  if (rateLimited) return { action: "store", reason: "contact_rate_limited" };
  if (!f.aiEnabled) return { action: "reply", reason: "ai_off", text: f.settings.fallbackText };

  if (f.quotaExhausted) {
    return f.quotaNoticeDay === f.today
      ? { action: "store", reason: "quota_notice_already_sent" }
      : { action: "reply", reason: "quota", text: f.settings.quotaText };
  }
  return { action: "ai", closedInfo };
}
