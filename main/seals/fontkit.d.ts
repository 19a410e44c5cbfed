/**
 * The small part of fontkit 2.x that the seals module uses (the package ships no types).
 * Owns: type declarations only. Must never: be imported for values.
 */
declare module 'fontkit' {
  export interface FontkitPathCommand {
    command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
    args: number[];
  }
  export interface FontkitGlyph {
    id: number;
    advanceWidth: number;
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
    path: { commands: FontkitPathCommand[] };
  }
  export interface FontkitFont {
    type: string;
    postscriptName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    'OS/2'?: { typoAscender: number; typoDescender: number };
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): FontkitGlyph;
  }
  export interface FontkitCollection {
    type: 'TTC' | 'DFont';
    fonts: FontkitFont[];
    getFont(postscriptName: string): FontkitFont | null;
  }
  export function create(
    buffer: Uint8Array,
    postscriptName?: string,
  ): FontkitFont | FontkitCollection;
}
