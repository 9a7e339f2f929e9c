/**
 * Draws the panel's PNG icons (192 and 512 px) with nothing but zlib: the same speech bubble
 * as icon.svg, on a full-bleed square so the 512 one also serves as a maskable icon (the
 * bubble stays inside the safe circle). Run: node web/scripts/make-icons.ts
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const TEAL = [0x0f, 0x76, 0x6e] as const;
const WHITE = [0xff, 0xff, 0xff] as const;
const SAMPLES = 4;

/** Shape test in the 64-unit space of icon.svg, scaled to the maskable safe zone. */
function colourAt(x: number, y: number): readonly [number, number, number] {
  // Centre the 64-unit drawing at 80% so the bubble fits the maskable safe circle.
  const u = (x - 32) / 0.8 + 32;
  const v = (y - 32) / 0.8 + 32;
  const inRoundRect = (l: number, t: number, r: number, b: number, rad: number) => {
    const cx = Math.min(Math.max(u, l + rad), r - rad);
    const cy = Math.min(Math.max(v, t + rad), b - rad);
    return u >= l && u <= r && v >= t && v <= b && (u - cx) ** 2 + (v - cy) ** 2 <= rad ** 2;
  };
  // The bubble's tail: the triangle (18,42) (28,42) (18,51).
  const inTail = u >= 18 && v >= 41.5 && (u - 18) / 10 + (v - 42) / 9 <= 1;
  const eye = (cx: number) => (u - cx) ** 2 + (v - 27) ** 2 <= 3.2 ** 2;
  if ((inRoundRect(14, 12, 50, 42, 6) || inTail) && !eye(25) && !eye(39)) return WHITE;
  return TEAL;
}

function png(size: number): Buffer {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let py = 0; py < size; py++) {
    raw[py * (size * 3 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt(((px + (sx + 0.5) / SAMPLES) / size) * 64, ((py + (sy + 0.5) / SAMPLES) / size) * 64);
          for (let i = 0; i < 3; i++) acc[i]! += c[i]!;
        }
      }
      const o = py * (size * 3 + 1) + 1 + px * 3;
      for (let i = 0; i < 3; i++) raw[o + i] = Math.round(acc[i]! / SAMPLES ** 2);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

for (const size of [192, 512]) {
  const file = new URL(`../public/icon-${size}.png`, import.meta.url);
  writeFileSync(file, png(size));
  console.log(`wrote ${file.pathname}`);
}
