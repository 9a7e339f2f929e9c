import type { QuickReply } from "../../domain/bot-settings";
import { containsPhrase, equalsPhrase } from "./text-match";

/**
 * The tenant's fixed answer for `text`, or null when no rule applies (then the AI answers).
 * `equals` rules need the whole message to be one of the keywords, `contains` rules need a
 * keyword as whole words anywhere in it; the first matching rule in the tenant's order wins,
 * so tenants control precedence by ordering their rules.
 */
export function findQuickReply(text: string, quickReplies: readonly QuickReply[]): QuickReply | null {
  return (
    quickReplies.find((rule) => {
      const matches = rule.match === "equals" ? equalsPhrase : containsPhrase;
      return rule.keywords.some((keyword) => matches(text, keyword));
    }) ?? null
  );
}
