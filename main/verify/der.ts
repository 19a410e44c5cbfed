/**
 * Byte and DER helpers shared by the verification modules.
 *
 * Owns: strict DER/BER decoding into asn1js with "no trailing bytes" enforcement, PEM
 * armour, hashing with node crypto (SHA-1, SHA-2, SHA-3 and SHAKE256 with the 512-bit output
 * RFC 8419 §2.3 fixes), constant-shape byte comparison and hex, and the DER form of a CMS
 * SignedAttributes SET OF (X.690 §11.6 ordering) that RFC 5652 §5.4 says is signed.
 * Must never: accept trailing garbage silently (only the zero padding of a PDF /Contents hole,
 * ISO 32000-2 §12.8.1, may follow a CMS object, and callers must ask for that explicitly).
 */
import { createHash, type Hash, type HashOptions } from 'node:crypto';
import * as asn1js from 'asn1js';

export type HashName =
  | 'sha1'
  | 'sha224'
  | 'sha256'
  | 'sha384'
  | 'sha512'
  | 'sha3-256'
  | 'sha3-384'
  | 'sha3-512'
  | 'shake256';

/**
 * Options for `createHash(hash, ...)`: id-shake256 without parameters is SHAKE256 with a
 * 512-bit output (RFC 8419 §2.3; node's default output would be 256 bits).
 */
export function hashOptions(hash: HashName): HashOptions | undefined {
  return hash === 'shake256' ? { outputLength: 64 } : undefined;
}

/** A streaming hash of the given kind (with the output length `hashOptions` fixes). */
export const createDigest = (hash: HashName): Hash => createHash(hash, hashOptions(hash));

export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createDigest(hash).update(data).digest());
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

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function derTlv(tag: number, parts: readonly Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  return new Uint8Array(Buffer.concat([Uint8Array.of(tag), derLength(body.length), body]));
}

/** X.690 §11.6: the encodings of a SET OF's elements in ascending order, as octet strings. */
function compareOctets(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const sortedSet = (items: readonly Uint8Array[]): Uint8Array =>
  derTlv(0x31, [...items].sort(compareOctets));

export type SignedAttributesForm =
  | { readonly ok: true; readonly der: Uint8Array; readonly wasDer: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * The DER form of a SignedAttributes SET OF Attribute (RFC 5652 §5.4: "the DER encoding of the
 * SignedAttrs value"): the attributes, and each attribute's attrValues, in X.690 §11.6 order,
 * with definite minimal lengths for those levels; each AttributeValue keeps its bytes.
 * `wasDer` says whether that is exactly the input (a DER signer's bytes always are).
 */
export function derSignedAttributes(received: Uint8Array): SignedAttributesForm {
  const d = decodeAsn1(received);
  if (!d.ok) return d;
  if (!(d.value instanceof asn1js.Set)) return { ok: false, reason: 'not a SET OF Attribute' };
  const attributes: Uint8Array[] = [];
  for (const a of d.value.valueBlock.value) {
    const parts = a instanceof asn1js.Sequence ? a.valueBlock.value : [];
    const [type, values] = parts;
    if (
      parts.length !== 2 ||
      !(type instanceof asn1js.ObjectIdentifier) ||
      !(values instanceof asn1js.Set)
    ) {
      return { ok: false, reason: 'an Attribute is not SEQUENCE { OID, SET OF value }' };
    }
    attributes.push(
      derTlv(0x30, [rawBytesOf(type), sortedSet(values.valueBlock.value.map(rawBytesOf))]),
    );
  }
  const der = sortedSet(attributes);
  return { ok: true, der, wasDer: bytesEqual(der, received) };
}
