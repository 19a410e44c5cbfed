/**
 * Byte and DER helpers shared by the verification modules.
 *
 * Owns: strict DER/BER decoding into asn1js with "no trailing bytes" enforcement, PEM
 * armour, hashing with node crypto, constant-shape byte comparison and hex.
 * Must never: accept trailing garbage silently (only the zero padding of a PDF /Contents hole,
 * ISO 32000-2 §12.8.1, may follow a CMS object, and callers must ask for that explicitly).
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(hash).update(data).digest());
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function view(buf: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (buf instanceof Uint8Array) return buf;
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return new Uint8Array(buf);
}

/** A copy with its own ArrayBuffer (asn1js/pkijs keep references into the buffer they get). */
export function ownBuffer(b: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(b.length);
  new Uint8Array(out).set(b);
  return out;
}

export type DecodeResult =
  | { readonly ok: true; readonly value: asn1js.AsnType; readonly trailing: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes one ASN.1 object. `allowZeroPadding`: trailing 0x00 bytes are tolerated and counted
 * (a PDF /Contents hole is padded with zeros); any other trailing byte is an error.
 */
export function decodeAsn1(bytes: Uint8Array, allowZeroPadding = false): DecodeResult {
  if (bytes.length === 0) return { ok: false, reason: 'no bytes' };
  const parsed = asn1js.fromBER(ownBuffer(bytes));
  if (parsed.offset === -1 || parsed.result.error) {
    return { ok: false, reason: parsed.result.error || 'not ASN.1' };
  }
  const trailing = bytes.length - parsed.offset;
  if (trailing > 0) {
    const rest = bytes.subarray(parsed.offset);
    if (!allowZeroPadding || rest.some((b) => b !== 0)) {
      return { ok: false, reason: `${trailing} unexpected byte(s) after the ASN.1 object` };
    }
  }
  return { ok: true, value: parsed.result, trailing };
}

/** The DER bytes of an already-decoded element exactly as they appeared in the input. */
export function rawBytesOf(el: asn1js.AsnType): Uint8Array {
  return new Uint8Array(el.valueBeforeDecodeView);
}

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Every PEM block in a text, with its label. */
export function pemBlocks(text: string): { label: string; der: Uint8Array }[] {
  const out: { label: string; der: Uint8Array }[] = [];
  for (const m of text.matchAll(PEM_RE)) {
    const body = (m[2] ?? '').replace(/[^A-Za-z0-9+/=]/g, '');
    out.push({ label: m[1] ?? '', der: new Uint8Array(Buffer.from(body, 'base64')) });
  }
  return out;
}

export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
