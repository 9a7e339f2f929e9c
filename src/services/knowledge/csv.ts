/**
 * Catalog import from the spreadsheet an owner already keeps: a CSV with a header row, saved by
 * Excel, LibreOffice or Google Sheets in Portuguese (";" separated, "12,90") or English ("," and
 * "12.90"). Every bad line is reported in Portuguese with its line number; the good ones import.
 */
import { KNOWLEDGE_FIELD_LIMITS, TENANT_KNOWLEDGE_LIMITS, type CsvLineError, type ItemFields } from "../../domain/knowledge";
import { foldText, itemNameKey } from "./normalize";

export interface CsvItem {
  /** Line of the file where the record starts (the header is line 1). */
  line: number;
  item: ItemFields;
}

export interface CatalogCsv {
  /** Valid items, one per name (case- and accent-insensitive): a repeated name keeps its last line. */
  items: CsvItem[];
  errors: CsvLineError[];
}

type Column = "name" | "price" | "unit" | "description" | "category" | "available";

/** Header names, folded (so "Preço" and "DISPONÍVEL" are recognized), in both languages. */
const HEADER_NAMES: Record<string, Column> = {
  nome: "name",
  name: "name",
  produto: "name",
  preco: "price",
  price: "price",
  valor: "price",
  unidade: "unit",
  unit: "unit",
  descricao: "description",
  description: "description",
  categoria: "category",
  category: "category",
  disponivel: "available",
  available: "available",
};

const TRUE_WORDS = new Set(["sim", "s", "true", "1", "yes", "y", "disponivel"]);
const FALSE_WORDS = new Set(["nao", "n", "false", "0", "no", "esgotado", "indisponivel"]);

const L = KNOWLEDGE_FIELD_LIMITS;
const TEXT_LIMITS: Record<"unit" | "description" | "category", { max: number; label: string }> = {
  unit: { max: L.unit, label: "unidade" },
  description: { max: L.description, label: "descrição" },
  category: { max: L.category, label: "categoria" },
};

/**
 * Parses a catalog CSV. `maxItems` caps the records read (the tenant's item limit by default);
 * records past it are reported once, at the first line left out.
 */
export function parseCatalogCsv(text: string, maxItems: number = TENANT_KNOWLEDGE_LIMITS.item): CatalogCsv {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const separator = detectSeparator(body);
  const records = readRecords(body, separator);
  const errors: CsvLineError[] = [];

  const header = records.shift();
  if (!header || header.fields.every((f) => f.trim() === "")) {
    return { items: [], errors: [{ line: 1, message: "arquivo vazio: a primeira linha deve ser o cabeçalho (nome,preco,unidade,descricao,categoria,disponivel)" }] };
  }
  const columns = new Map<Column, number>();
  header.fields.forEach((raw, index) => {
    const name = foldText(raw);
    const column = HEADER_NAMES[name];
    if (!column) {
      if (name !== "") errors.push({ line: header.line, message: `coluna desconhecida ignorada: "${raw.trim()}"` });
    } else if (columns.has(column)) {
      errors.push({ line: header.line, message: `coluna repetida ignorada: "${raw.trim()}"` });
    } else columns.set(column, index);
  });
  if (!columns.has("name")) {
    return { items: [], errors: [{ line: header.line, message: 'o cabeçalho precisa da coluna "nome" (ou "name")' }] };
  }

  const byName = new Map<string, CsvItem>();
  let read = 0;
  for (const record of records) {
    if (record.error) {
      errors.push({ line: record.line, message: record.error });
      continue;
    }
    if (record.fields.every((f) => f.trim() === "")) continue;
    if (read === maxItems) {
      errors.push({ line: record.line, message: `limite de ${maxItems} produtos atingido: esta linha e as seguintes não foram importadas` });
      break;
    }
    read++;
    const parsed = parseRecord(record.fields, columns, header.fields.length);
    if (typeof parsed === "string") {
      errors.push({ line: record.line, message: parsed });
      continue;
    }
    const key = itemNameKey(parsed.name);
    byName.delete(key); // re-inserted last, so the file's later line wins and keeps its place
    byName.set(key, { line: record.line, item: parsed });
  }
  return { items: [...byName.values()], errors };
}

/** The separator of the header line: ";" when it has more of them than commas. */
function detectSeparator(text: string): ";" | "," {
  const firstLine = text.split("\n", 1)[0] ?? "";
  const unquoted = firstLine.replace(/"[^"]*"/g, "");
  const count = (c: string) => unquoted.split(c).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

interface CsvRecord {
  line: number;
  fields: string[];
  error?: string;
}

/**
 * RFC 4180 records: fields in double quotes may hold the separator, line breaks and doubled
 * quotes (""). A quote inside an unquoted field is taken literally, as spreadsheets do.
 */
function readRecords(text: string, separator: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let error: string | undefined;
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text[i] === '"' && field === "") {
        // Quoted field: read to its closing quote.
        i++;
        let closed = false;
        while (i < text.length) {
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === "\n") line++;
          field += c;
          i++;
        }
        if (!closed) error = "aspas abertas e não fechadas: o resto do arquivo foi ignorado";
        // Anything between the closing quote and the separator is kept, as spreadsheets do.
      }
      if (i >= text.length) {
        fields.push(field);
        endOfRecord = true;
        break;
      }
      const c = text[i]!;
      if (c === separator) {
        fields.push(field);
        field = "";
        i++;
      } else if (c === "\n" || c === "\r") {
        fields.push(field);
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line++;
        endOfRecord = true;
      } else {
        field += c;
        i++;
      }
    }
    records.push(error ? { line: start, fields, error } : { line: start, fields });
  }
  return records;
}

/** The item of one record, or the Portuguese message saying what is wrong with it. */
function parseRecord(fields: string[], columns: Map<Column, number>, headerWidth: number): ItemFields | string {
  if (fields.length > headerWidth) {
    return `a linha tem ${fields.length} campos, mas o cabeçalho tem ${headerWidth} (use aspas em campos com o separador, como "12,90")`;
  }
  const get = (column: Column): string => {
    const index = columns.get(column);
    return index === undefined ? "" : (fields[index] ?? "").trim();
  };

  const name = get("name").replace(/\s+/g, " ");
  if (name === "") return "nome vazio";
  if (name.length > L.name) return `nome com mais de ${L.name} caracteres`;

  const rawPrice = get("price");
  const price = parsePrice(rawPrice);
  if (price === "invalid") return `preço inválido: "${rawPrice}" (use 12,90, 12.90 ou R$ 12,90)`;

  const rawAvailable = get("available");
  const available = parseAvailable(rawAvailable);
  if (available === null) return `disponível inválido: "${rawAvailable}" (use sim ou não)`;

  const texts: Partial<Record<keyof typeof TEXT_LIMITS, string | null>> = {};
  for (const column of ["unit", "description", "category"] as const) {
    const value = get(column);
    const { max, label } = TEXT_LIMITS[column];
    if (value.length > max) return `${label} com mais de ${max} caracteres`;
    texts[column] = value === "" ? null : value;
  }
  return {
    name,
    price,
    unit: texts.unit ?? null,
    description: texts.description ?? null,
    category: texts.category ?? null,
    available,
  };
}

/**
 * A BRL price as spreadsheets write it: "12,90", "12.90", "R$ 12,90", "1.234,56", "1,234.56",
 * "1.234" (thousands) or "15". Blank is no price (null); anything else, or more than two
 * decimals, or past the price limit, is "invalid".
 */
export function parsePrice(raw: string): number | null | "invalid" {
  const s = raw.replace(/^\s*R\$/i, "").replace(/[\s\u00a0]/g, "");
  if (s === "") return null;
  let normalized: string;
  if (/^\d+$/.test(s)) normalized = s;
  else if (/^\d{1,3}(\.\d{3})+,\d{1,2}$/.test(s) || /^\d+,\d{1,2}$/.test(s)) normalized = s.replace(/\./g, "").replace(",", ".");
  else if (/^\d{1,3}(,\d{3})+\.\d{1,2}$/.test(s) || /^\d+\.\d{1,2}$/.test(s)) normalized = s.replace(/,/g, "");
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) normalized = s.replace(/\./g, "");
  else return "invalid";
  const value = Number(normalized);
  return Number.isFinite(value) && value <= L.maxPrice ? value : "invalid";
}

/** sim/não/true/false/1/0 (and a few synonyms), blank meaning available; null when unreadable. */
export function parseAvailable(raw: string): boolean | null {
  const word = foldText(raw);
  if (word === "" || TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}
