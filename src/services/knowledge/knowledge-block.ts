/**
 * The "Conhecimento da empresa" block of the system instruction: the business's facts, one line
 * each, labelled with their kind, never longer than the tenant's budget.
 */
import { KNOWLEDGE_BUDGET, type KnowledgeKind } from "../../domain/knowledge";
import { foldText } from "./normalize";

/** One thing the prompt can carry: a FAQ, a catalog item, or one chunk of a document. */
export type KnowledgeUnit =
  | { id: string; kind: "faq"; question: string; answer: string; /** Found by, never shown. */ keywords: readonly string[] }
  | {
      id: string;
      kind: "item";
      name: string;
      price: number | null;
      unit: string | null;
      description: string | null;
      category: string | null;
      available: boolean;
    }
  | { id: string; kind: "document"; title: string; seq: number; text: string };

export interface KnowledgeBlockInput {
  /** Best first; when `whole` and everything fits, the order is the stable one instead. */
  units: readonly KnowledgeUnit[];
  /** `knowledgeBudgetChars`: the block, header included, never exceeds it. */
  budgetChars: number;
  /** Whether `units` is the tenant's whole enabled knowledge rather than a retrieved selection. */
  whole: boolean;
}

export interface KnowledgeBlock {
  /** "" when nothing fits or there is nothing to say. */
  text: string;
  /** The units in the block, in block order, with the line each became. */
  lines: { unit: KnowledgeUnit; line: string }[];
  /** True when the block holds the tenant's whole knowledge. */
  complete: boolean;
}

export const KNOWLEDGE_HEADER_WHOLE =
  "Conhecimento da empresa (preços, disponibilidade e políticas vêm só daqui):";
export const KNOWLEDGE_HEADER_SELECTION =
  "Conhecimento da empresa (trechos escolhidos para esta conversa; preços, disponibilidade e políticas vêm só daqui):";

const KIND_LABEL: Record<KnowledgeKind, string> = {
  faq: "pergunta frequente",
  item: "produto",
  document: "documento",
};
const KIND_ORDER: Record<KnowledgeKind, number> = { faq: 0, item: 1, document: 2 };

const brl = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" });

/** "R$ 12,90", with a plain space: Intl puts a no-break space after the symbol. */
export function formatPrice(value: number): string {
  return brl.format(value).replace(/\s/gu, " ");
}

/** One unit as the model reads it, on a single line. */
export function renderUnit(unit: KnowledgeUnit): string {
  const label = `- [${KIND_LABEL[unit.kind]}]`;
  switch (unit.kind) {
    case "faq":
      return `${label} ${oneLine(unit.question)} Resposta: ${oneLine(unit.answer)}`;
    case "item": {
      const parts = [oneLine(unit.name)];
      parts.push(unit.price === null ? "preço não cadastrado" : formatPrice(unit.price) + (unit.unit ? ` (${oneLine(unit.unit)})` : ""));
      if (!unit.available) parts.push("esgotado");
      if (unit.category) parts.push(`categoria: ${oneLine(unit.category)}`);
      if (unit.description) parts.push(oneLine(unit.description));
      return `${label} ${parts.join(" — ")}`;
    }
    case "document":
      return `- [${KIND_LABEL.document}: ${oneLine(unit.title)}] ${oneLine(unit.text)}`;
  }
}

/**
 * The block for one turn. When `whole` and it all fits, every unit goes in, in a stable order
 * (kind, then category and name, question, or title and chunk), so the instruction repeats
 * byte for byte across turns and Gemini's implicit prefix cache hits. Otherwise units are taken
 * best first while they fit; one that does not fit is skipped and smaller ones after it may
 * still go in. A unit is never cut.
 */
export function buildKnowledgeBlock(input: KnowledgeBlockInput): KnowledgeBlock {
  const budget = Math.min(Math.max(0, Math.floor(input.budgetChars)), KNOWLEDGE_BUDGET.max);
  const rendered = input.units.map((unit) => ({ unit, line: renderUnit(unit) }));
  if (rendered.length === 0) return { text: "", lines: [], complete: input.whole };

  if (input.whole) {
    const all = joinBlock(KNOWLEDGE_HEADER_WHOLE, rendered.map((r) => r.line));
    if (all.length <= budget) {
      const lines = [...rendered].sort((a, b) => compareStable(a.unit, b.unit));
      return { text: joinBlock(KNOWLEDGE_HEADER_WHOLE, lines.map((r) => r.line)), lines, complete: true };
    }
  }

  // Header, then "\n" + line per unit.
  let used = KNOWLEDGE_HEADER_SELECTION.length;
  const lines: KnowledgeBlock["lines"] = [];
  for (const r of rendered) {
    const cost = 1 + r.line.length;
    if (used + cost > budget) continue;
    used += cost;
    lines.push(r);
  }
  if (lines.length === 0) return { text: "", lines: [], complete: false };
  return { text: joinBlock(KNOWLEDGE_HEADER_SELECTION, lines.map((r) => r.line)), lines, complete: false };
}

function joinBlock(header: string, lines: string[]): string {
  return [header, ...lines].join("\n");
}

/** The unit's place in the stable order: an array compared element by element. */
function stableKey(unit: KnowledgeUnit): (string | number)[] {
  switch (unit.kind) {
    case "faq":
      return [KIND_ORDER.faq, foldText(unit.question), "", 0, unit.id];
    case "item":
      return [KIND_ORDER.item, foldText(unit.category ?? ""), foldText(unit.name), 0, unit.id];
    case "document":
      return [KIND_ORDER.document, foldText(unit.title), "", unit.seq, unit.id];
  }
}

/** Code-unit comparison, not `localeCompare`: the order must not depend on the runtime's ICU. */
function compareStable(a: KnowledgeUnit, b: KnowledgeUnit): number {
  const ka = stableKey(a);
  const kb = stableKey(b);
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i]!;
    const y = kb[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
