/**
 * A Signer over a PKCS#12 (.p12/.pfx) file, signing with node crypto.
 *
 * Owns: opening a PKCS#12 (RFC 7292) with node-forge, turning its key and certificate bags into
 * node KeyObjects and DER certificates, picking the key that matches a certificate, ordering the
 * chain leaf-first, and signing requests (RSASSA-PKCS1-v1_5, RSASSA-PSS with salt = hash length
 * per RFC 4055 §3.1, ECDSA as DER Ecdsa-Sig-Value per RFC 5480 §2.2).
 * Must never: keep or reveal the passphrase (it is used once, in the constructor path, and never
 * stored or put in an error), or write key material anywhere.
 *
 * Decisions:
 * - node-forge reads both OpenSSL 3's default layout (PBES2 / PBKDF2-HMAC-SHA256 / AES-256-CBC,
 *   SHA-256 MAC) and the legacy one (PBE-SHA1-3DES, SHA-1 MAC); tested with openssl-made files.
 * - forge only understands RSA keys and RSA-key certificates. For anything else it hands over
 *   the decrypted ASN.1 (bag.asn1), which we serialise to DER for node crypto.
 * - forge's own certificate serialiser rebuilds signatureAlgorithm (adding NULL parameters even
 *   for ECDSA), which would break the certificate. So certificates are rebuilt from forge's
 *   captured tbsCertificate, the tbsCertificate's own `signature` AlgorithmIdentifier (RFC 5280
 *   §4.1.1.2 requires both to be equal) and the signature bits.
 */
import {
  constants,
  createPrivateKey,
  createPublicKey,
  sign as cryptoSign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import forge from 'node-forge';
import { children, contents, encoding, readNode, seq, tlv, TAG } from '../cms/der';
import { keyError } from './key-errors';
import type { HashAlgorithm, SignatureScheme, Signer, SignRequest } from './signer';

const SALT: Record<HashAlgorithm, number> = { sha256: 32, sha384: 48, sha512: 64 };

const toBinary = (b: Uint8Array): string => Buffer.from(b).toString('binary');
const fromBinary = (s: string): Buffer => Buffer.from(s, 'binary');
const derOf = (a: forge.asn1.Asn1): Buffer => fromBinary(forge.asn1.toDer(a).getBytes());

/** The certificate's DER, without forge re-deriving the signature algorithm (see charter). */
function certificateDer(bag: forge.pkcs12.Bag): Buffer | undefined {
  const raw = bag.asn1 as forge.asn1.Asn1 | undefined; // set only when forge could not parse
  if (raw) return derOf(raw);
  const cert = bag.cert as
    (forge.pki.Certificate & { tbsCertificate?: forge.asn1.Asn1 }) | undefined;
  if (!cert?.tbsCertificate) return undefined;
  const tbs = derOf(cert.tbsCertificate);
  const tbsParts = children(readNode(tbs));
  const sigAlg = tbsParts[tbsParts[0]?.tag === 0xa0 ? 2 : 1];
  if (!sigAlg) return undefined;
  const bits: unknown = cert.signature; // forge: the signature octets as a binary string
  if (typeof bits !== 'string') return undefined;
  const signature = Buffer.concat([Buffer.of(0), fromBinary(bits)]);
  return Buffer.from(seq(tbs, encoding(sigAlg), tlv(TAG.BIT_STRING, signature)));
}

function privateKeyOf(bag: forge.pkcs12.Bag): KeyObject {
  if (bag.key) {
    // forge parsed an RSA key; hand node the PKCS#1 RSAPrivateKey it holds.
    const rsa = forge.pki.privateKeyToAsn1(bag.key);
    return createPrivateKey({ key: derOf(rsa), format: 'der', type: 'pkcs1' });
  }
  const raw = bag.asn1 as forge.asn1.Asn1 | undefined; // decrypted PrivateKeyInfo
  if (!raw) throw new Error('empty key bag');
  return createPrivateKey({ key: derOf(raw), format: 'der', type: 'pkcs8' });
}

/** Identity of a public key: RSAPublicKey for RSA and RSA-PSS (so the two compare), else SPKI. */
function publicKeyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const spki = pub.export({ type: 'spki', format: 'der' });
  if (pub.asymmetricKeyType === 'rsa' || pub.asymmetricKeyType === 'rsa-pss') {
    const bitString = children(readNode(spki))[1];
    if (bitString) return Buffer.from(contents(bitString).subarray(1)).toString('hex');
  }
  return spki.toString('hex');
}

/** Orders certificates leaf-first: leaf, its issuer, that one's issuer, ... */
function chainFrom(leaf: X509Certificate, pool: readonly X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  let current = leaf;
  while (current.subject !== current.issuer || !current.checkIssued(current)) {
    const next = pool.find(
      (c) => !chain.includes(c) && current.checkIssued(c) && current.verify(c.publicKey),
    );
    if (!next) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

function passphraseFailure(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : '';
  return /MAC could not be verified|Invalid password|wrong password|decrypt/i.test(msg);
}

export class Pkcs12Signer implements Signer {
  private constructor(
    private readonly file: string,
    private readonly key: KeyObject,
    private readonly chain: readonly Uint8Array[],
    private readonly offered: readonly SignatureScheme[],
  ) {}

  /** Reads and opens a PKCS#12 file. The passphrase is not kept. */
  static async fromFile(path: string, passphrase: string): Promise<Pkcs12Signer> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        throw keyError('P12_NOT_FOUND', { file: path }, e);
      if (code === 'EISDIR') throw keyError('P12_UNREADABLE', { file: path }, e);
      throw keyError('P12_READ_FAILED', { file: path, reason: code ?? 'unknown' }, e);
    }
    return Pkcs12Signer.fromBytes(bytes, passphrase, path);
  }

  /** Opens PKCS#12 bytes; `file` names them in errors. The passphrase is not kept. */
  static fromBytes(bytes: Uint8Array, passphrase: string, file: string): Pkcs12Signer {
    const name = basename(file);
    let p12: forge.pkcs12.Pkcs12Pfx;
    let asn1: forge.asn1.Asn1;
    try {
      asn1 = forge.asn1.fromDer(forge.util.createBuffer(toBinary(bytes)));
    } catch (e) {
      throw keyError('P12_UNREADABLE', { file: name }, e);
    }
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
    } catch (e) {
      // Never pass `e` on as a cause with the passphrase in it: forge's messages do not carry
      // it, but keep only the message text to be sure.
      const cause = new Error(e instanceof Error ? e.message : 'PKCS#12 error');
      if (passphraseFailure(e)) throw keyError('P12_WRONG_PASSPHRASE', { file: name }, cause);
      throw keyError('P12_UNREADABLE', { file: name }, cause);
    }

    const keyBags = [
      ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[
        forge.pki.oids.pkcs8ShroudedKeyBag!
      ] ?? []),
      ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
    ];
    const certBags =
      p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];

    const keys: KeyObject[] = [];
    for (const bag of keyBags) {
      try {
        keys.push(privateKeyOf(bag));
      } catch (e) {
        throw keyError(
          'P12_UNREADABLE',
          { file: name },
          new Error(e instanceof Error ? e.message : 'key'),
        );
      }
    }
    if (keys.length === 0) throw keyError('P12_NO_KEY', { file: name });

    const certs: X509Certificate[] = [];
    for (const bag of certBags) {
      const der = certificateDer(bag);
      if (!der) continue;
      try {
        certs.push(new X509Certificate(der));
      } catch {
        // a certificate node cannot parse is not one we could sign with; skip it
      }
    }

    for (const key of keys) {
      const id = publicKeyId(key);
      const leaf = certs.find((c) => publicKeyId(c.publicKey) === id);
      if (!leaf) continue;
      const offered = schemesFor(leaf.publicKey, name);
      const chain = chainFrom(leaf, certs).map((c) => new Uint8Array(c.raw));
      return new Pkcs12Signer(name, key, chain, offered);
    }
    throw keyError('P12_NO_MATCHING_CERT', { file: name });
  }

  certificates(): Promise<readonly Uint8Array[]> {
    return Promise.resolve(this.chain);
  }

  schemes(): Promise<readonly SignatureScheme[]> {
    return Promise.resolve(this.offered);
  }

  sign(request: SignRequest): Promise<Uint8Array> {
    if (!this.offered.includes(request.scheme)) {
      return Promise.reject(
        keyError('SIGNER_SCHEME_UNSUPPORTED', { file: this.file, scheme: request.scheme }),
      );
    }
    let sig: Buffer;
    switch (request.scheme) {
      case 'rsa-pkcs1':
        sig = cryptoSign(request.hash, request.data, {
          key: this.key,
          padding: constants.RSA_PKCS1_PADDING,
        });
        break;
      case 'rsa-pss':
        sig = cryptoSign(request.hash, request.data, {
          key: this.key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: SALT[request.hash],
        });
        break;
      case 'ecdsa':
        sig = cryptoSign(request.hash, request.data, { key: this.key, dsaEncoding: 'der' });
        break;
    }
    return Promise.resolve(new Uint8Array(sig));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** What the certificate's key allows: an id-RSASSA-PSS key signs only with PSS. */
function schemesFor(pub: KeyObject, file: string): SignatureScheme[] {
  switch (pub.asymmetricKeyType) {
    case 'rsa':
      return ['rsa-pkcs1', 'rsa-pss'];
    case 'rsa-pss':
      return ['rsa-pss'];
    case 'ec':
      return ['ecdsa'];
    default:
      throw keyError('P12_UNSUPPORTED_KEY', { file, keyType: pub.asymmetricKeyType ?? 'unknown' });
  }
}
