/**
 * The shapes of the panel's API as the Worker answers them. Times are ISO 8601 strings.
 * Kept free of DOM and runtime code so the pure modules and their tests can import it.
 */

export type Role = "owner" | "agent" | "platform";
export type ConnectionState = "unknown" | "open" | "connecting" | "close" | "refused";
export type Direction = "in" | "out" | "human";
export type MessageKind =
  | "text"
  | "image"
  | "audio"
  | "video"
  | "document"
  | "sticker"
  | "location"
  | "contact"
  | "other";

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
  login: string;
}

export interface SessionTenant {
  instance: string;
  name: string;
  connectionState: ConnectionState;
}

/** `GET /api/me`; also the body of every successful sign-in. */
export interface Me {
  user: SessionUser;
  tenant: SessionTenant | null;
}

export interface LastMessage {
  direction: Direction;
  kind: MessageKind;
  text: string | null;
  at: string;
}

export type ConversationStatus = "bot" | "human";
export type ConversationFilter = "all" | "bot" | "human" | "paused";

export interface ConversationSummary {
  contact: string;
  name: string | null;
  lastMessage: LastMessage | null;
  unread: number;
  status: ConversationStatus;
  pausedUntil: string | null;
  assignedTo: string | null;
}

export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

export interface TranscriptMessage {
  id: string;
  direction: Direction;
  kind: MessageKind;
  text: string | null;
  at: string;
  /** The attendant's name for messages written in the panel. */
  author: string | null;
}

export interface TranscriptPage {
  items: TranscriptMessage[];
}

export interface TakeoverResult {
  status: "human";
  pausedUntil: string | null;
  assignedTo: string | null;
}

/** Pushed by `GET /api/live`. */
export type LiveEvent =
  | { type: "message"; contact: string; message: TranscriptMessage }
  | { type: "conversation"; contact: string; status: ConversationStatus; pausedUntil: string | null }
  | { type: "connection"; state: ConnectionState }
  | { type: "qrcode" };

export interface QrCode {
  code: string;
  base64: string;
}

export interface WhatsAppStatus {
  state: ConnectionState;
  qrcode: QrCode | null;
}

export type Clock = string;
export type Weekday = "sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat";

export interface BusinessHours {
  timezone: string;
  /** Per weekday, [open, close] intervals; close < open runs past midnight. */
  weekly: Partial<Record<Weekday, [Clock, Clock][]>>;
  outsideHours: "answer" | "away";
  awayMessage: string;
}

export interface QuickReply {
  match: "contains" | "equals";
  keywords: string[];
  reply: string;
}

export interface HandoffSettings {
  keywords: string[];
  message: string;
  pauseMinutes: number;
  notifyNumber: string | null;
}

/** The tenant's bot settings (`GET/PATCH /api/settings`). */
export interface BotSettings {
  systemPrompt: string;
  businessProfile: string;
  model: string | null;
  debounceMs: number;
  maxWaitMs: number;
  historyTurns: number;
  sessionTtlMinutes: number;
  ignoreGroups: boolean;
  maxParts: number;
  typingMsPerChar: number;
  aiTimeoutMs: number;
  fallbackText: string;
  quotaText: string;
  monthlyAiReplies: number | null;
  dailyAiCalls: number;
  contactAiCallsPerHour: number;
  retentionDays: number;
  handoff: HandoffSettings;
  businessHours: BusinessHours | null;
  quickReplies: QuickReply[];
  knowledgeBudgetChars?: number;
}

export interface UsageCounters {
  messagesIn: number;
  repliesSent: number;
  aiCalls: number;
  promptTokens: number;
  outputTokens: number;
  handoffs: number;
  failures: number;
}

export interface UsageDay extends UsageCounters {
  /** YYYY-MM-DD on the tenant's calendar; days without activity are absent. */
  day: string;
}

/** `GET /api/usage`: the range's days, their totals, and the calendar month against the quota. */
export interface UsageReport {
  items: UsageDay[];
  totals: UsageCounters;
  month: { totals: UsageCounters; monthlyAiReplies: number | null; dailyAiCalls: number };
}

export interface TeamMember {
  id: string;
  name: string;
  role: Role;
  login: string;
  lastSeenAt: string | null;
}

export interface InviteRequest {
  role: "owner" | "agent";
  name: string;
  phone?: string;
  email?: string;
}

export interface InviteCreated {
  inviteUrl: string;
  expiresAt: string;
}

/** A tenant as `GET /admin/tenants` lists it. */
export interface TenantView {
  id: string;
  instance: string;
  name: string;
  enabled: boolean;
  connectionState: ConnectionState;
  createdAt: string;
  updatedAt: string;
  messagesToday?: number;
}

export interface TenantPage {
  items: TenantView[];
  nextCursor: string | null;
}

export interface TenantCreated extends TenantView {
  webhookSecret: string;
}

export type KnowledgeKind = "faq" | "item" | "document";

interface EntryBase {
  id: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface FaqEntry extends EntryBase {
  kind: "faq";
  question: string;
  answer: string;
  keywords: string[] | null;
}

export interface ItemEntry extends EntryBase {
  kind: "item";
  name: string;
  /** Decimal BRL. */
  price: number | null;
  unit: string | null;
  description: string | null;
  category: string | null;
  available: boolean;
}

export interface DocumentEntry extends EntryBase {
  kind: "document";
  title: string;
  text: string;
}

export type KnowledgeEntry = FaqEntry | ItemEntry | DocumentEntry;

export interface KnowledgePage {
  items: KnowledgeEntry[];
  nextCursor: string | null;
}

export interface ImportReport {
  imported: number;
  updated: number;
  errors: { line: number; message: string }[];
}

export interface KnowledgeSearch {
  items: { id: string; kind: KnowledgeKind; score: number; text: string }[];
  chars: number;
}

export interface UnansweredQuestion {
  id: string;
  text: string;
  contact: string;
  at: string;
  count: number;
}

export interface UnansweredPage {
  items: UnansweredQuestion[];
}

/** `POST /api/sandbox/messages` → 202; `GET /api/sandbox/messages`. */
export interface SandboxTranscript {
  contact: string;
  items: TranscriptMessage[];
}

/** `details` of a 400 answer: zod issues with their dotted path. */
export interface ErrorDetail {
  path: string | (string | number)[];
  message: string;
}

export interface ErrorBody {
  error: string;
  details?: ErrorDetail[];
}
