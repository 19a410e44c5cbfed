/**
 * The visible side of a signature: seal placements, cross-page seal (骑缝章) slices, a date
 * stamp and an optional text line, planned once before the update is built.
 *
 * Owns: checking placements against the document (pages exist, boxes lie on the page as the
 * user sees it, overlaps with existing signature widgets are reported as warnings), and the
 * finished, deterministic drawing of every widget and stamp appearance: operators, /BBox, /Matrix and
 * /Rect (ISO 32000-2 §12.5.5 appearance streams, §12.7.5.5 signature fields), plus the shared
 * seal Form XObjects (§8.10) and, for image seals, the image with its /SMask (§11.6.5.3).
 * Must never: write objects (pades-signer puts them into the update), import the seal library
 * (use is reported through a callback by the signer), or change anything read from the
 * document without cloning it first.
 */
import { deflateSync } from 'node:zlib';
import type { PdfDocument } from '../pdf/document';
import { isArray, isDict, isRef, type PdfDict, type PdfObject, type PdfRef } from '../pdf/objects';
import {
  INK_BLACK,
  PT_PER_MM,
  SEAL_RED,
  defaultFontProvider,
  sealToPdfOperators,
  sliceForPagingSeal,
  type FontProvider,
  type Seal,
} from '../seals';
import { MAX_PAGING_SLICES } from '../seals/paging-seal';
import { pdfNum } from '../seals/seal-pdf';
import { hexToRgb } from '../seals/seal-png';
import { appearanceErrors } from './appearance-errors';
import { formatDate, textToPdf } from './appearance-text';
import {
  insideView,
  rectInUserSpace,
  rectsOverlap,
  uprightMatrix,
  viewSizeMm,
  type PageGeometry,
  type PdfMatrix,
  type PdfRect,
  type ViewBox,
} from './placement-geometry';

export interface SealPlacement {
  /** 1-based page number. */
  readonly page: number;
  /** The seal's centre, in mm from the page's top-left corner as the user sees it. */
  readonly xMm: number;
  readonly yMm: number;
  /** The seal's width on the page in mm (height follows); or a scale factor. Default: its size. */
  readonly sizeMm?: number;
  readonly scale?: number;
}

export interface PagingSealOptions {
  /** Default: the appearance's seal. */
  readonly seal?: Seal;
  /** 1-based pages, one slice each in this order; 'all' is every page. */
  readonly pages: 'all' | readonly number[];
  /** Height of the seal's centre from the displayed top, in mm; default the middle. */
  readonly yMm?: number;
}

export interface DateStampOptions {
  readonly page: number;
  readonly xMm: number;
  readonly yMm: number;
  /** Tokens YYYY MM DD HH mm ss; default 'YYYY年MM月DD日'. */
  readonly format?: string;
  /** IANA time zone; default the host's. */
  readonly timeZone?: string;
  /** Height of the text in mm (default 4). */
  readonly textMm?: number;
}

export interface TextLineOptions {
  readonly signerName?: boolean;
  readonly date?: boolean;
  readonly format?: string;
  readonly timeZone?: string;
}

export interface SignatureAppearance {
  readonly seal?: Seal;
  /** The first is the signature's own widget; the others are further widgets of the field. */
  readonly placements: readonly SealPlacement[];
  readonly pagingSeal?: PagingSealOptions;
  readonly dateStamp?: DateStampOptions;
  /** A line under the first placement's seal: signer name and/or date. */
  readonly textLine?: TextLineOptions;
  /** Glyph outlines for text; default the bundled/system Noto CJK fonts. */
  readonly fonts?: FontProvider;
}

export interface AppearanceWarning {
  readonly code: 'APPEARANCE_OVERLAPS_SIGNATURE';
  readonly message: string;
  readonly messageZh: string;
  readonly page: number;
}

/** An encoded stream ready to be written (FlateDecode, §7.4.4). */
export interface EncodedStream {
  readonly entries: Readonly<Record<string, number | string | readonly number[]>>;
  readonly bytes: Uint8Array;
}

export interface PlannedSealForm {
  readonly key: string;
  readonly form: EncodedStream;
  readonly image?: { readonly rgb: EncodedStream; readonly alpha: EncodedStream };
}

export interface PlannedWidget {
  readonly pageIndex: number;
  readonly role: 'seal' | 'paging-seal' | 'date-stamp';
  readonly rect: PdfRect;
  readonly bbox: readonly [number, number, number, number];
  readonly matrix: PdfMatrix;
  readonly content: Uint8Array;
  /** Resource name (e.g. 'S0') -> key of the shared seal form it draws. */
  readonly xobjects: Readonly<Record<string, string>>;
}

export interface PlannedPage {
  readonly index: number;
  readonly ref: PdfRef;
  readonly dict: PdfDict;
  readonly annots: PdfObject[];
  readonly annotsArrayRef?: PdfRef;
}

export interface AppearancePlan {
  readonly sealForms: readonly PlannedSealForm[];
  readonly widgets: readonly PlannedWidget[];
  readonly pages: ReadonlyMap<number, PlannedPage>;
  readonly warnings: readonly AppearanceWarning[];
  /** Seals drawn, with how many widgets show each (for the seal.used event). */
  readonly sealsUsed: ReadonlyArray<{ seal: Seal; placements: number; slices: number }>;
}

export interface AppearanceContext {
  readonly signingTime: Date;
  readonly signerName?: string | undefined;
}

/** Default height of text lines and of the date stamp, mm. */
const TEXT_MM = 4;
const TEXT_GAP_MM = 1;

export async function planAppearance(
  doc: PdfDocument,
  appearance: SignatureAppearance,
  ctx: AppearanceContext,
): Promise<AppearancePlan> {
  const file = doc.fileName;
  const pageCount = await doc.pageCount();
  const geometry = new Map<number, PageGeometry & { ref: PdfRef; dict: PdfDict }>();
  const pageAt = async (pageNo: number) => {
    if (!Number.isInteger(pageNo) || pageNo < 1 || pageNo > pageCount)
      throw appearanceErrors('APPEARANCE_PAGE_OUT_OF_RANGE', {
        file,
        page: String(pageNo),
        pages: pageCount,
      });
    let g = geometry.get(pageNo - 1);
    if (!g) {
      const p = await doc.page(pageNo - 1);
      g = {
        cropBox: p.cropBox,
        rotate: p.rotate,
        userUnit: p.userUnit > 0 ? p.userUnit : 1,
        ref: p.ref,
        dict: p.dict,
      };
      geometry.set(pageNo - 1, g);
    }
    return g;
  };
  const checkInside = (g: PageGeometry, pageNo: number, b: ViewBox, what: [string, string]) => {
    if (!insideView(g, b)) {
      const v = viewSizeMm(g);
      throw appearanceErrors('APPEARANCE_OUTSIDE_PAGE', {
        file,
        page: pageNo,
        x: mm(b.cx),
        y: mm(b.cy),
        width: mm(v.width),
        height: mm(v.height),
        what: what[0],
        whatZh: what[1],
      });
    }
  };

  const fonts = appearance.fonts ?? defaultFontProvider();
  const sealForms: PlannedSealForm[] = [];
  const formKey = (seal: Seal): string => {
    const key = `S${sealForms.length}`;
    const existing = sealForms.find((f) => f.key.endsWith(`#${seal.id}`));
    if (existing) return existing.key;
    sealForms.push(sealForm(`${key}#${seal.id}`, seal));
    return `${key}#${seal.id}`;
  };
  const resName = (key: string): string => key.slice(0, key.indexOf('#'));

  const widgets: PlannedWidget[] = [];
  const used = new Map<string, { seal: Seal; placements: number; slices: number }>();
  const count = (seal: Seal, kind: 'placements' | 'slices', n: number) => {
    const u = used.get(seal.id) ?? { seal, placements: 0, slices: 0 };
    u[kind] += n;
    used.set(seal.id, u);
  };

  // Seal placements: one widget each, all drawing the same shared seal form.
  if (appearance.placements.length > 0 && !appearance.seal)
    throw appearanceErrors('APPEARANCE_NO_SEAL', { file });
  for (const [i, p] of appearance.placements.entries()) {
    const seal = appearance.seal!;
    for (const v of [p.xMm, p.yMm])
      if (!Number.isFinite(v))
        throw appearanceErrors('APPEARANCE_BAD_PLACEMENT', { detail: JSON.stringify(p) });
    const g = await pageAt(p.page);
    const s =
      p.sizeMm !== undefined ? p.sizeMm / seal.sizeMm.width : p.scale !== undefined ? p.scale : 1;
    if (!(s > 0 && s <= 10))
      throw appearanceErrors('APPEARANCE_BAD_PLACEMENT', { detail: JSON.stringify(p) });
    const sw = seal.sizeMm.width * s;
    const sh = seal.sizeMm.height * s;
    const key = formKey(seal);
    const ops: string[] = [];
    let box: ViewBox = { cx: p.xMm, cy: p.yMm, width: sw, height: sh };
    let sealDx = 0;
    let sealDy = 0;
    if (
      i === 0 &&
      appearance.textLine &&
      (appearance.textLine.signerName || appearance.textLine.date)
    ) {
      const tl = appearance.textLine;
      const lines: string[] = [];
      if (tl.signerName && ctx.signerName) lines.push(ctx.signerName);
      if (tl.date)
        lines.push(formatDate(ctx.signingTime, tl.format ?? 'YYYY年MM月DD日', tl.timeZone));
      const font = fonts.font('sans-regular');
      const drawn = lines.map((l) => textToPdf(font, l, TEXT_MM * PT_PER_MM));
      const textW = Math.max(0, ...drawn.map((d) => d.widthPt / PT_PER_MM));
      const textH = drawn.length * (TEXT_MM + TEXT_GAP_MM);
      const W = Math.max(sw, textW);
      box = { cx: p.xMm, cy: p.yMm + textH / 2, width: W, height: sh + textH };
      sealDx = ((W - sw) / 2) * PT_PER_MM;
      sealDy = textH * PT_PER_MM;
      ops.push(`q ${colour(INK_BLACK)}`);
      drawn.forEach((d, n) => {
        const x = ((W - d.widthPt / PT_PER_MM) / 2) * PT_PER_MM;
        const y = (textH - (n + 1) * (TEXT_MM + TEXT_GAP_MM)) * PT_PER_MM;
        ops.push(`q 1 0 0 1 ${pdfNum(x)} ${pdfNum(y)} cm`, d.content.trimEnd(), 'Q');
      });
      ops.push('Q');
    }
    checkInside(g, p.page, box, ['seal', '印章']);
    ops.unshift(
      `q ${pdfNum(s)} 0 0 ${pdfNum(s)} ${pdfNum(sealDx)} ${pdfNum(sealDy)} cm /${resName(key)} Do Q`,
    );
    widgets.push(widget(g, p.page - 1, 'seal', box, ops, { [resName(key)]: key }));
    count(seal, 'placements', 1);
  }

  // 骑缝章: slice i of the seal at the right edge of the i-th chosen page.
  if (appearance.pagingSeal) {
    const ps = appearance.pagingSeal;
    const seal = ps.seal ?? appearance.seal;
    if (!seal) throw appearanceErrors('APPEARANCE_NO_SEAL', { file });
    const pages =
      ps.pages === 'all' ? Array.from({ length: pageCount }, (_, i) => i + 1) : [...ps.pages];
    if (
      pages.length < 2 ||
      pages.length > MAX_PAGING_SLICES ||
      new Set(pages).size !== pages.length
    )
      throw appearanceErrors('APPEARANCE_PAGING_PAGES', {
        file,
        count: pages.length,
        max: MAX_PAGING_SLICES,
      });
    const slices = sliceForPagingSeal(seal, pages.length);
    const key = formKey(seal);
    for (const [i, pageNo] of pages.entries()) {
      const g = await pageAt(pageNo);
      const slice = slices[i]!;
      const v = viewSizeMm(g);
      const box: ViewBox = {
        cx: v.width - slice.clipMm.width / 2,
        cy: ps.yMm ?? v.height / 2,
        width: slice.clipMm.width,
        height: slice.clipMm.height,
      };
      checkInside(g, pageNo, box, ['cross-page seal', '骑缝章']);
      const ops = [
        `q 0 0 ${pdfNum(slice.clipPt.width)} ${pdfNum(slice.clipPt.height)} re W n`,
        `1 0 0 1 ${pdfNum(slice.drawOffsetPt.x)} 0 cm /${resName(key)} Do Q`,
      ];
      widgets.push(widget(g, pageNo - 1, 'paging-seal', box, ops, { [resName(key)]: key }));
    }
    count(seal, 'slices', pages.length);
  }

  // The date stamp (签署日期): red text centred on the point.
  if (appearance.dateStamp) {
    const ds = appearance.dateStamp;
    const g = await pageAt(ds.page);
    const text = formatDate(ctx.signingTime, ds.format ?? 'YYYY年MM月DD日', ds.timeZone);
    const hMm = ds.textMm ?? TEXT_MM;
    const d = textToPdf(fonts.font('sans-bold'), text, hMm * PT_PER_MM);
    const box: ViewBox = { cx: ds.xMm, cy: ds.yMm, width: d.widthPt / PT_PER_MM, height: hMm };
    checkInside(g, ds.page, box, ['date stamp', '日期章']);
    widgets.push(
      widget(
        g,
        ds.page - 1,
        'date-stamp',
        box,
        [`q ${colour(SEAL_RED)}`, d.content.trimEnd(), 'Q'],
        {},
      ),
    );
  }

  const pages = new Map<number, PlannedPage>();
  const warnings: AppearanceWarning[] = [];
  for (const w of widgets) {
    if (pages.has(w.pageIndex)) continue;
    const g = geometry.get(w.pageIndex)!;
    const annotsObj = g.dict.get('Annots');
    const resolved = await doc.resolve(annotsObj);
    const annots = isArray(resolved) ? [...resolved] : [];
    pages.set(w.pageIndex, {
      index: w.pageIndex,
      ref: g.ref,
      dict: g.dict,
      annots,
      ...(isRef(annotsObj) ? { annotsArrayRef: annotsObj } : {}),
    });
  }
  for (const page of pages.values()) {
    const existing = await signatureWidgetRects(doc, page.annots);
    for (const w of widgets.filter((x) => x.pageIndex === page.index)) {
      if (existing.some((r) => rectsOverlap(r, w.rect))) {
        warnings.push({
          code: 'APPEARANCE_OVERLAPS_SIGNATURE',
          page: page.index + 1,
          message: `The ${w.role === 'date-stamp' ? 'date stamp' : 'seal'} on page ${page.index + 1} covers an existing signature's widget.`,
          messageZh: `第 ${page.index + 1} 页上的${w.role === 'date-stamp' ? '日期章' : '印章'}遮盖了已有签名的签章位置。`,
        });
      }
    }
  }
  return { sealForms, widgets, pages, warnings, sealsUsed: [...used.values()] };
}

/** The /Rect of every signature widget among a page's annotations (§12.7.5.5). */
async function signatureWidgetRects(
  doc: PdfDocument,
  annots: readonly PdfObject[],
): Promise<PdfRect[]> {
  const out: PdfRect[] = [];
  for (const a of annots.slice(0, 10_000)) {
    const d = await doc.resolve(a);
    if (!isDict(d) || d.getName('Subtype') !== 'Widget') continue;
    let ft = d.getName('FT');
    let parent = await doc.resolve(d.get('Parent'));
    for (let depth = 0; ft === undefined && isDict(parent) && depth < 32; depth++) {
      ft = parent.getName('FT');
      parent = await doc.resolve(parent.get('Parent'));
    }
    if (ft !== 'Sig') continue;
    const r = await doc.resolve(d.get('Rect'));
    if (isArray(r) && r.length === 4 && r.every((n) => typeof n === 'number'))
      out.push(r as unknown as PdfRect);
  }
  return out;
}

function widget(
  g: PageGeometry,
  pageIndex: number,
  role: PlannedWidget['role'],
  box: ViewBox,
  ops: readonly string[],
  xobjects: Record<string, string>,
): PlannedWidget {
  return {
    pageIndex,
    role,
    rect: rectInUserSpace(g, box),
    bbox: [0, 0, r3(box.width * PT_PER_MM), r3(box.height * PT_PER_MM)],
    matrix: uprightMatrix(g),
    content: deflateSync(Buffer.from(ops.join('\n') + '\n', 'latin1')),
    xobjects,
  };
}

function sealForm(key: string, seal: Seal): PlannedSealForm {
  const d = sealToPdfOperators(seal);
  const form: EncodedStream = {
    entries: { BBox: [0, 0, r3(d.widthPt), r3(d.heightPt)] },
    bytes: deflateSync(Buffer.from(d.content, 'latin1')),
  };
  if (!d.image) return { key, form };
  const base = { Width: d.image.widthPx, Height: d.image.heightPx, BitsPerComponent: 8 };
  return {
    key,
    form,
    image: {
      rgb: { entries: { ...base, ColorSpace: 'DeviceRGB' }, bytes: deflateSync(d.image.rgb) },
      alpha: { entries: { ...base, ColorSpace: 'DeviceGray' }, bytes: deflateSync(d.image.alpha) },
    },
  };
}

function colour(hex: string): string {
  const [r, g, b] = hexToRgb(hex);
  return `${pdfNum(r / 255)} ${pdfNum(g / 255)} ${pdfNum(b / 255)} rg`;
}

const r3 = (v: number): number => Math.round(v * 1000) / 1000;
const mm = (v: number): string => String(Math.round(v * 10) / 10);
