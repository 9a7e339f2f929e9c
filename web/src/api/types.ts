/**
 * The shapes of the panel's API, taken from the Worker's own definitions (`src/domain`), so a
 * change to an answer breaks the panel's build instead of its screens. Type-only imports: nothing
 * of the Worker ends up in the bundle. Only the panel's own view types are declared here.
 */
import type {
  ConversationItem,
  ConversationStatus,
  ConversationsQuery,
  InviteRequest,
  InviteResponse,
  MeResponse,
  TakeoverResponse,
  TranscriptMessage,
  TranscriptResponse,
  UsageResponse,
  UserView,
  UsersResponse,
  WhatsappResponse,
} from "../../../src/domain/panel-api";
import type { BotSettings, BusinessHours, QuickReply } from "../../../src/domain/bot-settings";
import type {
  CsvImportReport,
  DocumentEntry,
  FaqEntry,
  ItemEntry,
  KnowledgeEntry,
  KnowledgeKind,
  KnowledgeSearchAnswer,
  UnansweredQuestion,
} from "../../../src/domain/knowledge";
import type { LiveEvent } from "../../../src/domain/live-events";
import type { Role } from "../../../src/domain/roles";
import type { ConnectionState } from "../../../src/domain/tenant";
import type { TenantView as AdminTenantView } from "../../../src/domain/api/tenants";

export type { BotSettings, BusinessHours, ConnectionState, ConversationStatus, LiveEvent, QuickReply, Role, TranscriptMessage };
export type { DocumentEntry, FaqEntry, ItemEntry, KnowledgeEntry, KnowledgeKind, UnansweredQuestion };

export type Direction = TranscriptMessage["direction"];
export type MessageKind = TranscriptMessage["kind"];
export type Me = MeResponse;
export type SessionUser = MeResponse["user"];
export type SessionTenant = NonNullable<MeResponse["tenant"]>;
export type LastMessage = NonNullable<ConversationItem["lastMessage"]>;
export type ConversationFilter = ConversationsQuery["status"];
export type ConversationSummary = ConversationItem;
export type Assignee = ConversationItem["assignedTo"];
export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}
export type TranscriptPage = TranscriptResponse;
export type TakeoverResult = TakeoverResponse;
export type WhatsAppStatus = WhatsappResponse;
export type QrCode = NonNullable<WhatsappResponse["qrcode"]>;
export type Clock = string;
export type Weekday = keyof BusinessHours["weekly"];
export type HandoffSettings = BotSettings["handoff"];
export type UsageReport = UsageResponse;
export type UsageDay = UsageResponse["items"][number];
export type UsageCounters = UsageResponse["totals"];
export type TeamMember = UserView;
export type TeamPage = UsersResponse;
export type { InviteRequest };
export type InviteCreated = InviteResponse;

/** A tenant as `GET /admin/tenants` lists it, with today's messages when the list carries them. */
export type TenantView = Pick<AdminTenantView, "id" | "instance" | "name" | "enabled" | "connectionState" | "createdAt" | "updatedAt"> & {
  messagesToday?: number;
};
export interface TenantPage {
  items: TenantView[];
  nextCursor: string | null;
}
export type TenantCreated = TenantView & { webhookSecret: string };

export interface KnowledgePage {
  items: KnowledgeEntry[];
  nextCursor: string | null;
}
export type ImportReport = CsvImportReport;
export type KnowledgeSearch = KnowledgeSearchAnswer;
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
