/**
 * The knowledge routes, one router built for both APIs: the admin API mounts it under
 * `/admin/tenants/{instance}` (documented in its OpenAPI document), the panel's API under `/api`
 * for the signed-in owner's tenant. Same paths after the prefix, same service, same answers.
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  KNOWLEDGE_FIELD_LIMITS,
  knowledgeCreateSchema,
  knowledgeListQuerySchema,
  knowledgeSearchQuerySchema,
  unansweredAnswerSchema,
  unansweredListQuerySchema,
} from "../../domain/knowledge";
import type { Tenant } from "../../domain/tenant";
import { importCatalog } from "../../services/knowledge/catalog-import";
import { decodeText, documentFromFile, validDocument } from "../../services/knowledge/documents";
import { createEntry, deleteEntry, listEntries, updateEntry, LIMIT_MESSAGES, type WriteRefusal } from "../../services/knowledge/entries";
import { searchKnowledge } from "../../services/knowledge/retrieval";
import { answerQuestion, dismissQuestion, listQuestions } from "../../services/knowledge/unanswered";
import { jsonBody, params, query } from "../api/validate";
import type { AppEnv } from "../middleware/context";
import { invalidRequest } from "../middleware/errors";
import { documentKnowledgeRoutes } from "./openapi";
import { embedderOf, scheduleEmbedding } from "./scope";

/** JSON bodies, as everywhere else in the APIs. */
const JSON_LIMIT = 256 * 1024;
/** A catalog of 5,000 lines with descriptions. */
const CSV_LIMIT = 2 * 1024 * 1024;
/** The PDF limit plus what multipart adds around it. */
const UPLOAD_LIMIT = KNOWLEDGE_FIELD_LIMITS.pdfBytes + 64 * 1024;
const CSV_TYPES = ["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"];

const tooLarge = (max: number) => (c: Context) => c.json({ error: "payload_too_large", message: `o corpo passa de ${Math.round(max / 1024)} KB` }, 413);
const limited = (max: number) => bodyLimit({ maxSize: max, onError: tooLarge(max) });
const idParam = params(z.object({ id: z.string().min(1).max(100) }));

export interface KnowledgeScope {
  /** What comes before `/knowledge` and `/unanswered`: the tenant's instance, or nothing. */
  prefix: "/{instance}" | "";
  /**
   * The tenant the request acts on; null answers 404 (the admin API's unknown instance). Each
   * API passes its own, typed with its own context (the panel's has the session).
   */
  tenant: (c: Context) => Promise<Tenant | null>;
  /** Whether the routes go into the OpenAPI document of the router they are mounted on. */
  documented: boolean;
}

function refusal(c: Context, r: WriteRefusal) {
  return r.error === "duplicate_name"
    ? c.json({ error: "duplicate_name", message: "já existe um produto com este nome", id: r.id }, 409)
    : c.json({ error: "limit_reached", message: LIMIT_MESSAGES[r.kind] }, 409);
}

export function knowledgeRoutes(scope: KnowledgeScope): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>();
  const path = (p: string) => `${scope.prefix.replace(/\{(\w+)\}/g, ":$1")}${p}`;
  const db = (c: Context<AppEnv>) => c.var.db;
  /** The request's tenant, or the 404 to answer. */
  const tenantOr404 = async (c: Context<AppEnv>): Promise<Tenant | Response> => (await scope.tenant(c)) ?? c.json({ error: "not_found" }, 404);

  router.get(path("/knowledge"), query(knowledgeListQuerySchema), async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    const page = await listEntries(db(c), t.id, c.req.valid("query"));
    if (page === "invalid_cursor") return invalidRequest(c, [{ path: ["cursor"], message: "unknown cursor" }]);
    return c.json(page, 200);
  });

  router.post(path("/knowledge"), limited(JSON_LIMIT), jsonBody(knowledgeCreateSchema), async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    const created = await createEntry(db(c), t.id, c.req.valid("json"), Date.now());
    if ("error" in created) return refusal(c, created);
    scheduleEmbedding(c, t.id);
    return c.json(created, 201);
  });

  router.get(path("/knowledge/search"), query(knowledgeSearchQuerySchema), async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    return c.json(await searchKnowledge(db(c), t.id, c.req.valid("query").q, t.bot.knowledgeBudgetChars, embedderOf(c)), 200);
  });

  router.post(path("/knowledge/import"), limited(CSV_LIMIT), async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!CSV_TYPES.includes(type)) {
      return c.json({ error: "unsupported_media_type", message: "envie o arquivo CSV com Content-Type text/csv" }, 415);
    }
    const csv = decodeText(new Uint8Array(await c.req.arrayBuffer()));
    const report = await importCatalog(db(c), t.id, csv, Date.now());
    if (report.imported + report.updated > 0) scheduleEmbedding(c, t.id);
    return c.json(report, 200);
  });

  router.post(path("/knowledge/documents"), limited(UPLOAD_LIMIT), async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    let doc;
    if (type.startsWith("multipart/form-data")) {
      const form = await c.req.formData().catch(() => null);
      const file = form?.get("file");
      if (!form || !file || typeof file === "string") return invalidRequest(c, [{ path: ["file"], message: "envie o arquivo no campo file" }]);
      const title = form.get("title");
      doc = await documentFromFile({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, typeof title === "string" ? title : null);
    } else {
      if (type.split(";")[0]!.trim() !== "application/json") {
        return c.json({ error: "unsupported_media_type", message: "envie JSON {title, text} ou um arquivo em multipart/form-data" }, 415);
      }
      const body: unknown = await c.req.json().catch(() => undefined);
      if (body === undefined) return invalidRequest(c, [{ path: ["body"], message: "malformed JSON" }]);
      doc = validDocument(body);
    }
    if (!doc.ok) return c.json({ error: doc.status === 415 ? "unsupported_media_type" : doc.status === 413 ? "payload_too_large" : "invalid_document", message: doc.message }, doc.status);
    const created = await createEntry(db(c), t.id, { kind: "document", title: doc.title, text: doc.text, enabled: true }, Date.now());
    if ("error" in created) return refusal(c, created);
    scheduleEmbedding(c, t.id);
    return c.json(created, 201);
  });

  router.patch(path("/knowledge/:id"), limited(JSON_LIMIT), idParam, async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    const body: unknown = await c.req.json().catch(() => undefined);
    if (body === undefined) return invalidRequest(c, [{ path: ["body"], message: "malformed JSON" }]);
    const updated = await updateEntry(db(c), t.id, c.req.valid("param").id, body, Date.now());
    if (updated === "not_found") return c.json({ error: "not_found" }, 404);
    if ("error" in updated) return updated.error === "invalid_request" ? invalidRequest(c, updated.issues) : refusal(c, updated);
    scheduleEmbedding(c, t.id);
    return c.json(updated, 200);
  });

  router.delete(path("/knowledge/:id"), idParam, async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    const deleted = await deleteEntry(db(c), t.id, c.req.valid("param").id);
    return deleted ? c.body(null, 204) : c.json({ error: "not_found" }, 404);
  });

  router.get(path("/unanswered"), query(unansweredListQuerySchema), async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    const page = await listQuestions(db(c), t.id, c.req.valid("query"));
    if (page === "invalid_cursor") return invalidRequest(c, [{ path: ["cursor"], message: "unknown cursor" }]);
    return c.json(page, 200);
  });

  router.post(path("/unanswered/:id/answer"), limited(JSON_LIMIT), idParam, jsonBody(unansweredAnswerSchema), async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    const faq = await answerQuestion(db(c), t.id, c.req.valid("param").id, c.req.valid("json"), Date.now());
    if (faq === "not_found") return c.json({ error: "not_found" }, 404);
    if ("error" in faq) return refusal(c, faq);
    scheduleEmbedding(c, t.id);
    return c.json(faq, 201);
  });

  router.delete(path("/unanswered/:id"), idParam, async (c) => {
    const t = await tenantOr404(c);
    if (t instanceof Response) return t;
    return (await dismissQuestion(db(c), t.id, c.req.valid("param").id)) ? c.body(null, 204) : c.json({ error: "not_found" }, 404);
  });

  if (scope.documented) documentKnowledgeRoutes(router);
  return router;
}
