/**
 * Public surface of the seals module (generation, image import, rendering, library).
 * Owns: re-exports only. Must never: hold logic.
 */
export {
  generateSeal,
  SealSpecSchema,
  SEAL_SIZES,
  MAX_NAME_CHARS,
  type SealSpec,
  type GenerateDeps,
} from './generate-seal';
export {
  importSealImage,
  MAX_IMPORT_PIXELS,
  type ImportSealOptions,
  type ImportedSeal,
} from './import-seal-image';
export {
  SealLibrary,
  parseSeal,
  serializeSeal,
  writeFileAtomic,
  SEAL_FILE,
  type SealEvent,
  type SealEventType,
} from './seal-library';
export { sealToSvg } from './seal-svg';
export { sealToPdfOperators, type SealPdfDrawing, type SealImagePlanes } from './seal-pdf';
export { sealToPng, rasterizeSeal } from './seal-png';
export { sliceForPagingSeal, pagingSliceToPdfOperators, type PagingSlice } from './paging-seal';
export {
  FileFontProvider,
  defaultFontProvider,
  openSealFont,
  type FontProvider,
  type SealFont,
} from './seal-font';
export { sealError } from './seal-errors';
export * from './seal-model';
