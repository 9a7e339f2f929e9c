/** Reads `.dev.vars` (dotenv syntax: KEY=VALUE, # comments, optional quotes). */
import { existsSync, readFileSync } from "node:fs";

export function parseDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, "").trim();
    vars[match[1]!] = value;
  }
  return vars;
}

export function readDevVars(path: string): Record<string, string> {
  return existsSync(path) ? parseDevVars(readFileSync(path, "utf8")) : {};
}
