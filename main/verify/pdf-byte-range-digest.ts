/**
 * The digest of the signed bytes (ISO 32000-2 §12.8.1: the bytes named by /ByteRange, i.e. the
 * revision without the /Contents hole; RFC 5652 §5.4 message digest).
 *
 * Owns: hashing [0, a) and [b, b + c) by positioned reads in fixed chunks, with one or several
 * algorithms in a single pass, so a 1 GB file costs one read and bounded memory.
 * Must never: read more than CHUNK bytes at once, or hash a ByteRange the structure check has
 * not validated (the type only admits a checked `ByteRange`).
 */
import { createHash, type Hash } from 'node:crypto';
import type { PdfDocument } from '../pdf/document';
import type { ByteRange } from './pdf-signature-structure';

export type DigestAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const CHUNK = 4 * 1024 * 1024;

/** The digest of the ByteRange of `doc` with `algorithm`. */
export async function byteRangeDigest(
  doc: PdfDocument,
  byteRange: ByteRange,
  algorithm: DigestAlgorithm,
): Promise<Uint8Array> {
  const all = await byteRangeDigests(doc, byteRange, [algorithm]);
  return all.get(algorithm)!;
}

/** Digests of the ByteRange with several algorithms, reading the file once. */
export async function byteRangeDigests(
  doc: PdfDocument,
  byteRange: ByteRange,
  algorithms: readonly DigestAlgorithm[],
  onProgress?: (bytesDone: number, bytesTotal: number) => void,
): Promise<Map<DigestAlgorithm, Uint8Array>> {
  const hashes = new Map<DigestAlgorithm, Hash>();
  for (const alg of algorithms) hashes.set(alg, createHash(alg));
  const [, a, b, c] = byteRange;
  const total = a + c;
  let done = 0;
  for (const [start, length] of [
    [0, a],
    [b, c],
  ] as const) {
    for (let pos = start; pos < start + length;) {
      const want = Math.min(CHUNK, start + length - pos);
      const chunk = await doc.source.read(pos, want);
      if (chunk.length !== want) {
        throw new Error(`the file ended at byte ${pos + chunk.length} inside the ByteRange`);
      }
      for (const h of hashes.values()) h.update(chunk);
      pos += want;
      done += want;
      onProgress?.(done, total);
    }
  }
  const out = new Map<DigestAlgorithm, Uint8Array>();
  for (const [alg, h] of hashes) out.set(alg, new Uint8Array(h.digest()));
  return out;
}
