/**
 * Seal use cases for the doors: the user's seal library and the seal files the CLI makes and
 * reads (generate, import a scan, SEAL.json in and out, SVG/PNG previews).
 *
 * Owns: which parts of main/seals a door may use, so that a door depends on main/host only
 * (docs/architecture.md "what may import what"; lint enforces it).
 * Must never: hold seal logic of its own; main/seals owns it.
 */
export {
  SealLibrary,
  generateSeal,
  importSealImage,
  parseSeal,
  sealError,
  sealToPng,
  sealToSvg,
  serializeSeal,
  writeFileAtomic,
} from '../seals';
export type { Seal, SealSpec } from '../seals';
