/**
 * The "Conhecimento da empresa" block of a prompt's system instruction, read back the way the
 * tests and the knowledge benchmark check what a turn put in front of the model: its header line
 * and the entry lines under it, empty when the prompt has none.
 */
export function knowledgeBlockOf(system: string): string {
  const lines = system.split("\n");
  const start = lines.findIndex((l) => l.startsWith("Conhecimento da empresa"));
  if (start < 0) return "";
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("- ["));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}
