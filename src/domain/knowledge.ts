/**
 * What a business teaches its bot: FAQ entries, catalog items and documents, with the limits
 * every write path (API, panel, CSV import) enforces through these schemas.
 */
import { z } from "zod";

export const knowledgeKinds = ["faq", "item", "document"] as const;
export type KnowledgeKind = (typeof knowledgeKinds)[number];

/** Field limits, in characters unless named otherwise. */
export const KNOWLEDGE_FIELD_LIMITS = {
  question: 500,
  answer: 4000,
  keyword: 100,
  keywords: 30,
  name: 200,
  unit: 50,
  description: 2000,
  category: 100,
  title: 200,
  documentText: 200_000,
  pdfBytes: 5 * 1024 * 1024,
  /** Highest price accepted, in BRL. */
  maxPrice: 1_000_000,
} as const;

/** How many entries of each kind one tenant holds at most. */
export const TENANT_KNOWLEDGE_LIMITS: Record<KnowledgeKind, number> = {
  item: 5000,
  faq: 1000,
  document: 50,
};

/** The prompt block's size: bot setting `knowledgeBudgetChars`. */
export const KNOWLEDGE_BUDGET = { default: 6000, max: 30_000 } as const;

const L = KNOWLEDGE_FIELD_LIMITS;

/** Text that must say something: trimmed, then non-empty and at most `max` characters. */
const requiredText = (max: number) => z.string().trim().min(1).max(max);
/** Optional text: blank becomes null, so "" in a form clears the field. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === "" ? null : s))
    .nullable();

/** A BRL amount with at most two decimals ("12.90" arrives as 12.9). */
export const priceSchema = z
  .number()
  .nonnegative()
  .max(L.maxPrice)
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, "at most two decimals");

/** Each kind's fields without defaults: the create schemas add defaults, patches stay partial. */
const faqFields = {
  question: requiredText(L.question),
  answer: requiredText(L.answer),
  /** Extra words that should find this FAQ ("pix", "cartão"). */
  keywords: z.array(requiredText(L.keyword)).max(L.keywords),
};
const itemFields = {
  name: requiredText(L.name),
  price: priceSchema.nullable(),
  unit: optionalText(L.unit),
  description: optionalText(L.description),
  category: optionalText(L.category),
  available: z.boolean(),
};
const documentFields = {
  title: requiredText(L.title),
  text: requiredText(L.documentText),
};

export const faqFieldsSchema = z.object({ ...faqFields, keywords: faqFields.keywords.default([]) });
export const itemFieldsSchema = z.object({
  ...itemFields,
  price: itemFields.price.default(null),
  unit: itemFields.unit.default(null),
  description: itemFields.description.default(null),
  category: itemFields.category.default(null),
  available: itemFields.available.default(true),
});
export const documentFieldsSchema = z.object(documentFields);

export type FaqFields = z.infer<typeof faqFieldsSchema>;
export type ItemFields = z.infer<typeof itemFieldsSchema>;
export type DocumentFields = z.infer<typeof documentFieldsSchema>;

const enabled = z.boolean().default(true);

/** `POST /knowledge`: one entry of any kind. */
export const knowledgeCreateSchema = z.discriminatedUnion("kind", [
  faqFieldsSchema.extend({ kind: z.literal("faq"), enabled }).strict(),
  itemFieldsSchema.extend({ kind: z.literal("item"), enabled }).strict(),
  documentFieldsSchema.extend({ kind: z.literal("document"), enabled }).strict(),
]);
export type KnowledgeCreate = z.infer<typeof knowledgeCreateSchema>;

/**
 * `PATCH /knowledge/{id}` bodies, by the stored entry's kind (the kind itself never changes):
 * given fields replace the stored ones, absent fields stay.
 */
export const knowledgePatchSchemas = {
  faq: z.object({ ...faqFields, enabled: z.boolean() }).partial().strict(),
  item: z.object({ ...itemFields, enabled: z.boolean() }).partial().strict(),
  document: z.object({ ...documentFields, enabled: z.boolean() }).partial().strict(),
} satisfies Record<KnowledgeKind, z.ZodType>;
export type KnowledgePatch<K extends KnowledgeKind> = z.infer<(typeof knowledgePatchSchemas)[K]>;

interface EntryMeta {
  id: string;
  enabled: boolean;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}
export type FaqEntry = EntryMeta & { kind: "faq" } & FaqFields;
export type ItemEntry = EntryMeta & { kind: "item" } & ItemFields;
export type DocumentEntry = EntryMeta & { kind: "document"; chunks: number } & DocumentFields;
export type KnowledgeEntry = FaqEntry | ItemEntry | DocumentEntry;

/** `GET /knowledge` query string. */
export const knowledgeListQuerySchema = z.object({
  kind: z.enum(knowledgeKinds).optional(),
  q: z.string().trim().max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `POST /knowledge/documents` as JSON (the multipart form carries the same two fields). */
export const documentUploadSchema = documentFieldsSchema.strict();

/** `POST /knowledge/import` answer. */
export interface CsvImportReport {
  imported: number;
  updated: number;
  errors: CsvLineError[];
}
/** `line` is the file's line number where the record starts (the header is line 1). */
export interface CsvLineError {
  line: number;
  message: string;
}

/** `GET /knowledge/search?q=`: what retrieval would put in the prompt for that text. */
export const knowledgeSearchQuerySchema = z.object({ q: z.string().trim().min(1).max(2000) });
export interface KnowledgeSearchAnswer {
  items: { id: string; kind: KnowledgeKind; score: number; text: string }[];
  /** Length of the prompt block these items make. */
  chars: number;
}

/** A question the bot could not answer, grouped with the similar ones asked since. */
export interface UnansweredQuestion {
  id: string;
  text: string;
  contactJid: string;
  /** Epoch ms of the latest time it was asked. */
  at: number;
  count: number;
}

/**
 * `POST /unanswered/{id}/answer`: the owner's answer becomes a FAQ with the question, as the
 * customer asked it or as the owner rewrote it (`question`).
 */
export const unansweredAnswerSchema = z.object({ answer: requiredText(L.answer), question: requiredText(L.question).optional() }).strict();

/** `GET /unanswered` query string. */
export const unansweredListQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
