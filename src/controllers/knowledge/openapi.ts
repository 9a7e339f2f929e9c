/**
 * The knowledge routes in the admin API's OpenAPI document. Bodies are validated by the domain
 * schemas in the handlers; the document describes them by their fields.
 */
import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { knowledgeKinds } from "../../domain/knowledge";
import { adminSecurity as security, commonErrors, errorBody, instanceParam, json, jsonBody, notFound } from "../admin/responses";

const entry = z
  .looseObject({ id: z.string(), kind: z.enum(knowledgeKinds), enabled: z.boolean(), createdAt: z.number().int(), updatedAt: z.number().int() })
  .openapi("KnowledgeEntry", { description: "A FAQ (question, answer, keywords), item (name, price, unit, description, category, available) or document (title, text, chunks); times in epoch ms" });
const entryBody = z.looseObject({ kind: z.enum(knowledgeKinds) }).openapi("KnowledgeEntryInput");
const page = (item: z.ZodType, name: string) => z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
const importReport = z
  .object({ imported: z.number().int(), updated: z.number().int(), errors: z.array(z.object({ line: z.number().int(), message: z.string() })) })
  .openapi("CatalogImportReport");
const searchAnswer = z
  .object({ items: z.array(z.object({ id: z.string(), kind: z.enum(knowledgeKinds), score: z.number(), text: z.string() })), chars: z.number().int() })
  .openapi("KnowledgeSearch");
const unanswered = z
  .object({ id: z.string(), text: z.string(), contactJid: z.string(), at: z.number().int(), count: z.number().int() })
  .openapi("UnansweredQuestion");
const refused = json(errorBody.extend({ message: z.string() }), "A name already taken, or the tenant's limit for this kind reached");
const idParams = instanceParam.extend({ id: z.string().openapi({ param: { name: "id", in: "path" } }) });
const cursorPage = z.object({ cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).optional() });

export function documentKnowledgeRoutes(router: OpenAPIHono<any>) {
  const registry = router.openAPIRegistry;
  registry.registerPath({
    method: "get",
    path: "/{instance}/knowledge",
    security,
    request: { params: instanceParam, query: cursorPage.extend({ kind: z.enum(knowledgeKinds).optional(), q: z.string().optional() }) },
    responses: { 200: json(page(entry, "KnowledgePage"), "Entries, most recently changed first"), ...commonErrors, ...notFound },
  });
  registry.registerPath({
    method: "post",
    path: "/{instance}/knowledge",
    security,
    request: { params: instanceParam, body: jsonBody(entryBody) },
    responses: { 201: json(entry, "Created"), 409: refused, ...commonErrors, ...notFound },
  });
  registry.registerPath({
    method: "patch",
    path: "/{instance}/knowledge/{id}",
    security,
    request: { params: idParams, body: jsonBody(z.looseObject({}).openapi("KnowledgeEntryPatch")) },
    responses: { 200: json(entry, "Updated: the given fields replace the stored ones"), 409: refused, ...commonErrors, ...notFound },
  });
  registry.registerPath({
    method: "delete",
    path: "/{instance}/knowledge/{id}",
    security,
    request: { params: idParams },
    responses: { 204: { description: "Deleted" }, ...commonErrors, ...notFound },
  });
  registry.registerPath({
    method: "post",
    path: "/{instance}/knowledge/import",
    security,
    request: { params: instanceParam, body: { content: { "text/csv": { schema: z.string() } }, required: true } },
    responses: {
      200: json(importReport, "Good lines imported (same name: updated), bad ones reported by line"),
      413: json(errorBody, "Over 2 MB"),
      415: json(errorBody, "Not sent as text/csv"),
      ...commonErrors,
      ...notFound,
    },
  });
  registry.registerPath({
    method: "post",
    path: "/{instance}/knowledge/documents",
    security,
    request: {
      params: instanceParam,
      body: {
        content: {
          "application/json": { schema: z.object({ title: z.string(), text: z.string() }) },
          "multipart/form-data": { schema: z.object({ file: z.string().openapi({ format: "binary" }), title: z.string().optional() }) },
        },
        required: true,
      },
    },
    responses: { 201: json(entry, "The document, chunked for retrieval"), 409: refused, 413: json(errorBody, "Too large"), 415: json(errorBody, "Not .txt, .md or .pdf"), ...commonErrors, ...notFound },
  });
  registry.registerPath({
    method: "get",
    path: "/{instance}/knowledge/search",
    security,
    request: { params: instanceParam, query: z.object({ q: z.string() }) },
    responses: { 200: json(searchAnswer, "What retrieval would put in the prompt for this text"), ...commonErrors, ...notFound },
  });
  registry.registerPath({
    method: "get",
    path: "/{instance}/unanswered",
    security,
    request: { params: instanceParam, query: cursorPage },
    responses: { 200: json(page(unanswered, "UnansweredPage"), "Questions the bot could not answer, latest first"), ...commonErrors, ...notFound },
  });
  registry.registerPath({
    method: "post",
    path: "/{instance}/unanswered/{id}/answer",
    security,
    request: { params: idParams, body: jsonBody(z.object({ answer: z.string(), question: z.string().optional() })) },
    responses: { 201: json(entry, "The FAQ the answer became; the question leaves the list"), 409: refused, ...commonErrors, ...notFound },
  });
  registry.registerPath({
    method: "delete",
    path: "/{instance}/unanswered/{id}",
    security,
    request: { params: idParams },
    responses: { 204: { description: "Dismissed" }, ...commonErrors, ...notFound },
  });
}
