/**
 * An annotation change in words for the panel and the outlines: its kind (the /Subtype of
 * ISO 32000-2 Table 171 in the user's language; an unknown one as it came) and whether it was
 * added, changed or removed. Owns: nothing but that wording.
 */
import type { AnnotationChange } from '../../../../preload/contract';
import type { MessageKey, Translate } from '../../i18n/i18n';

/** The annotation types of ISO 32000-2 §12.5.6.1 Table 171 that have a name in the catalogues. */
const KNOWN = new Set([
  'Text',
  'Link',
  'FreeText',
  'Line',
  'Square',
  'Circle',
  'Polygon',
  'PolyLine',
  'Highlight',
  'Underline',
  'Squiggly',
  'StrikeOut',
  'Caret',
  'Stamp',
  'Ink',
  'Popup',
  'FileAttachment',
  'Sound',
  'Movie',
  'Screen',
  'Widget',
  'PrinterMark',
  'TrapNet',
  'Watermark',
  '3D',
  'Redact',
  'Projection',
  'RichMedia',
]);

export function annotationKind(t: Translate, subtype: string): string {
  return KNOWN.has(subtype)
    ? t(`verify.annot.kind.${subtype}` as MessageKey)
    : t('verify.annot.kind.other', { subtype });
}

/** "新增矩形" / "rectangle added". */
export function annotationLabel(
  t: Translate,
  subtype: string,
  change: AnnotationChange['change'],
): string {
  return t('verify.annot.item', {
    kind: annotationKind(t, subtype),
    change: t(`verify.annot.change.${change}`),
  });
}
