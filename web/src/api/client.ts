import { describeApiError, endsSession } from "../logic/api-errors";
import type {
  BotSettings,
  ConversationFilter,
  ConversationPage,
  ErrorBody,
  ErrorDetail,
  ImportReport,
  InviteCreated,
  InviteRequest,
  KnowledgeEntry,
  KnowledgeKind,
  KnowledgePage,
  KnowledgeSearch,
  Me,
  SandboxTranscript,
  TakeoverResult,
  TeamMember,
  TenantCreated,
  TenantPage,
  TranscriptPage,
  UnansweredPage,
  UsageReport,
  WhatsAppStatus,
} from "./types";

/** A failed request, with the message a person should read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly details: ErrorDetail[],
  ) {
    super(describeApiError(status, code));
  }
}

/**
 * What a person reads when something failed: the API's own message, or, for a network failure or
 * a bug, a plain pt-BR sentence instead of the browser's English error text.
 */
export function errorMessage(err: unknown): string {
  return err instanceof ApiError ? err.message : "Algo deu errado. Verifique a conexão e tente de novo.";
}

let sessionEnded: () => void = () => {};

/** Called when an answer says the session is gone: the app goes back to Entrar. */
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

type Body = { json: unknown } | { raw: BodyInit; type?: string } | undefined;

async function request<T>(method: string, path: string, body?: Body): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  let payload: BodyInit | undefined;
  if (body && "json" in body) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body.json);
  } else if (body) {
    if (body.type) headers["content-type"] = body.type;
    payload = body.raw;
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, null, []);
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (data ?? {}) as Partial<ErrorBody>;
    const code = typeof err.error === "string" ? err.error : null;
    if (endsSession(res.status, code)) sessionEnded();
    throw new ApiError(res.status, code, Array.isArray(err.details) ? err.details : []);
  }
  return data as T;
}

const get = <T>(path: string) => request<T>("GET", path);
const post = <T>(path: string, json?: unknown) => request<T>("POST", path, json === undefined ? undefined : { json });
const patch = <T>(path: string, json: unknown) => request<T>("PATCH", path, { json });
const del = (path: string) => request<void>("DELETE", path);

function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}

const contactPath = (contact: string) => `/api/conversations/${encodeURIComponent(contact)}`;

export const api = {
  me: () => get<Me>("/api/me"),
  login: (login: string, password: string) => post<Me>("/api/auth/login", { login, password }),
  requestCode: (phone: string) => post<void>("/api/auth/code", { phone }),
  verifyCode: (phone: string, code: string) => post<Me>("/api/auth/code/verify", { phone, code }),
  acceptInvite: (token: string, password: string, name?: string) =>
    post<Me>("/api/auth/invite/accept", { token, password, ...(name ? { name } : {}) }),
  logout: (everywhere = false) => post<void>(`/api/auth/logout${everywhere ? "?everywhere=1" : ""}`),

  conversations: (status: ConversationFilter, q: string, cursor?: string | null) =>
    get<ConversationPage>(`/api/conversations${query({ status, q, cursor })}`),
  messages: (contact: string, before?: string | null, limit = 50) =>
    get<TranscriptPage>(`${contactPath(contact)}/messages${query({ before, limit })}`),
  send: (contact: string, text: string) => post<{ id: string }>(`${contactPath(contact)}/messages`, { text }),
  takeover: (contact: string) => post<TakeoverResult>(`${contactPath(contact)}/takeover`),
  release: (contact: string) => post<{ status: "bot" }>(`${contactPath(contact)}/release`),
  markRead: (contact: string) => post<void>(`${contactPath(contact)}/read`),

  settings: () => get<BotSettings>("/api/settings"),
  saveSettings: (changes: Partial<BotSettings>) => patch<BotSettings>("/api/settings", changes),

  whatsapp: () => get<WhatsAppStatus>("/api/whatsapp"),
  connectWhatsapp: () => post<WhatsAppStatus>("/api/whatsapp/connect"),

  usage: (from: string, to: string) => get<UsageReport>(`/api/usage${query({ from, to })}`),

  users: () => get<{ items: TeamMember[] }>("/api/users"),
  invite: (body: InviteRequest) => post<InviteCreated>("/api/users", body),
  removeUser: (id: string) => del(`/api/users/${encodeURIComponent(id)}`),

  sandbox: () => get<SandboxTranscript>("/api/sandbox/messages"),
  sandboxSend: (text: string) => post<{ id: string; contact: string }>("/api/sandbox/messages", { text }),
  sandboxReset: () => del("/api/sandbox"),

  knowledge: (kind: KnowledgeKind | null, q: string, cursor?: string | null) =>
    get<KnowledgePage>(`/api/knowledge${query({ kind, q, cursor, limit: 50 })}`),
  createEntry: (entry: Record<string, unknown>) => post<KnowledgeEntry>("/api/knowledge", entry),
  updateEntry: (id: string, changes: Record<string, unknown>) => patch<KnowledgeEntry>(`/api/knowledge/${encodeURIComponent(id)}`, changes),
  deleteEntry: (id: string) => del(`/api/knowledge/${encodeURIComponent(id)}`),
  importCsv: (file: Blob) => request<ImportReport>("POST", "/api/knowledge/import", { raw: file, type: "text/csv" }),
  uploadDocument: (file: File) => {
    const form = new FormData();
    form.set("file", file);
    return request<KnowledgeEntry>("POST", "/api/knowledge/documents", { raw: form });
  },
  searchKnowledge: (q: string) => get<KnowledgeSearch>(`/api/knowledge/search${query({ q })}`),
  unanswered: () => get<UnansweredPage>("/api/unanswered"),
  answerUnanswered: (id: string, answer: string) => post<KnowledgeEntry>(`/api/unanswered/${encodeURIComponent(id)}/answer`, { answer }),
  dismissUnanswered: (id: string) => del(`/api/unanswered/${encodeURIComponent(id)}`),

  tenants: (cursor?: string | null) => get<TenantPage>(`/admin/tenants${query({ limit: 100, cursor })}`),
  createTenant: (body: { instance: string; name: string }) => post<TenantCreated>("/admin/tenants", body),
  inviteOwner: (instance: string, body: InviteRequest) =>
    post<InviteCreated>(`/admin/tenants/${encodeURIComponent(instance)}/invites`, body),
};
