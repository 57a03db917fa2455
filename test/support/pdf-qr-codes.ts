import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
  white: boolean;
}

/** Every filled rectangle in the PDF's content streams, as `x y w h re` then its fill colour. */
function filledRects(pdf: Uint8Array): Rect[] {
  const raw = Buffer.from(pdf).toString('latin1');
  const rects: Rect[] = [];
  const start = /stream\r?\n/g;
  for (let m = start.exec(raw); m; m = start.exec(raw)) {
    const from = m.index + m[0].length;
    let content: string;
    try {
      content = inflateSync(Buffer.from(raw.slice(from, raw.indexOf('endstream', from)), 'latin1')).toString('latin1');
    } catch {
      continue; // fonts and images: not drawing operators
    }
    const op = /([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) re\s[\s\S]*?([\d.]+) ([\d.]+) ([\d.]+) scn\s[\s\S]*?\bf\b/g;
    for (let r = op.exec(content); r; r = op.exec(content)) {
      const [x, y, w, h, red, green, blue] = r.slice(1).map(Number) as [number, number, number, number, number, number, number];
      rects.push({ x, y, w, h, white: red === 1 && green === 1 && blue === 1 });
    }
  }
  return rects;
}

/**
 * The text of each QR code drawn in a PDF, decoded as a phone's camera would decode it: pdfmake
 * draws a code as a white square and a black square per dark module (in pdfkit's top-down page
 * coordinates), so each white square with modules inside is redrawn as pixels, with a quiet zone,
 * and read by jsQR. A code that does not decode is reported as such, never skipped.
 */
export function qrCodesIn(pdf: Uint8Array): string[] {
  const rects = filledRects(pdf);
  const codes: string[] = [];
  for (const area of rects.filter((r) => r.white && r.w === r.h)) {
    const modules = rects.filter(
      (r) => !r.white && r.x >= area.x && r.y >= area.y && r.x + r.w <= area.x + area.w + 0.01 && r.y + r.h <= area.y + area.h + 0.01,
    );
    if (modules.length < 21) continue;
    const size = Math.min(...modules.map((r) => r.w));
    const count = Math.round(area.w / size);
    const scale = 4;
    const quiet = 4;
    const side = (count + 2 * quiet) * scale;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const r of modules) {
      const col = Math.round((r.x - area.x) / size);
      const row = Math.round((r.y - area.y) / size);
      for (let dy = 0; dy < Math.round(r.h / size) * scale; dy += 1)
        for (let dx = 0; dx < Math.round(r.w / size) * scale; dx += 1) {
          const i = (((row + quiet) * scale + dy) * side + (col + quiet) * scale + dx) * 4;
          pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
        }
    }
    codes.push(jsQR(pixels, side, side)?.data ?? '(a QR code that does not decode)');
  }
  return codes;
}
