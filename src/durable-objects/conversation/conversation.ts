import { DurableObject } from "cloudflare:workers";
import { loadConfig, metricsRequested } from "../../config/env";
import type { InboundEvent } from "../../domain/inbound-event";
import type { LiveEvent } from "../../domain/live-events";
import { isSandboxContact, sandboxUserOf } from "../../domain/sandbox";
import type { Tenant } from "../../domain/tenant";
import { createLogger, errorKind, maskJid, type Logger } from "../../platform/log";
import { enableMetrics, meterDurableObject } from "../../platform/metrics";
import { openDatabase, type Database } from "../../repositories/db";
import { createEmbedder, createGemini } from "../../services/ai/gemini";
import { pauseUntil } from "../../services/attendant/handoff";
import { sendHumanMessage, type HumanMessage, type HumanMessageResult } from "../../services/attendant/human-message";
import type { TurnDeps } from "../../services/attendant/turn/deps";
import { burstDueAt, giveUpTurn, MAX_TURN_ATTEMPTS, runTurn } from "../../services/attendant/turn/run-turn";
import type { ConversationState } from "../../services/attendant/turn/turn-store";
import { evolutionForTenant, type EvolutionClient } from "../../services/evolution/client";
import { arrivalEvent, humanMessageEvent, statusEvent, turnEvents } from "../../services/live/events";
import { publishLive } from "../../services/live/publish";
import { sandboxDelivery } from "../../services/sandbox/delivery";
import { getTenantCached } from "../../services/tenants/tenant-cache";
import { ConversationStore } from "./store";

/** Processed ids are remembered this long; Evolution gives up retrying after about 20 minutes. */
const SEEN_TTL_MS = 3 * 24 * 3_600_000;

export type ReceiveOutcome = "accepted" | "duplicate" | "own_echo" | "unknown_tenant";

/**
 * One conversation (tenant + contact): the single authority over its order, dedupe, debounce,
 * echo detection, handoff pause and retries. Inbound events arrive through `receive`; replies are
 * produced by the alarm, so at most one reply is in progress at a time.
 */
export class Conversation extends DurableObject<Env> {
  private readonly store: ConversationStore;
  private readonly db: Database;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    enableMetrics(metricsRequested(env));
    this.store = new ConversationStore(ctx.storage);
    this.db = openDatabase(env.DB);
  }

  private log(): Logger {
    const s = this.store.state();
    return createLogger({ component: "conversation", tenantId: s.tenantId, contact: maskJid(s.contact) });
  }

  private async tenantFor(instance: string | null, tenantId: string | null): Promise<Tenant | null> {
    if (!instance) return null;
    const tenant = await getTenantCached(this.db, instance);
    return tenant && tenant.id === tenantId ? tenant : null;
  }

  /** Accepts one inbound event; when this returns, the event is durably stored (or was a duplicate). */
  async receive(event: InboundEvent): Promise<ReceiveOutcome> {
    meterDurableObject("receive", event.receivedAt, this.ctx);
    const tenant = await this.tenantFor(event.instance, event.tenantId);
    if (!tenant) return "unknown_tenant";
    // Synchronous from here: the checks and writes below commit together.
    const store = this.store;
    if (store.hasSeen(event.messageId)) return "duplicate";
    const now = Date.now();
    const state = store.state();
    const before = JSON.stringify(state);
    if (event.fromMe) {
      if (this.isOwnEcho(event, state)) {
        store.markSeen(event.messageId, event.timestamp, now);
        return "own_echo";
      }
      // Typed on the business's phone: a human is talking, so the bot steps back from then on.
      const until = pauseUntil(event.timestamp * 1000, tenant.bot.handoff.pauseMinutes);
      state.pausedUntil = Math.max(state.pausedUntil ?? 0, until);
    } else {
      state.replyJid = event.replyJid;
      state.customerName = event.pushName ?? state.customerName;
    }
    state.tenantId = event.tenantId;
    state.instance = event.instance;
    state.contact = event.contact;
    // Most messages change nothing here: the state row is written only when they do.
    if (JSON.stringify(state) !== before) store.setState(state);
    // The debounce runs from the webhook, not from here: time spent in the queue is absorbed by
    // the window instead of added to the reply.
    store.addPending(event, Number.isFinite(event.receivedAt) ? Math.min(now, event.receivedAt) : now);
    await this.scheduleBurst(tenant);
    // Announced on arrival, not when the turn stores it: an open panel shows it within the debounce.
    this.announce([arrivalEvent(event), ...(event.fromMe ? [statusEvent(event.contact, state.pausedUntil, now)] : [])]);
    return "accepted";
  }

  /**
   * Whether a message from the business's own number is the bot's reply coming back: its id was
   * returned by Evolution, or (when Evolution returned none) its text is one being sent or sent lately.
   */
  private isOwnEcho(event: InboundEvent, state: ConversationState): boolean {
    if (state.sentIds.some((s) => s.id === event.messageId)) return true;
    if (event.text === null) return false;
    return [...(state.outbox?.parts ?? []), ...state.recentSent].some((p) => p.text === event.text);
  }

  private async scheduleBurst(tenant: Tenant): Promise<void> {
    const window = this.store.pendingWindow();
    if (!window) return;
    const s = this.store.state();
    const due = Math.max(burstDueAt(window, tenant.bot), s.aiNextAttemptAt ?? 0, s.outbox?.nextAttemptAt ?? 0);
    await this.ctx.storage.setAlarm(due);
  }

  override async alarm(): Promise<void> {
    meterDurableObject("alarm", undefined, this.ctx);
    const log = this.log();
    let tenant: Tenant | null = null;
    try {
      const state = this.store.state();
      tenant = await this.tenantFor(state.instance, state.tenantId);
      if (!tenant) {
        // The tenant was deleted: nothing here may outlive it.
        this.store.wipe();
        return;
      }
      const next = await runTurn(this.store, tenant, this.turnDeps(log));
      await this.afterTurn(next);
    } catch (err) {
      const failures = this.store.update((s) => s.alarmFailures++).alarmFailures;
      log.error("turn failed", { error: errorKind(err), failures });
      if (failures >= MAX_TURN_ATTEMPTS && tenant) {
        await this.giveUp(tenant, log);
        return;
      }
      // Re-armed deliberately: the turn's state is in storage, so the next alarm resumes it.
      await this.ctx.storage.setAlarm(Date.now() + Math.min(60_000, 1000 * 2 ** failures));
    }
  }

  private async afterTurn(next: number | null): Promise<void> {
    if (this.store.state().alarmFailures > 0) this.store.update((s) => (s.alarmFailures = 0));
    this.store.prune(Date.now() - SEEN_TTL_MS);
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /** The turn keeps failing: the contact gets the fallback text once and the failure is counted. */
  private async giveUp(tenant: Tenant, log: Logger): Promise<void> {
    log.error("turn given up", { attempts: MAX_TURN_ATTEMPTS });
    this.store.update((s) => (s.alarmFailures = 0));
    try {
      await this.afterTurn(await giveUpTurn(this.store, tenant, this.turnDeps(log)));
    } catch (err) {
      log.error("fallback not delivered", { error: errorKind(err) });
      await this.ctx.storage.setAlarm(Date.now() + 60_000);
    }
  }

  private turnDeps(log: Logger): TurnDeps {
    const config = loadConfig(this.env);
    return {
      db: this.db,
      log,
      ai: createGemini({ apiKey: config.GEMINI_API_KEY, baseUrl: config.GEMINI_BASE_URL, defaultModel: config.GEMINI_MODEL }),
      embedder: createEmbedder({ apiKey: config.GEMINI_API_KEY, baseUrl: config.GEMINI_BASE_URL }),
      defaultModel: config.GEMINI_MODEL,
      evolution: (tenant) => this.channel(tenant, config.SECRETS_KEY),
      stored: (write) => this.announce(turnEvents(write)),
      reserveAiCall: (tenant, day) =>
        this.env.LEDGER.getByName(tenant.id).reserveAiCall({
          tenantId: tenant.id,
          day,
          dailyLimit: tenant.bot.dailyAiCalls,
          monthlyLimit: tenant.bot.monthlyAiReplies,
        }),
      now: () => Date.now(),
    };
  }

  /**
   * Where this conversation's messages go: the tenant's WhatsApp through Evolution, or nowhere
   * for a panel user's test conversation (its replies are stored and shown in the panel only).
   */
  private channel(tenant: Tenant, secretsKey: string): EvolutionClient {
    return isSandboxContact(this.store.state().contact) ? sandboxDelivery : evolutionForTenant(tenant, secretsKey);
  }

  /**
   * Pushes events to the tenant's open panels (a test conversation's to its user only) without
   * holding up the caller: the push runs after the call returns, and a lost one is made good by
   * the panel's refetch when its socket reopens.
   */
  private announce(events: LiveEvent[]): void {
    const { tenantId, contact } = this.store.state();
    if (!tenantId || !contact || events.length === 0) return;
    const user = sandboxUserOf(contact);
    const log = this.log();
    this.ctx.waitUntil(Promise.all(events.map((e) => publishLive(this.env.HUB, tenantId, e, log, user ? { user } : null))));
  }

  /** Operator pause: the bot stays quiet for this contact until the given time. */
  async pause(tenantId: string, contact: string, until: number): Promise<void> {
    this.store.update((s) => {
      s.tenantId ??= tenantId;
      s.contact ??= contact;
      s.pausedUntil = until;
    });
    this.announce([statusEvent(contact, until, Date.now())]);
  }

  /** Operator resume: the bot answers again; messages that arrive from now on are answered. */
  async resume(): Promise<void> {
    const { contact } = this.store.update((s) => (s.pausedUntil = null));
    if (contact) this.announce([statusEvent(contact, null, Date.now())]);
  }

  /** A message written in the panel: sent as the business, recorded with its author, the bot paused. */
  async writeAsHuman(message: HumanMessage): Promise<HumanMessageResult> {
    const tenant = await this.tenantFor(message.instance, message.tenantId);
    if (!tenant) return { ok: false, reason: "unknown_tenant" };
    const { SECRETS_KEY } = loadConfig(this.env);
    const result = await sendHumanMessage(this.store, tenant, { db: this.db, evolution: (t) => this.channel(t, SECRETS_KEY), now: () => Date.now() }, message);
    if (result.ok) {
      const now = Date.now();
      this.announce([humanMessageEvent(message, result.id, now), statusEvent(message.contact, this.store.state().pausedUntil, now)]);
    }
    return result;
  }

  /** Erases everything this object holds about the contact. */
  async erase(): Promise<void> {
    this.store.wipe();
    await this.ctx.storage.deleteAlarm();
  }
}
