/**
 * Signature algorithms and raw signature verification with node crypto.
 *
 * Owns: reading a signature AlgorithmIdentifier (RSA PKCS#1 v1.5 with rsaEncryption or
 * shaXWithRSAEncryption, RFC 8017 §8.2 / RFC 5754 §3.2; RSASSA-PSS with its parameters,
 * RFC 4055 §3.1; ECDSA, RFC 5758 §3.2 / RFC 5480, and BSI TR-03111 plain ECDSA; Ed25519 and
 * Ed448 with the digest RFC 8419 §3 requires of each), and checking one signature with a given
 * public key over given bytes (`verifySignature`) or, for a CMS SignerInfo without signed
 * attributes, over a digest the caller already has (`verifyDigestSignature`: RSA by recovering
 * the encoded message, RFC 8017 §8.2.2 / §9.1.2; ECDSA by ecdsa-digest.ts).
 * Must never: guess an algorithm it does not know, or let a key of one type verify a
 * signature of another scheme. ECDSA signatures in plain r||s form (IEEE P1363) are accepted
 * only when the bytes are not a DER Ecdsa-Sig-Value, and the result says so.
 */
import { constants, publicDecrypt, verify as nodeVerify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual, createDigest, decodeAsn1, digest as hashOf, type HashName } from './der';
import { fromBytes, verifyEcdsaDigest } from './ecdsa-digest';
import { hashFromOid, OID, SIGNATURE_OIDS } from './oids';
import type { KeyDescription } from './parsed-certificate';

export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'ed25519' | 'ed448';

export interface SignatureAlgorithm {
  readonly oid: string;
  readonly scheme: SignatureScheme;
  /** The hash the scheme applies to the signed bytes; undefined for EdDSA (pure EdDSA). */
  readonly hash?: HashName;
  readonly pss?: { readonly mgfHash: HashName; readonly saltLength: number };
  /** BSI TR-03111 plain ECDSA: the signature is r||s, never a DER Ecdsa-Sig-Value. */
  readonly plain?: true;
}

export type AlgorithmReading =
  | { readonly ok: true; readonly algorithm: SignatureAlgorithm }
  | { readonly ok: false; readonly reason: string };

export type SignatureCheck =
  | { readonly outcome: 'verified'; readonly encoding?: 'der' | 'raw-r-s' }
  | {
      readonly outcome: 'failed';
      readonly reason: string;
      /** RSA PKCS#1 v1.5 over a digest: the key opened the signature, the digest differs. */
      readonly digestDiffers?: true;
      /** This verifier cannot check the combination; says nothing about the signature. */
      readonly unsupported?: true;
    };

function readPss(params: unknown): AlgorithmReading {
  if (!(params instanceof asn1js.Sequence)) {
    return { ok: false, reason: 'RSASSA-PSS without parameters' };
  }
  let p: pkijs.RSASSAPSSParams;
  try {
    p = new pkijs.RSASSAPSSParams({ schema: params });
  } catch (e) {
    return { ok: false, reason: `unreadable RSASSA-PSS parameters: ${(e as Error).message}` };
  }
  const hash = hashFromOid(p.hashAlgorithm.algorithmId);
  if (!hash) return { ok: false, reason: `unknown PSS hash ${p.hashAlgorithm.algorithmId}` };
  if (p.maskGenAlgorithm.algorithmId !== OID.mgf1) {
    return { ok: false, reason: `unknown PSS mask generation ${p.maskGenAlgorithm.algorithmId}` };
  }
  let mgfHash: HashName | undefined = 'sha1';
  const mgfParams: unknown = p.maskGenAlgorithm.algorithmParams;
  if (mgfParams instanceof asn1js.Sequence) {
    const first = mgfParams.valueBlock.value[0];
    mgfHash =
      first instanceof asn1js.ObjectIdentifier
        ? hashFromOid(first.valueBlock.toString())
        : undefined;
  }
  if (!mgfHash) return { ok: false, reason: 'unknown PSS MGF1 hash' };
  if (p.trailerField !== 1)
    return { ok: false, reason: `PSS trailerField ${p.trailerField} is not 1` };
  return {
    ok: true,
    algorithm: {
      oid: OID.rsassaPss,
      scheme: 'rsa-pss',
      hash,
      pss: { mgfHash, saltLength: p.saltLength },
    },
  };
}

/** EdDSA in CMS (RFC 8419 §3): Ed25519 with id-sha512, Ed448 with id-shake256 (512 bits). */
const EDDSA_DIGEST: Record<string, { scheme: 'ed25519' | 'ed448'; hash: HashName; name: string }> =
  {
    [OID.ed25519]: { scheme: 'ed25519', hash: 'sha512', name: 'Ed25519' },
    [OID.ed448]: { scheme: 'ed448', hash: 'shake256', name: 'Ed448' },
  };

/**
 * Reads a signature AlgorithmIdentifier. `digestHash` is the CMS SignerInfo digestAlgorithm,
 * used when the signature OID names only the key type (rsaEncryption, RFC 5754 §3.2; or
 * id-ecPublicKey, which some signers put there), and checked against the digest RFC 8419 §3
 * fixes for EdDSA ("Ed25519 ... MUST be id-sha512", "Ed448 ... MUST be id-shake256").
 */
export function readSignatureAlgorithm(
  alg: pkijs.AlgorithmIdentifier,
  digestHash?: HashName,
): AlgorithmReading {
  const oid = alg.algorithmId;
  const fixed = SIGNATURE_OIDS[oid];
  if (fixed) {
    // The OID fixes the hash applied to the signed attributes; it may differ from the CMS
    // digestAlgorithm (RFC 5652 §5.3 names them apart; signer-info.ts decides).
    return {
      ok: true,
      algorithm: {
        oid,
        scheme: fixed.scheme,
        hash: fixed.hash,
        ...(fixed.plain ? { plain: true } : {}),
      },
    };
  }
  if (oid === OID.rsaEncryption || oid === OID.ecPublicKey) {
    if (!digestHash) return { ok: false, reason: `${oid} names no hash` };
    return {
      ok: true,
      algorithm: {
        oid,
        scheme: oid === OID.rsaEncryption ? 'rsa-pkcs1' : 'ecdsa',
        hash: digestHash,
      },
    };
  }
  if (oid === OID.rsassaPss) return readPss(alg.algorithmParams);
  const ed = EDDSA_DIGEST[oid];
  if (ed) {
    if (digestHash && digestHash !== ed.hash) {
      return {
        ok: false,
        reason: `${ed.name} requires the digest algorithm ${ed.hash} (RFC 8419 §3), found ${digestHash}`,
      };
    }
    return { ok: true, algorithm: { oid, scheme: ed.scheme } };
  }
  return { ok: false, reason: `unsupported signature algorithm ${oid}` };
}

function keyFits(scheme: SignatureScheme, key: KeyDescription): boolean {
  switch (scheme) {
    case 'rsa-pkcs1':
      return key.type === 'rsa';
    case 'rsa-pss':
      return key.type === 'rsa' || key.type === 'rsa-pss';
    case 'ecdsa':
      return key.type === 'ec';
    case 'ed25519':
      return key.type === 'ed25519';
    case 'ed448':
      return key.type === 'ed448';
  }
}

/** A DER Ecdsa-Sig-Value is SEQUENCE { INTEGER r, INTEGER s } and nothing else. */
function derEcdsaSig(sig: Uint8Array): readonly [bigint, bigint] | undefined {
  const parsed = asn1js.fromBER(sig.slice().buffer);
  if (parsed.offset !== sig.length || !(parsed.result instanceof asn1js.Sequence)) return undefined;
  const [r, s, ...rest] = parsed.result.valueBlock.value;
  if (rest.length > 0 || !(r instanceof asn1js.Integer) || !(s instanceof asn1js.Integer))
    return undefined;
  return [
    fromBytes(new Uint8Array(r.valueBlock.valueHexView)),
    fromBytes(new Uint8Array(s.valueBlock.valueHexView)),
  ];
}
const isDerEcdsaSig = (sig: Uint8Array): boolean => derEcdsaSig(sig) !== undefined;

/** The byte length of the key's group order / modulus (r||s halves, RSA blocks). */
const keyBytes = (k: KeyDescription): number => Math.ceil((k.bits ?? 0) / 8);

/** The failed check for a key that cannot make this kind of signature, or undefined. */
function keyMisfit(
  algorithm: SignatureAlgorithm,
  keyDescription: KeyDescription,
): SignatureCheck | undefined {
  if (keyFits(algorithm.scheme, keyDescription)) return undefined;
  return {
    outcome: 'failed',
    reason: `a ${keyDescription.type} key cannot make a ${algorithm.scheme} signature`,
  };
}

/** Verifies `signature` over `data` (the hash is applied here, not by the caller). */
export function verifySignature(
  key: KeyObject,
  keyDescription: KeyDescription,
  algorithm: SignatureAlgorithm,
  data: Uint8Array,
  signature: Uint8Array,
): SignatureCheck {
  const misfit = keyMisfit(algorithm, keyDescription);
  if (misfit) return misfit;
  try {
    switch (algorithm.scheme) {
      case 'rsa-pkcs1': {
        const ok = nodeVerify(
          algorithm.hash ?? null,
          data,
          { key, padding: constants.RSA_PKCS1_PADDING },
          signature,
        );
        return ok
          ? { outcome: 'verified' }
          : { outcome: 'failed', reason: 'RSA PKCS#1 v1.5 signature does not verify' };
      }
      case 'rsa-pss': {
        const pss = algorithm.pss;
        if (!pss || !algorithm.hash)
          return { outcome: 'failed', reason: 'RSASSA-PSS parameters missing' };
        if (pss.mgfHash !== algorithm.hash) {
          return {
            outcome: 'failed',
            reason: `PSS with MGF1-${pss.mgfHash} and ${algorithm.hash} is not supported`,
          };
        }
        const ok = nodeVerify(
          algorithm.hash,
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: pss.saltLength },
          signature,
        );
        return ok
          ? { outcome: 'verified' }
          : { outcome: 'failed', reason: 'RSASSA-PSS signature does not verify' };
      }
      case 'ecdsa': {
        if (!algorithm.plain && isDerEcdsaSig(signature)) {
          const ok = nodeVerify(
            algorithm.hash ?? null,
            data,
            { key, dsaEncoding: 'der' },
            signature,
          );
          return ok
            ? { outcome: 'verified', encoding: 'der' }
            : { outcome: 'failed', reason: 'ECDSA signature does not verify' };
        }
        // Some PKCS#11 based tools put the token's raw r||s into CMS (fixes signatures made by
        // signers that skip the RFC 5480 §2.2 DER conversion). Only an exact 2*n length is tried.
        // BSI TR-03111 plain ECDSA is r||s by definition (German signature cards).
        const n = keyBytes(keyDescription);
        if (n > 0 && signature.length === 2 * n) {
          const ok = nodeVerify(
            algorithm.hash ?? null,
            data,
            { key, dsaEncoding: 'ieee-p1363' },
            signature,
          );
          return ok
            ? { outcome: 'verified', ...(algorithm.plain ? {} : { encoding: 'raw-r-s' }) }
            : { outcome: 'failed', reason: 'ECDSA (r||s) signature does not verify' };
        }
        return {
          outcome: 'failed',
          reason: algorithm.plain
            ? 'plain ECDSA signature is not r||s of the key size (BSI TR-03111 §5.2.1)'
            : 'ECDSA signature is neither DER nor r||s of the key size',
        };
      }
      case 'ed25519':
      case 'ed448': {
        const ok = nodeVerify(null, data, key, signature);
        return ok
          ? { outcome: 'verified' }
          : {
              outcome: 'failed',
              reason: `${algorithm.scheme === 'ed448' ? 'Ed448' : 'Ed25519'} signature does not verify`,
            };
      }
    }
  } catch (e) {
    return { outcome: 'failed', reason: `signature check error: ${(e as Error).message}` };
  }
}

/** MGF1 (RFC 8017 B.2.1): Hash(seed || counter) blocks, cut to `length` bytes. */
function mgf1(hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const out: Buffer[] = [];
  let have = 0;
  for (let counter = 0; have < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createDigest(hash).update(seed).update(c).digest();
    out.push(block);
    have += block.length;
  }
  return new Uint8Array(Buffer.concat(out).subarray(0, length));
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) of the message hash `mHash` against the opened `em`. */
function pssEncodingMatches(
  em0: Uint8Array,
  modBits: number,
  mHash: Uint8Array,
  pss: { readonly mgfHash: HashName; readonly saltLength: number },
  hash: HashName,
): boolean {
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (em0.length < emLen || em0.subarray(0, em0.length - emLen).some((b) => b !== 0)) return false;
  const em = em0.subarray(em0.length - emLen);
  const hLen = mHash.length;
  const sLen = pss.saltLength;
  if (emLen < hLen + sLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topBits = 8 * emLen - emBits;
  const topMask = 0xff >> topBits;
  if (((maskedDb[0] ?? 0) & ~topMask & 0xff) !== 0) return false;
  const mask = mgf1(pss.mgfHash, h, maskedDb.length);
  const db = maskedDb.map((b, i) => b ^ (mask[i] ?? 0));
  db[0] = (db[0] ?? 0) & topMask;
  const ps = emLen - hLen - sLen - 2;
  if (db.subarray(0, ps).some((b) => b !== 0) || db[ps] !== 0x01) return false;
  const salt = db.subarray(ps + 1);
  const mPrime = Buffer.concat([Buffer.alloc(8), mHash, salt]);
  return bytesEqual(hashOf(hash, mPrime), h);
}

/** DigestInfo (RFC 8017 §9.2 step 2) with NULL parameters, or without them (§9.2 note 1). */
function digestInfos(hashOid: string, digest: Uint8Array): Uint8Array[] {
  const make = (withNull: boolean) =>
    new Uint8Array(
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({ value: hashOid }),
              ...(withNull ? [new asn1js.Null()] : []),
            ],
          }),
          new asn1js.OctetString({ valueHex: digest.slice().buffer }),
        ],
      }).toBER(),
    );
  return [make(true), make(false)];
}

/** The digest inside an opened PKCS#1 v1.5 block when it is a DigestInfo for `hashOid`. */
function digestInsideInfo(block: Uint8Array, hashOid: string): Uint8Array | undefined {
  const d = decodeAsn1(block);
  if (!d.ok || !(d.value instanceof asn1js.Sequence)) return undefined;
  const [alg, octets] = d.value.valueBlock.value;
  const algOid = alg instanceof asn1js.Sequence ? alg.valueBlock.value[0] : undefined;
  if (!(algOid instanceof asn1js.ObjectIdentifier) || !(octets instanceof asn1js.OctetString))
    return undefined;
  return algOid.valueBlock.toString() === hashOid
    ? new Uint8Array(octets.valueBlock.valueHexView)
    : undefined;
}

/**
 * Verifies `signature` over a message whose `hash` digest is `digest` (the hash was applied by
 * the caller). Used for a CMS SignerInfo without signed attributes, where the signature is
 * over the content (RFC 5652 §5.4) and only the content's digest is at hand. Pure EdDSA signs
 * the message itself, so it cannot be checked from a digest: the result says `unsupported`.
 */
export function verifyDigestSignature(
  key: KeyObject,
  keyDescription: KeyDescription,
  algorithm: SignatureAlgorithm,
  hash: HashName,
  hashOid: string,
  digest: Uint8Array,
  signature: Uint8Array,
): SignatureCheck {
  const misfit = keyMisfit(algorithm, keyDescription);
  if (misfit) return misfit;
  if (algorithm.hash && algorithm.hash !== hash) {
    return {
      outcome: 'failed',
      reason: `the signature hashes with ${algorithm.hash}, the content digest is ${hash}`,
    };
  }
  try {
    switch (algorithm.scheme) {
      case 'rsa-pkcs1': {
        // RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 §8.2.2): open the block, compare EM.
        const block = new Uint8Array(
          publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature),
        );
        if (digestInfos(hashOid, digest).some((info) => bytesEqual(info, block)))
          return { outcome: 'verified' };
        const inside = digestInsideInfo(block, hashOid);
        return inside
          ? {
              outcome: 'failed',
              reason: 'the signature is over another digest than the signed content',
              digestDiffers: true,
            }
          : { outcome: 'failed', reason: 'RSA PKCS#1 v1.5 signature does not verify' };
      }
      case 'rsa-pss': {
        const pss = algorithm.pss;
        if (!pss) return { outcome: 'failed', reason: 'RSASSA-PSS parameters missing' };
        if (pss.mgfHash !== hash) {
          return {
            outcome: 'failed',
            reason: `PSS with MGF1-${pss.mgfHash} and ${hash} is not supported`,
          };
        }
        const em = new Uint8Array(
          publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature),
        );
        return pssEncodingMatches(em, keyDescription.bits ?? 0, digest, pss, hash)
          ? { outcome: 'verified' }
          : { outcome: 'failed', reason: 'RSASSA-PSS signature does not verify' };
      }
      case 'ecdsa': {
        const n = keyBytes(keyDescription);
        const der = algorithm.plain ? undefined : derEcdsaSig(signature);
        const raw =
          !der && n > 0 && signature.length === 2 * n
            ? ([fromBytes(signature.subarray(0, n)), fromBytes(signature.subarray(n))] as const)
            : undefined;
        const rs = der ?? raw;
        if (!rs) {
          return {
            outcome: 'failed',
            reason: 'ECDSA signature is neither DER nor r||s of the key size',
          };
        }
        const r = verifyEcdsaDigest(key, keyDescription.curve, digest, rs[0], rs[1]);
        if (r.ok)
          return {
            outcome: 'verified',
            ...(raw && !algorithm.plain ? { encoding: 'raw-r-s' } : {}),
          };
        return {
          outcome: 'failed',
          reason: r.reason,
          ...(r.unsupported ? { unsupported: true } : {}),
        };
      }
      case 'ed25519':
      case 'ed448':
        return {
          outcome: 'failed',
          reason: `pure ${algorithm.scheme === 'ed448' ? 'Ed448' : 'Ed25519'} without signed attributes signs the content itself, which is not kept, only its digest`,
          unsupported: true,
        };
    }
  } catch (e) {
    return { outcome: 'failed', reason: `signature check error: ${(e as Error).message}` };
  }
}
