/**
 * SVG rendering of a seal, for previews in the UI and for people to look at.
 *
 * Owns: the mapping from the seal model (mm, y up) to SVG (viewBox in mm, y down).
 * Must never: reference external resources (fonts, images by URL); the SVG is self-contained.
 */
import type { PathCommand, Seal } from './seal-model';

const fmt = (v: number): string => String(Math.round(v * 1000) / 1000);

export function pathToSvgD(d: readonly PathCommand[], height: number): string {
  const y = (v: number): string => fmt(height - v);
  return d
    .map((c) => {
      switch (c[0]) {
        case 'M':
          return `M${fmt(c[1])} ${y(c[2])}`;
        case 'L':
          return `L${fmt(c[1])} ${y(c[2])}`;
        case 'C':
          return `C${fmt(c[1])} ${y(c[2])} ${fmt(c[3])} ${y(c[4])} ${fmt(c[5])} ${y(c[6])}`;
        case 'Z':
          return 'Z';
      }
    })
    .join('');
}

const esc = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export function sealToSvg(seal: Seal): string {
  const { width: W, height: H } = seal.sizeMm;
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(W)}mm" height="${fmt(H)}mm" viewBox="0 0 ${fmt(W)} ${fmt(H)}">`;
  const title = `<title>${esc(seal.name)}</title>`;
  const body: string[] = [];
  if (seal.vector) {
    for (const s of seal.vector.shapes) {
      const attrs = [
        `d="${pathToSvgD(s.d, H)}"`,
        `fill="${s.fill ?? 'none'}"`,
        s.fillRule === 'evenodd' ? 'fill-rule="evenodd"' : '',
        s.stroke ? `stroke="${s.stroke}" stroke-width="${fmt(s.strokeWidthMm ?? 0.3)}"` : '',
      ].filter(Boolean);
      body.push(`<path ${attrs.join(' ')}/>`);
    }
  }
  if (seal.image) {
    body.push(
      `<image x="0" y="0" width="${fmt(W)}" height="${fmt(H)}" preserveAspectRatio="none" href="data:image/png;base64,${seal.image.pngBase64}"/>`,
    );
  }
  return `${head}${title}${body.join('')}</svg>\n`;
}
