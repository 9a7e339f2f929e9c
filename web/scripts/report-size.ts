/**
 * Prints the gzipped size of every built asset and fails when the first load is over budget.
 * The first load is what index.html makes the browser fetch before any screen is opened: its
 * module script, the chunks it preloads, and its stylesheets. Screens loaded on demand are
 * listed but not counted.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = { js: 100 * 1024, css: 20 * 1024 };
const dist = new URL("../dist/", import.meta.url).pathname;

const html = readFileSync(join(dist, "index.html"), "utf8");
const firstLoad = new Set([
  "index.html",
  ...[...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!),
]);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const rows = walk(dist)
  .map((path) => {
    const file = relative(dist, path);
    const bytes = readFileSync(path);
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, first: firstLoad.has(file) };
  })
  .sort((a, b) => Number(b.first) - Number(a.first) || b.gzip - a.gzip);

const width = Math.max(...rows.map((r) => r.file.length));
console.log(`${"asset".padEnd(width)}  ${"raw".padStart(9)}  ${"gzip".padStart(9)}  load`);
for (const r of rows) {
  console.log(`${r.file.padEnd(width)}  ${kb(r.raw).padStart(9)}  ${kb(r.gzip).padStart(9)}  ${r.first ? "first" : "on demand"}`);
}

const total = (ext: string) => rows.filter((r) => r.first && r.file.endsWith(ext)).reduce((s, r) => s + r.gzip, 0);
const js = total(".js");
const css = total(".css");
console.log(`\nfirst load: JS ${kb(js)} gzipped (budget ${kb(BUDGET.js)}), CSS ${kb(css)} gzipped (budget ${kb(BUDGET.css)})`);
if (js > BUDGET.js || css > BUDGET.css) {
  console.error("over budget");
  process.exit(1);
}
