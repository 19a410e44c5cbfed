/**
 * The seal model: what SEAL.json holds, as a zod schema and its types.
 *
 * Owns: the versioned, JSON-serialisable description of one seal, either as vector drawing
 * (paths in millimetres) or as an RGBA raster with its physical size.
 * Must never: depend on a font, a file system or a renderer; it is data only.
 *
 * Coordinates (decision): millimetres, origin at the BOTTOM-LEFT corner of the seal's box,
 * y axis pointing UP, exactly as PDF user space (ISO 32000-2 §8.3.2.3), so a seal drawn at
 * (x, y) mm maps to PDF points by a single scale of 72/25.4. SVG output flips y.
 * Paths are compact tuples: ['M', x, y], ['L', x, y], ['C', x1, y1, x2, y2, x, y], ['Z'].
 */
import { z } from 'zod';

export const SEAL_FORMAT = 'sealdesk.seal';
export const SEAL_MODEL_VERSION = 1;

/** Red seal ink (朱红), the colour of a fresh impression of an official seal. */
export const SEAL_RED = '#E60012';
/** Dark inks for handwritten-style signatures. */
export const INK_BLACK = '#1A1A1A';
export const INK_BLUE = '#1F3A93';

const num = z.number().finite();
export const PathCommandSchema = z.union([
  z.tuple([z.literal('M'), num, num]),
  z.tuple([z.literal('L'), num, num]),
  z.tuple([z.literal('C'), num, num, num, num, num, num]),
  z.tuple([z.literal('Z')]),
]);
export type PathCommand = z.infer<typeof PathCommandSchema>;

const ColorSchema = z.string().regex(/^#[0-9A-Fa-f]{6}$/);

/** What a shape is, so tests and the UI can find the star or the name glyphs. */
export const ShapeRoleSchema = z.enum(['border', 'star', 'name', 'title', 'code', 'signature']);
export type ShapeRole = z.infer<typeof ShapeRoleSchema>;

export const SealShapeSchema = z.object({
  role: ShapeRoleSchema,
  /** The character this shape draws, for glyph shapes. */
  char: z.string().optional(),
  d: z.array(PathCommandSchema),
  fill: ColorSchema.optional(),
  /** ISO 32000-2 §8.5.3.3: nonzero winding (f) or even-odd (f*). */
  fillRule: z.enum(['nonzero', 'evenodd']).optional(),
  stroke: ColorSchema.optional(),
  strokeWidthMm: z.number().positive().optional(),
});
export type SealShape = z.infer<typeof SealShapeSchema>;

export const SealTypeSchema = z.enum(['round', 'oval', 'square', 'signature', 'image']);
export type SealType = z.infer<typeof SealTypeSchema>;

/** The longest name a seal in the library may have (UTF-16 units, as the schema counts). */
export const MAX_SEAL_NAME = 200;

export const SealSchema = z.object({
  format: z.literal(SEAL_FORMAT),
  version: z.literal(SEAL_MODEL_VERSION),
  id: z.string().uuid(),
  name: z.string().min(1).max(MAX_SEAL_NAME),
  type: SealTypeSchema,
  organisation: z.string().max(200).optional(),
  custodian: z.string().max(200).optional(),
  title: z.string().max(60).optional(),
  code: z.string().max(40).optional(),
  sizeMm: z.object({
    width: z.number().positive().max(300),
    height: z.number().positive().max(300),
  }),
  source: z.enum(['generated', 'imported']),
  createdAt: z.string().datetime(),
  /** Vector drawing: generated seals. Origin bottom-left, y up, millimetres. */
  vector: z
    .object({
      origin: z.literal('bottom-left'),
      shapes: z.array(SealShapeSchema),
    })
    .optional(),
  /** Raster: imported seals. An RGBA PNG, transparent where there is no ink. */
  image: z
    .object({
      pngBase64: z.string().min(1),
      widthPx: z.number().int().positive(),
      heightPx: z.number().int().positive(),
    })
    .optional(),
  /** How a generated seal was made, so it can be regenerated with the same font. */
  generator: z
    .object({
      fontId: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    })
    .optional(),
});
export type Seal = z.infer<typeof SealSchema>;

/** One mm in PDF points (1 in = 25.4 mm = 72 pt). */
export const PT_PER_MM = 72 / 25.4;

/** Rounds to 1/1000 mm: keeps SEAL.json small and identical on every platform. */
export const roundMm = (v: number): number => {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? 0 : r;
};
