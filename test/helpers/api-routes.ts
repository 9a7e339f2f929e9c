/**
 * The panel's API (`/api/*`) as "METHOD path" with the capability each route needs (null: any
 * signed-in user; "public": no session). Tests walk this table; whoever adds an `/api` route
 * appends it here, with a body that passes validation when the route takes one.
 */
import type { Capability } from "../../src/domain/roles";

export interface ApiRoute {
  route: string;
  capability: Capability | null | "public";
  body?: unknown;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { route: "POST /api/auth/login", capability: "public", body: { login: "5511900000000", password: "x" } },
  { route: "POST /api/auth/code", capability: "public", body: { phone: "5511900000000" } },
  { route: "POST /api/auth/code/verify", capability: "public", body: { phone: "5511900000000", code: "123456" } },
  { route: "POST /api/auth/invite/accept", capability: "public", body: { token: "a-token-nobody-was-given-0000", password: "uma-senha-longa" } },
  { route: "POST /api/auth/logout", capability: null },
  { route: "GET /api/me", capability: null },
  { route: "PUT /api/me/tenant", capability: "admin", body: { instance: "padaria" } },
  { route: "GET /api/conversations", capability: "conversations.read" },
  { route: "GET /api/conversations/{contact}/messages", capability: "conversations.read" },
  { route: "POST /api/conversations/{contact}/takeover", capability: "conversations.takeover", body: {} },
  { route: "POST /api/conversations/{contact}/messages", capability: "conversations.takeover", body: { text: "Olá, aqui é a Júlia." } },
  { route: "POST /api/conversations/{contact}/release", capability: "conversations.takeover" },
  { route: "POST /api/conversations/{contact}/read", capability: "conversations.mark_read" },
  { route: "GET /api/settings", capability: "settings.read" },
  { route: "PATCH /api/settings", capability: "settings.write", body: { systemPrompt: "Você é a atendente da padaria." } },
  { route: "GET /api/whatsapp", capability: "whatsapp.read" },
  { route: "POST /api/whatsapp/connect", capability: "whatsapp.connect" },
  { route: "GET /api/usage", capability: "usage.read" },
  { route: "GET /api/users", capability: "users.read" },
  { route: "POST /api/users", capability: "users.write", body: { role: "agent", name: "Nova", phone: "5511900000001" } },
  { route: "DELETE /api/users/{id}", capability: "users.write" },
  { route: "GET /api/audit", capability: "audit.read" },
  { route: "GET /api/knowledge", capability: "knowledge.read" },
  { route: "POST /api/knowledge", capability: "knowledge.write", body: {} },
  { route: "PATCH /api/knowledge/{id}", capability: "knowledge.write", body: { enabled: false } },
  { route: "DELETE /api/knowledge/{id}", capability: "knowledge.write" },
  { route: "POST /api/knowledge/import", capability: "knowledge.write", body: "nome;preco" },
  { route: "POST /api/knowledge/documents", capability: "knowledge.write", body: { title: "", text: "" } },
  { route: "GET /api/knowledge/search?q=pix", capability: "knowledge.read" },
  { route: "GET /api/unanswered", capability: "knowledge.read" },
  { route: "POST /api/unanswered/{id}/answer", capability: "knowledge.write", body: { answer: "Sim, aceitamos." } },
  { route: "DELETE /api/unanswered/{id}", capability: "knowledge.write" },
  { route: "POST /api/sandbox/messages", capability: "sandbox.use", body: { text: "Vocês abrem no domingo?" } },
  { route: "GET /api/sandbox/messages", capability: "sandbox.use" },
  { route: "DELETE /api/sandbox", capability: "sandbox.use" },
];
