/**
 * The part of fontkit 2.x that the PDF report needs besides main/seals/fontkit.d.ts: TrueType
 * subsetting and the table directory. Owns: type declarations only.
 */
declare module 'fontkit' {
  export interface FontkitSubset {
    /** Adds a glyph (or glyph id) and returns its id in the subset. */
    includeGlyph(glyph: number | FontkitGlyph): number;
    /** The subset font file (TrueType for glyf fonts). */
    encode(): Uint8Array;
  }
  export interface FontkitFont {
    readonly familyName: string;
    readonly capHeight: number;
    readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
    readonly directory: { readonly tables: Record<string, unknown> };
    createSubset(): FontkitSubset;
    getGlyph(id: number): FontkitGlyph;
  }
}
