/** "pix, chave pix ,, PIX" → ["pix", "chave pix"]: trimmed, no empties, no repeats (case-insensitive). */
export function parseList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[,\n]/)) {
    const item = raw.trim();
    const key = item.toLocaleLowerCase("pt-BR");
    if (item && !seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

export function joinList(items: readonly string[]): string {
  return items.join(", ");
}

/** "Padaria Pão & Cia." → "padaria-pao-cia": an Evolution instance name from a business name. */
export function slugify(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
}
