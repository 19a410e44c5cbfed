/**
 * Document timestamps (ISO 32000-2 §12.8.5; ETSI EN 319 142-1 §5.4.3, the archive timestamp of
 * PAdES B-LTA): a signature dictionary of /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161 whose
 * /Contents is an RFC 3161 TimeStampToken over the digest of its ByteRange.
 *
 * Owns: the update step (../sign/update-chain-writer HoleStep) that adds an invisible signature
 * field with such a dictionary, and asks the TSAs for the token when the digest is known.
 * Must never: change anything an earlier signature covers (only new objects, the AcroForm, the
 * first page's /Annots and, when needed, the catalog get new versions), or accept a token for
 * another digest (requestTimestamp checks imprint and nonce).
 */
import { requestTimestamp, type TimestampResult, type TsaOptions } from '../cms/tsa-client';
import type { PdfDocument } from '../pdf/document';
import { IncrementalUpdate } from '../pdf/incremental-writer';
import {
  PdfDict,
  PdfString,
  dict,
  isArray,
  isDict,
  isRef,
  name,
  type PdfObject,
} from '../pdf/objects';
import type { HashAlgorithm } from '../sign/signer';
import {
  byteRangePlaceholder,
  patchByteRange,
  type HoleStep,
  type HoleUpdate,
} from '../sign/update-chain-writer';
import { ltvError } from './ltv-errors';

/** Room for the token before its real size is known; the writer retries once when short. */
export const DOC_TIMESTAMP_ESTIMATE = 8192;

export interface DocTimestampStepOptions {
  readonly tsa: TsaOptions;
  /** Told the token once the TSA answered (the DSS step after it needs its certificates). */
  readonly onToken?: (t: TimestampResult) => void;
  readonly estimate?: number;
}

/** A HoleStep that appends a document timestamp. */
export function docTimestampStep(opts: DocTimestampStepOptions): HoleStep {
  const hash: HashAlgorithm = opts.tsa.hash ?? 'sha256';
  return {
    kind: 'hole',
    hash,
    placeholderBytes: opts.estimate ?? DOC_TIMESTAMP_ESTIMATE,
    build: (doc, placeholderBytes) => buildDocTimestampUpdate(doc, placeholderBytes),
    fill: async (digest) => {
      const t = await requestTimestamp(digest, { ...opts.tsa, hash });
      opts.onToken?.(t);
      return t.token;
    },
  };
}

async function buildDocTimestampUpdate(
  doc: PdfDocument,
  placeholderBytes: number,
): Promise<HoleUpdate> {
  const file = doc.fileName;
  const rootRef = doc.trailer.getRef('Root');
  if (!rootRef || doc.recovered) throw ltvError('LTV_DAMAGED_PDF', { file });
  if (doc.security) throw ltvError('LTV_ENCRYPTED_PDF', { file });
  const catalog = (await doc.catalog()).clone();
  const update = new IncrementalUpdate(doc);
  let catalogChanged = false;

  const afObj = catalog.get('AcroForm');
  const afResolved = await doc.resolve(afObj);
  const af = isDict(afResolved) ? afResolved.clone() : new PdfDict();
  const fieldsObj = af.get('Fields');
  const fieldsResolved = await doc.resolve(fieldsObj);
  const fields: PdfObject[] = isArray(fieldsResolved) ? [...fieldsResolved] : [];
  const names = new Set<string>();
  for (const f of fields.slice(0, 10_000)) {
    const d = isRef(f) ? await doc.getDict(f) : undefined;
    const t = d ? await doc.resolve(d.get('T')) : undefined;
    if (t instanceof PdfString) names.add(t.text());
  }
  let n = 1;
  while (names.has(`DocTimeStamp${n}`)) n++;

  const page = await doc.page(0);
  const annotsObj = page.dict.get('Annots');
  const annotsResolved = await doc.resolve(annotsObj);
  const annots: PdfObject[] = isArray(annotsResolved) ? [...annotsResolved] : [];

  const sigRef = update.allocate();
  const br = byteRangePlaceholder();
  const contents = new PdfString(new Uint8Array(placeholderBytes), true);
  update.put(
    sigRef,
    dict({
      Type: name('DocTimeStamp'),
      Filter: name('Adobe.PPKLite'),
      SubFilter: name('ETSI.RFC3161'),
      ByteRange: br,
      Contents: contents,
    }),
  );
  const widgetRef = update.allocate();
  update.put(
    widgetRef,
    dict({
      Type: name('Annot'),
      Subtype: name('Widget'),
      FT: name('Sig'),
      T: PdfString.fromText(`DocTimeStamp${n}`),
      V: sigRef,
      F: 132, // Print + Locked (§12.5.3)
      Rect: [0, 0, 0, 0],
      P: page.ref,
    }),
  );
  if (isRef(annotsObj)) update.put(annotsObj, [...annots, widgetRef]);
  else update.put(page.ref, page.dict.clone().set('Annots', [...annots, widgetRef]));
  if (isRef(fieldsObj)) update.put(fieldsObj, [...fields, widgetRef]);
  else af.set('Fields', [...fields, widgetRef]);
  af.set('SigFlags', 3);
  if (isRef(afObj) && isDict(afResolved)) update.put(afObj, af);
  else {
    catalog.set('AcroForm', af);
    catalogChanged = true;
  }
  if (catalogChanged) update.put(rootRef, catalog);

  const lastByte = doc.size > 0 ? (await doc.source.read(doc.size - 1, 1))[0] : undefined;
  const built = update.build({
    endsWithEol: lastByte === 0x0a || lastByte === 0x0d,
    track: new Set<object>([br, contents]),
  });
  const hole = patchByteRange(built, contents, br);
  if (!hole) throw ltvError('LTV_TOO_LARGE', { file });
  return hole;
}
