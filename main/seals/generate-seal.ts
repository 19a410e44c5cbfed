/**
 * Generates a vector seal from a specification: validates it, resolves the font through the
 * injected `FontProvider`, draws, and wraps the drawing in the versioned seal model.
 *
 * Owns: the user-facing rules (what a name may be, which sizes are allowed) and their errors.
 * Must never: read the clock or make ids itself when the caller injects them (tests and
 * reproducible builds rely on identical output for identical input), nor look up system fonts.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { sealError } from './seal-errors';
import { defaultFontProvider, type FontProvider, type SealFont, type SealGlyph } from './seal-font';
import { INK_BLACK, INK_BLUE, SEAL_FORMAT, SEAL_MODEL_VERSION, type Seal } from './seal-model';
import { drawOvalSeal } from './oval-seal';
import { drawRoundSeal, type DrawResult } from './round-seal';
import { drawSignature } from './signature-seal';
import { drawSquareSeal } from './square-seal';

const text = z.string().max(200);
export const SealSpecSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('round'),
    organisation: text,
    title: text.optional(),
    code: text.optional(),
    sizeMm: z.number().optional(),
    name: text.optional(),
    custodian: text.optional(),
  }),
  z.object({
    type: z.literal('oval'),
    organisation: text,
    title: text.optional(),
    code: text.optional(),
    widthMm: z.number().optional(),
    heightMm: z.number().optional(),
    name: text.optional(),
    custodian: text.optional(),
  }),
  z.object({
    type: z.literal('square'),
    personName: text,
    sizeMm: z.number().optional(),
    name: text.optional(),
    custodian: text.optional(),
  }),
  z.object({
    type: z.literal('signature'),
    text: text,
    ink: z.enum(['black', 'blue']).optional(),
    heightMm: z.number().optional(),
    name: text.optional(),
    custodian: text.optional(),
  }),
]);
export type SealSpec = z.infer<typeof SealSpecSchema>;

export interface GenerateDeps {
  readonly fonts?: FontProvider;
  readonly newId?: () => string;
  readonly now?: () => Date;
}

/** Size limits in mm and the typical sizes quoted in errors. */
export const SEAL_SIZES = {
  round: { min: 20, max: 80, default: 42, typical: '38, 40, 42, 45, 58' },
  oval: { min: 20, max: 80, default: { width: 45, height: 30 }, typical: '45 x 30, 40 x 30' },
  square: { min: 10, max: 60, default: 20, typical: '15, 18, 20, 25' },
  signature: { min: 5, max: 40, default: 12, typical: '10, 12, 15' },
} as const;

/** Longest company name accepted at all, before trying to fit it. */
export const MAX_NAME_CHARS = 40;

const KIND_ZH = { round: '圆形', oval: '椭圆', square: '方形', signature: '签名' } as const;

export function generateSeal(spec: SealSpec, deps: GenerateDeps = {}): Seal {
  const fonts = deps.fonts ?? defaultFontProvider();
  const base = {
    format: SEAL_FORMAT,
    version: SEAL_MODEL_VERSION,
    id: (deps.newId ?? randomUUID)(),
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
    source: 'generated',
  } as const;
  const custodian = spec.custodian?.trim() ? { custodian: spec.custodian.trim() } : {};
  switch (spec.type) {
    case 'round':
    case 'oval': {
      const org = clean(spec.organisation);
      const title = clean(spec.title ?? '');
      const code = clean(spec.code ?? '');
      if (!org) throw sealError('SEAL_NAME_EMPTY', { field: 'company name', fieldZh: '单位名称' });
      const font = fonts.font('serif-bold');
      let W: number;
      let H: number;
      if (spec.type === 'round') {
        W = H = spec.sizeMm ?? SEAL_SIZES.round.default;
      } else {
        W = spec.widthMm ?? SEAL_SIZES.oval.default.width;
        H = spec.heightMm ?? SEAL_SIZES.oval.default.height;
      }
      checkSize(spec.type, W, H);
      const chars = Array.from(org);
      if (chars.length > MAX_NAME_CHARS) throw tooLong(spec.type, org, W, H, MAX_NAME_CHARS);
      const name = glyphsOf(font, org);
      const titleG = glyphsOf(font, title);
      const codeG = glyphsOf(font, code);
      const drawWith = (
        nameG: readonly SealGlyph[],
        tG: readonly SealGlyph[],
        cG: readonly SealGlyph[],
      ): DrawResult | undefined =>
        spec.type === 'round'
          ? drawRoundSeal(font, { diameterMm: W, name: nameG, title: tG, code: cG })
          : drawOvalSeal(font, { widthMm: W, heightMm: H, name: nameG, title: tG, code: cG });
      const drawn = drawWith(name, titleG, codeG);
      if (!drawn) {
        // Say which text does not fit: the name, or the title or code even with a short name.
        const one = name.slice(0, 1);
        if (!drawWith(one, [], codeG))
          throw tooLong(
            spec.type,
            code,
            W,
            H,
            longestFitting(codeG, (g) => drawWith(one, [], g)),
          );
        if (!drawWith(one, titleG, codeG))
          throw tooLong(
            spec.type,
            title,
            W,
            H,
            longestFitting(titleG, (g) => drawWith(one, g, codeG)),
          );
        throw tooLong(
          spec.type,
          org,
          W,
          H,
          longestFitting(name, (g) => drawWith(g, titleG, codeG)),
        );
      }
      return {
        ...base,
        name: clean(spec.name ?? '') || org + title,
        type: spec.type,
        organisation: org,
        ...custodian,
        ...(title ? { title } : {}),
        ...(code ? { code } : {}),
        sizeMm: { width: W, height: H },
        vector: { origin: 'bottom-left', shapes: drawn.shapes },
        generator: { fontId: font.id, params: drawn.params },
      };
    }
    case 'square': {
      const person = clean(spec.personName);
      if (!person) throw sealError('SEAL_NAME_EMPTY', { field: 'person name', fieldZh: '姓名' });
      const S = spec.sizeMm ?? SEAL_SIZES.square.default;
      checkSize('square', S, S);
      const count = Array.from(person).length;
      if (count < 2 || count > 4)
        throw sealError('SEAL_SQUARE_NAME_LENGTH', { name: person, count });
      const font = fonts.font('serif-bold');
      const drawn = drawSquareSeal(font, { sizeMm: S, name: glyphsOf(font, person) });
      if (!drawn) throw sealError('SEAL_SQUARE_NAME_LENGTH', { name: person, count });
      return {
        ...base,
        name: clean(spec.name ?? '') || person,
        type: 'square',
        custodian: person,
        sizeMm: { width: S, height: S },
        vector: { origin: 'bottom-left', shapes: drawn.shapes },
        generator: { fontId: font.id, params: drawn.params },
      };
    }
    case 'signature': {
      const t = spec.text.trim().replace(/\s+/gu, ' ');
      if (!t) throw sealError('SEAL_NAME_EMPTY', { field: 'signature text', fieldZh: '签名文字' });
      const h = spec.heightMm ?? SEAL_SIZES.signature.default;
      checkSize('signature', h, h);
      if (Array.from(t).length > 20) throw tooLong('signature', t, h, h, 20);
      const font = fonts.font('sans-regular');
      const drawn = drawSignature(font, {
        text: glyphsOf(font, t),
        seedText: t,
        heightMm: h,
        color: spec.ink === 'blue' ? INK_BLUE : INK_BLACK,
      });
      return {
        ...base,
        name: clean(spec.name ?? '') || t,
        type: 'signature',
        custodian: t,
        sizeMm: { width: Number(drawn.params.widthMm), height: Number(drawn.params.heightMm) },
        vector: { origin: 'bottom-left', shapes: drawn.shapes },
        generator: { fontId: font.id, params: drawn.params },
      };
    }
  }
}

/** Trims and removes all white space: seals never carry spaces between characters. */
function clean(s: string): string {
  return s.replace(/\s+/gu, '');
}

function glyphsOf(font: SealFont, s: string): SealGlyph[] {
  const chars = Array.from(s);
  const missing: string[] = [];
  const out: SealGlyph[] = [];
  for (const ch of chars) {
    const g = font.glyph(ch);
    if (!g || (g.commands.length === 0 && ch.trim() !== '')) {
      if (!missing.includes(ch)) missing.push(ch);
    } else out.push(g);
  }
  if (missing.length > 0)
    throw sealError('SEAL_GLYPH_MISSING', {
      chars: missing
        .map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`)
        .join(', '),
      name: s,
    });
  return out;
}

function checkSize(kind: keyof typeof SEAL_SIZES, w: number, h: number): void {
  const r = SEAL_SIZES[kind];
  const ok = (v: number): boolean => Number.isFinite(v) && v >= r.min && v <= r.max;
  if (!ok(w) || !ok(h) || (kind === 'oval' && h > w))
    throw sealError('SEAL_SIZE_OUT_OF_RANGE', {
      kind,
      kindZh: KIND_ZH[kind],
      width: w,
      height: h,
      min: r.min,
      max: r.max,
      typical: r.typical,
    });
}

function tooLong(kind: keyof typeof KIND_ZH, name: string, w: number, h: number, max: number) {
  return sealError('SEAL_NAME_TOO_LONG', {
    name,
    count: Array.from(name).length,
    kind,
    kindZh: KIND_ZH[kind],
    size: kind === 'oval' ? `${w} x ${h}` : w,
    max,
  });
}

/** How many characters of this name would fit (binary search over prefixes). */
function longestFitting(
  name: readonly SealGlyph[],
  draw: (g: readonly SealGlyph[]) => DrawResult | undefined,
): number {
  let lo = 0;
  let hi = name.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (draw(name.slice(0, mid))) lo = mid;
    else hi = mid;
  }
  return lo;
}
