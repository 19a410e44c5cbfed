/**
 * Adds validation data to a PDF as a Document Security Store, by incremental update (PAdES
 * B-LT: ETSI EN 319 142-1 §5.4.2; ISO 32000-2 §12.8.4.3 DSS, §12.8.4.4 VRI; §7.5.6 updates).
 *
 * Owns: building the /DSS dictionary (/Certs, /OCSPs, /CRLs: arrays of streams holding DER;
 * /VRI: per signature, keyed by the uppercase hex SHA-1 of the signature's /Contents string
 * bytes, with /Cert, /OCSP, /CRL arrays and /TU), merging with a DSS already in the file (its
 * entries kept, identical data not stored twice), and writing original bytes + update
 * atomically (temp file, fsync, rename) with a streaming copy (../sign/update-chain-writer).
 * Must never: modify the input, load it whole, touch earlier revisions' bytes (every signature
 * stays valid), or judge the data it stores (revocation-fetcher.ts and main/verify do that).
 *
 * Decisions: a VRI entry lists all the data added in the same update (the fetcher gathers it
 * for the signatures' chains); DSS streams are stored unfiltered (DER is small and dense);
 * /TU is the time of the update. Encrypted files are refused for now (not yet tested).
 */
import { createHash } from 'node:crypto';
import { PdfDocument } from '../pdf/document';
import { IncrementalUpdate } from '../pdf/incremental-writer';
import type { PdfRef } from '../pdf/objects';
import {
  PdfDict,
  PdfStream,
  PdfString,
  isArray,
  isDict,
  isRef,
  type PdfObject,
} from '../pdf/objects';
import { findSignatures } from '../verify/pdf-signatures';
import { ltvError } from './ltv-errors';
import { writeUpdateChain } from '../sign/update-chain-writer';

export interface DssData {
  readonly certs: readonly Uint8Array[];
  readonly ocsps: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
}

export interface AddDssOptions {
  readonly input: string;
  readonly output: string;
  readonly data: DssData;
  /** VRI keys of the signatures to describe; default every signature and document timestamp. */
  readonly vriKeys?: readonly string[];
  /** /TU of the VRI entries; default now. */
  readonly time?: Date;
  readonly password?: string;
  readonly signal?: AbortSignal;
}

export interface AddDssResult {
  readonly output: string;
  readonly outputBytes: number;
  /** Streams written by this update (items already in the DSS are not written again). */
  readonly added: { readonly certs: number; readonly ocsps: number; readonly crls: number };
  readonly vriKeys: readonly string[];
}

/** VRI key of a signature (ISO 32000-2 §12.8.4.4): uppercase hex SHA-1 of its /Contents bytes. */
export const vriKey = (contents: Uint8Array): string =>
  createHash('sha1').update(contents).digest('hex').toUpperCase();

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** PDF date (ISO 32000-2 §7.9.4) in UTC. */
function pdfDate(d: Date): PdfString {
  const p = (n: number) => String(n).padStart(2, '0');
  return PdfString.fromText(
    `D:${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}` +
      `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`,
  );
}

const MAX_EXISTING = 4096;

/** The references of an existing DSS array and the digests of the streams they name. */
async function existingArray(
  doc: PdfDocument,
  value: PdfObject | undefined,
): Promise<{ refs: PdfObject[]; digests: Map<string, PdfRef> }> {
  const arr = await doc.resolve(value);
  const refs: PdfObject[] = isArray(arr) ? [...arr] : [];
  const digests = new Map<string, PdfRef>();
  for (const item of refs.slice(0, MAX_EXISTING)) {
    if (!isRef(item)) continue;
    const s = await doc.resolve(item).catch(() => undefined);
    if (!(s instanceof PdfStream)) continue;
    const data = await doc.streamData(s, item).catch(() => undefined);
    if (data) digests.set(sha256(data), item);
  }
  return { refs, digests };
}

export interface DssUpdate {
  /** The update bytes (undefined when everything was already there and no VRI is wanted). */
  readonly bytes: Buffer;
  readonly added: { readonly certs: number; readonly ocsps: number; readonly crls: number };
  readonly vriKeys: readonly string[];
}

/**
 * The incremental update that adds `data` to the DSS of `doc` (merging with an existing one),
 * with VRI entries for `vriKeys` (default: every signature and document timestamp).
 */
export async function buildDssUpdate(
  doc: PdfDocument,
  data: DssData,
  opts: { readonly vriKeys?: readonly string[] | undefined; readonly time?: Date | undefined } = {},
): Promise<DssUpdate> {
  const file = doc.fileName;
  if (doc.recovered) throw ltvError('LTV_DAMAGED_PDF', { file });
  if (doc.security) throw ltvError('LTV_ENCRYPTED_PDF', { file });
  const rootRef = doc.trailer.getRef('Root');
  if (!rootRef) throw ltvError('LTV_DAMAGED_PDF', { file });
  const catalog = await doc.catalog();
  const update = new IncrementalUpdate(doc);

  const dssValue = catalog.get('DSS');
  const oldDss = await doc.resolve(dssValue);
  const dss = isDict(oldDss) ? oldDss.clone() : new PdfDict();

  const added = { certs: 0, ocsps: 0, crls: 0 };
  const addKind = async (
    key: 'Certs' | 'OCSPs' | 'CRLs',
    items: readonly Uint8Array[],
    count: 'certs' | 'ocsps' | 'crls',
  ): Promise<PdfRef[]> => {
    const { refs, digests } = await existingArray(doc, dss.get(key));
    const mine: PdfRef[] = [];
    for (const bytes of items) {
      const h = sha256(bytes);
      let ref = digests.get(h);
      if (!ref) {
        ref = update.allocate();
        update.put(ref, PdfStream.fromBytes(new PdfDict(), bytes));
        digests.set(h, ref);
        refs.push(ref);
        added[count]++;
      }
      if (!mine.some((r) => r.equals(ref))) mine.push(ref);
    }
    if (refs.length > 0) dss.set(key, refs);
    return mine;
  };
  const certRefs = await addKind('Certs', data.certs, 'certs');
  const ocspRefs = await addKind('OCSPs', data.ocsps, 'ocsps');
  const crlRefs = await addKind('CRLs', data.crls, 'crls');

  // VRI (§12.8.4.4), keyed by the signatures' /Contents.
  const keys =
    opts.vriKeys ??
    (await findSignatures(doc)).flatMap((s) => (s.contents ? [vriKey(s.contents)] : []));
  const oldVri = await doc.resolve(dss.get('VRI'));
  const vri = isDict(oldVri) ? oldVri.clone() : new PdfDict();
  const tu = pdfDate(opts.time ?? new Date());
  for (const key of keys) {
    const old = await doc.resolve(vri.get(key));
    const entry = isDict(old) ? old.clone() : new PdfDict();
    const merge = async (name: string, refs: readonly PdfRef[]) => {
      const prev = await doc.resolve(entry.get(name));
      const list: PdfObject[] = isArray(prev) ? [...prev] : [];
      for (const r of refs) if (!list.some((x) => isRef(x) && x.equals(r))) list.push(r);
      if (list.length > 0) entry.set(name, list);
    };
    await merge('Cert', certRefs);
    await merge('OCSP', ocspRefs);
    await merge('CRL', crlRefs);
    entry.set('TU', tu);
    vri.set(key, entry);
  }
  if (vri.size > 0) dss.set('VRI', vri);

  if (isRef(dssValue) && isDict(oldDss)) {
    update.put(dssValue, dss); // same object, new version: the catalog stays as it is
  } else {
    const dssRef = update.allocate();
    update.put(dssRef, dss);
    update.put(rootRef, catalog.clone().set('DSS', dssRef));
  }

  const lastByte = doc.size > 0 ? (await doc.source.read(doc.size - 1, 1))[0] : undefined;
  const built = update.build({ endsWithEol: lastByte === 0x0a || lastByte === 0x0d });
  return { bytes: built.bytes, added, vriKeys: keys };
}

/** Appends a DSS to `input`, writing the result atomically to `output`. */
export async function addDss(opts: AddDssOptions): Promise<AddDssResult> {
  const { input, output, data } = opts;
  if (data.certs.length + data.ocsps.length + data.crls.length === 0)
    throw ltvError('LTV_NOTHING_TO_ADD', { file: input });
  const doc = await PdfDocument.open(input, {
    fileName: input,
    ...(opts.password !== undefined ? { password: opts.password } : {}),
  });
  try {
    let made: DssUpdate | undefined;
    const r = await writeUpdateChain({
      input,
      output,
      doc,
      signal: opts.signal,
      errors: ltvWriteErrors(input),
      steps: [
        {
          kind: 'plain',
          build: async (d) => {
            made = await buildDssUpdate(d, data, { vriKeys: opts.vriKeys, time: opts.time });
            return made.bytes;
          },
        },
      ],
    });
    return { output, outputBytes: r.outputBytes, added: made!.added, vriKeys: made!.vriKeys };
  } finally {
    await doc.close();
  }
}

/** The errors of writeUpdateChain in main/ltv's words. */
export const ltvWriteErrors = (file: string) => ({
  changed: () => ltvError('LTV_INPUT_CHANGED', { file }),
  cancelled: () => ltvError('LTV_CANCELLED', { file }),
  doesNotFit: (bytes: number, hole: number) =>
    ltvError('LTV_TOKEN_TOO_LARGE', { file, bytes: String(bytes), hole: String(hole) }),
});
