import { api } from "../api/client";
import type { LiveEvent } from "../api/types";
import { onSocketClosed, resyncPlan, type ResyncPlan } from "../logic/reconnect";

type Listener = (event: LiveEvent) => void;
export type WatchKind = "conversations" | "transcript" | "whatsapp" | "sandbox";
interface Watcher {
  kind: WatchKind;
  contact?: string;
  refetch: () => void;
}

/** Open this long without trouble, a connection counts as healthy again. */
const HEALTHY_AFTER_MS = 10_000;

/**
 * The panel's one WebSocket to `/api/live`. Screens subscribe to events and register what
 * they show; whenever the socket (re)opens, what might have been missed is fetched again.
 */
class LiveSocket {
  private socket: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private watchers = new Set<Watcher>();
  private failures = 0;
  private wasOpen = false;
  private downSince = Date.now();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private healthyTimer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private refreshSession: () => void = () => {};

  start(refreshSession: () => void): void {
    this.refreshSession = refreshSession;
    if (this.running) return;
    this.running = true;
    addEventListener("online", this.wake);
    document.addEventListener("visibilitychange", this.wake);
    this.connect();
  }

  stop(): void {
    this.running = false;
    removeEventListener("online", this.wake);
    document.removeEventListener("visibilitychange", this.wake);
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    s?.close(1000);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  watch(watcher: Watcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Back on the page or back online while waiting: try now instead of at the end of the backoff. */
  private wake = (): void => {
    if (!this.running || this.socket || document.visibilityState !== "visible" || !navigator.onLine) return;
    this.clearTimers();
    this.connect();
  };

  private connect(): void {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/live`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      const reconnect = this.wasOpen;
      this.wasOpen = true;
      this.healthyTimer = setTimeout(() => (this.failures = 0), HEALTHY_AFTER_MS);
      this.resync(resyncPlan({ reconnect, gapMs: Date.now() - this.downSince, openContact: this.openContact(), watching: this.watching() }));
    };
    socket.onmessage = (e) => {
      this.failures = 0;
      let event: LiveEvent;
      try {
        event = JSON.parse(String(e.data)) as LiveEvent;
      } catch {
        return;
      }
      for (const l of this.listeners) l(event);
    };
    socket.onclose = (e) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      this.downSince = Date.now();
      const decision = onSocketClosed({ code: e.code, closedByUs: !this.running, failures: this.failures, random: Math.random() });
      this.failures++;
      if (decision.action === "stop") return;
      if (decision.action === "verify-session") {
        // A 401 here ends the session through the API client, which stops this socket.
        api.me().catch(() => {});
      }
      this.timer = setTimeout(() => this.running && this.connect(), decision.delayMs);
    };
  }

  private resync(plan: ResyncPlan): void {
    for (const w of this.watchers) {
      const wanted =
        (w.kind === "conversations" && plan.conversations) ||
        (w.kind === "transcript" && plan.transcript === w.contact) ||
        (w.kind === "whatsapp" && plan.whatsapp) ||
        (w.kind === "sandbox" && plan.sandbox);
      if (wanted) w.refetch();
    }
    if (plan.me) this.refreshSession();
  }

  private openContact(): string | null {
    for (const w of this.watchers) if (w.kind === "transcript" && w.contact) return w.contact;
    return null;
  }

  private watching(): { conversations: boolean; whatsapp: boolean; sandbox: boolean } {
    const kinds = new Set([...this.watchers].map((w) => w.kind));
    return { conversations: kinds.has("conversations"), whatsapp: kinds.has("whatsapp"), sandbox: kinds.has("sandbox") };
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.healthyTimer) clearTimeout(this.healthyTimer);
    this.timer = this.healthyTimer = null;
  }
}

export const live = new LiveSocket();
