/**
 * Request and response bodies of the panel's API (`/api/*`) and of the admin routes that share
 * them (invites, users, audit). The Worker validates with these schemas; the panel imports the
 * inferred types, so this file imports nothing but zod and other pure domain modules.
 */
import { z } from "zod";
import { connectionStateSchema } from "./api/tenants";
import { daySchema, usageCountersSchema } from "./api/usage";
import { businessHoursSchema, botSettingsSchema, handoffSchema } from "./bot-settings";
import type { MessageKind } from "./inbound-event";
import { roles, tenantRoles } from "./roles";

/** Compile-time proof that a zod enum lists exactly the members of a domain union. */
type SameMembers<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameMembers = <A, B>(proof: SameMembers<A, B>) => proof;

const isoTime = z.iso.datetime();

export const messageKindSchema = z.enum(["text", "image", "audio", "video", "document", "sticker", "location", "contact", "other"]);
sameMembers<z.infer<typeof messageKindSchema>, MessageKind>(true);


export const roleSchema = z.enum(roles);
export const tenantRoleSchema = z.enum(tenantRoles);

/** Every refusal: `unauthorized`, `forbidden`, `not_found`, `invalid_credentials`, `too_many_attempts`, ... */
export const errorBodySchema = z.object({ error: z.string() });
export const validationErrorSchema = z.object({
  error: z.literal("invalid_request"),
  details: z.array(z.object({ path: z.string(), message: z.string() })),
});

// ---- sign-in ---------------------------------------------------------------------------

/** Long enough to hold an e-mail address or a phone number however it is typed. */
const loginInput = z.string().trim().min(1).max(254);
/** The cap bounds the work a request can ask of PBKDF2; it is not a policy. */
const passwordInput = z.string().min(1).max(1024);
export const PASSWORD_MIN_LENGTH = 8;
const newPassword = z.string().min(PASSWORD_MIN_LENGTH, `use at least ${PASSWORD_MIN_LENGTH} characters`).max(1024);
const phoneInput = z.string().trim().min(8).max(40);
const personName = z.string().trim().min(1).max(100);

export const loginRequestSchema = z.object({ login: loginInput, password: passwordInput }).strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const codeRequestSchema = z.object({ phone: phoneInput }).strict();
export type CodeRequest = z.infer<typeof codeRequestSchema>;

export const codeVerifyRequestSchema = z
  .object({ phone: phoneInput, code: z.string().trim().regex(/^\d{6}$/, "six digits") })
  .strict();
export type CodeVerifyRequest = z.infer<typeof codeVerifyRequestSchema>;

export const inviteAcceptRequestSchema = z
  .object({ token: z.string().min(16).max(200), password: newPassword, name: personName.optional() })
  .strict();
export type InviteAcceptRequest = z.infer<typeof inviteAcceptRequestSchema>;

export const logoutQuerySchema = z.object({ everywhere: z.enum(["0", "1"]).optional() });

// ---- who is signed in ------------------------------------------------------------------

export const meUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  /** The phone number (digits with country code) or e-mail the user signs in with. */
  login: z.string(),
});
export const meTenantSchema = z.object({
  instance: z.string(),
  name: z.string(),
  connectionState: connectionStateSchema,
});
/** `GET /api/me`, and the answer of every sign-in (with the session cookie). */
export const meResponseSchema = z.object({ user: meUserSchema, tenant: meTenantSchema.nullable() });
export type MeResponse = z.infer<typeof meResponseSchema>;

// ---- conversations ---------------------------------------------------------------------

const contactName = z.string().nullable();
/** The attendant who took the conversation over; null while the bot has it or nobody claimed it. */
export const assigneeSchema = z.object({ id: z.string(), name: z.string() }).nullable();

export const conversationStatusSchema = z.enum(["bot", "human"]);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export const conversationsQuerySchema = z.object({
  /** `human`: taken over by someone; `paused`: paused with nobody assigned (a handoff waiting). */
  status: z.enum(["all", "bot", "human", "paused"]).default("all"),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type ConversationsQuery = z.infer<typeof conversationsQuerySchema>;

export const conversationItemSchema = z.object({
  contact: z.string(),
  name: contactName,
  lastMessage: z
    .object({
      direction: z.enum(["in", "out", "human"]),
      kind: messageKindSchema,
      text: z.string().nullable(),
      at: isoTime,
    })
    .nullable(),
  unread: z.number().int().min(0),
  status: conversationStatusSchema,
  pausedUntil: isoTime.nullable(),
  assignedTo: assigneeSchema,
});
export type ConversationItem = z.infer<typeof conversationItemSchema>;

export const conversationsResponseSchema = z.object({
  items: z.array(conversationItemSchema),
  nextCursor: z.string().nullable(),
});
export type ConversationsResponse = z.infer<typeof conversationsResponseSchema>;

export const transcriptQuerySchema = z.object({
  /** `nextBefore` of the previous page: messages older than it. */
  before: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TranscriptQuery = z.infer<typeof transcriptQuerySchema>;

export const transcriptMessageSchema = z.object({
  id: z.string(),
  direction: z.enum(["in", "out", "human"]),
  kind: messageKindSchema,
  text: z.string().nullable(),
  at: isoTime,
  /** The panel user's name for messages written in the panel; null otherwise. */
  author: z.string().nullable(),
});
export type TranscriptMessage = z.infer<typeof transcriptMessageSchema>;

/** A page, oldest first; `nextBefore` fetches the older page (null at the beginning). */
export const transcriptResponseSchema = z.object({
  items: z.array(transcriptMessageSchema),
  nextBefore: z.string().nullable(),
});
export type TranscriptResponse = z.infer<typeof transcriptResponseSchema>;

/** The body is optional: without it the pause lasts the tenant's `handoff.pauseMinutes`. */
export const takeoverRequestSchema = z
  .object({ autoResumeMinutes: z.number().int().min(1).max(43_200).optional() })
  .strict();
export type TakeoverRequest = z.infer<typeof takeoverRequestSchema>;

export const takeoverResponseSchema = z.object({
  status: z.literal("human"),
  pausedUntil: isoTime,
  assignedTo: assigneeSchema,
});
export type TakeoverResponse = z.infer<typeof takeoverResponseSchema>;

export const sendMessageRequestSchema = z.object({ text: z.string().trim().min(1).max(4096) }).strict();
export type SendMessageRequest = z.infer<typeof sendMessageRequestSchema>;
export const sendMessageResponseSchema = z.object({ id: z.string() });
export type SendMessageResponse = z.infer<typeof sendMessageResponseSchema>;

export const releaseResponseSchema = z.object({ status: z.literal("bot") });
export type ReleaseResponse = z.infer<typeof releaseResponseSchema>;

// ---- settings, WhatsApp, usage -----------------------------------------------------------

/** `GET /api/settings` and the answer of a PATCH: the tenant's complete bot settings. */
export const settingsResponseSchema = botSettingsSchema;
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;

/**
 * The keys an owner may change: what the bot says and when. Quotas, model and timing stay the
 * operator's, so a tenant cannot lift its own limits. Nested objects are merged key by key and
 * the merged whole is validated again; here no key carries a default, so a patch never resets
 * what it does not name.
 */
export const settingsPatchSchema = z
  .object({
    systemPrompt: botSettingsSchema.shape.systemPrompt.unwrap(),
    businessProfile: botSettingsSchema.shape.businessProfile.unwrap(),
    fallbackText: botSettingsSchema.shape.fallbackText.unwrap(),
    quotaText: botSettingsSchema.shape.quotaText.unwrap(),
    handoff: z
      .object({
        keywords: handoffSchema.shape.keywords.unwrap(),
        message: handoffSchema.shape.message.unwrap(),
        pauseMinutes: handoffSchema.shape.pauseMinutes.unwrap(),
        notifyNumber: handoffSchema.shape.notifyNumber.unwrap(),
      })
      .partial()
      .strict(),
    businessHours: z
      .object({
        timezone: businessHoursSchema.shape.timezone.unwrap(),
        weekly: businessHoursSchema.shape.weekly.unwrap(),
        outsideHours: businessHoursSchema.shape.outsideHours.unwrap(),
        awayMessage: businessHoursSchema.shape.awayMessage.unwrap(),
      })
      .partial()
      .strict()
      .nullable(),
    quickReplies: botSettingsSchema.shape.quickReplies.unwrap(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const qrCodeSchema = z.object({ code: z.string(), base64: z.string() });
/** `GET /api/whatsapp` and `POST /api/whatsapp/connect`. */
export const whatsappResponseSchema = z.object({ state: connectionStateSchema, qrcode: qrCodeSchema.nullable() });
export type WhatsappResponse = z.infer<typeof whatsappResponseSchema>;

const day = daySchema;
export const usageQuerySchema = z.object({ from: day.optional(), to: day.optional() });
export type UsageQuery = z.infer<typeof usageQuerySchema>;

const count = z.number().int().min(0);
export const usageResponseSchema = z.object({
  items: z.array(usageCountersSchema.extend({ day })),
  totals: usageCountersSchema,
  /** The current month (the tenant's timezone): AI calls so far against `monthlyAiReplies` (null = no limit). */
  month: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), aiCalls: count, quota: count.nullable() }),
});
export type UsageResponse = z.infer<typeof usageResponseSchema>;

// ---- users and invites -----------------------------------------------------------------

export const userViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  login: z.string(),
  createdAt: isoTime,
});
export type UserView = z.infer<typeof userViewSchema>;
export const usersResponseSchema = z.object({ items: z.array(userViewSchema) });
export type UsersResponse = z.infer<typeof usersResponseSchema>;

const inviteLogin = {
  phone: phoneInput.optional(),
  email: z.string().trim().max(254).optional(),
};
const oneLogin = (v: { phone?: string | undefined; email?: string | undefined }) =>
  (v.phone === undefined) !== (v.email === undefined);
const oneLoginIssue = { message: "give exactly one of phone or email", path: ["phone"] };

/** `POST /api/users` and `POST /admin/tenants/{instance}/invites`. */
export const inviteRequestSchema = z
  .object({ role: tenantRoleSchema, name: personName, ...inviteLogin })
  .strict()
  .refine(oneLogin, oneLoginIssue);
export type InviteRequest = z.infer<typeof inviteRequestSchema>;

/** The operator's invite for another operator (`platform` user, no tenant). */
export const platformInviteRequestSchema = z
  .object({ name: personName, ...inviteLogin })
  .strict()
  .refine(oneLogin, oneLoginIssue);
export type PlatformInviteRequest = z.infer<typeof platformInviteRequestSchema>;

/** Shown once: the link carries the only copy of the token. */
export const inviteResponseSchema = z.object({ inviteUrl: z.url(), expiresAt: isoTime });
export type InviteResponse = z.infer<typeof inviteResponseSchema>;

// ---- audit -----------------------------------------------------------------------------

export const auditActions = [
  "auth.login",
  "auth.logout",
  "auth.logout_everywhere",
  "conversation.takeover",
  "conversation.release",
  "settings.update",
  "user.invite",
  "user.join",
  "user.remove",
  "whatsapp.connect",
] as const;
export const auditActionSchema = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditQuerySchema = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEventSchema = z.object({
  id: z.string(),
  at: isoTime,
  /** Null when the operator acted with the admin token rather than as a user. */
  actor: z.object({ id: z.string(), name: z.string(), role: roleSchema }).nullable(),
  action: auditActionSchema,
  /** What it acted on: a contact JID, a user id; null for sign-ins and settings. */
  target: z.string().nullable(),
  /** Non-secret facts: the sign-in method, the settings keys changed, the invited role. */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
export const auditResponseSchema = z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() });
export type AuditResponse = z.infer<typeof auditResponseSchema>;
