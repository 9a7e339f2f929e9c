/**
 * A minimal valid PDF, written by hand: one page per entry of `pages`, each line drawn with
 * Helvetica in WinAnsi encoding (the PDF string escape \343 is "ã"), with a correct cross-reference table.
 */
export function tinyPdf(pages: string[][]): Uint8Array {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`;
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  pages.forEach((lines, i) => {
    const id = pageIds[i]!;
    const ops = lines.map((line, j) => `BT /F1 12 Tf 20 ${200 - j * 20} Td (${line}) Tj ET`).join("\n");
    objects[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 240] /Contents ${id + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`;
    objects[id + 1] = `<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`;
  });
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Latin-1 bytes: every character of `out` is one byte.
  return Uint8Array.from(out, (c) => c.charCodeAt(0));
}

