import type { LiveAudience, LiveEvent } from "../../domain/live-events";
import type { Logger } from "../../platform/log";

/** The tenant hub as a publisher sees it. */
export interface LiveHub {
  publish(event: LiveEvent, audience?: LiveAudience): Promise<number>;
}

export type LiveHubs = { getByName(tenantId: string): LiveHub };

/**
 * Tells the tenant's open panels about an event. Always one RPC to the hub, never skipped:
 * knowing "no panel is open" without asking would need a flag shared by every conversation
 * object, which costs a read per message as well and lags behind a panel that has just opened,
 * dropping its first events. With no socket the hub answers at once (one Durable Object request,
 * no lasting duration). A failure is logged, not raised: the panel refetches when it reconnects,
 * so a lost push is never worth failing the work that caused it.
 */
export async function publishLive(hubs: LiveHubs, tenantId: string, event: LiveEvent, log: Logger, audience: LiveAudience = null): Promise<void> {
  try {
    await hubs.getByName(tenantId).publish(event, audience);
  } catch (err) {
    log.warn("live publish failed", { tenantId, type: event.type, error: err instanceof Error ? err.name : "unknown" });
  }
}
