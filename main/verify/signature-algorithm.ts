/**
 * Signature algorithms and raw signature verification with node crypto.
 *
 * Owns: reading a signature AlgorithmIdentifier (RSA PKCS#1 v1.5 with rsaEncryption or
 * shaXWithRSAEncryption, RFC 8017 §8.2 / RFC 5754 §3.2; RSASSA-PSS with its parameters,
 * RFC 4055 §3.1; ECDSA, RFC 5758 §3.2 / RFC 5480; Ed25519, RFC 8419) and checking one
 * signature over given bytes with a given public key.
 * Must never: guess an algorithm it does not know, or let a key of one type verify a
 * signature of another scheme. ECDSA signatures in plain r||s form (IEEE P1363) are accepted
 * only when the bytes are not a DER Ecdsa-Sig-Value, and the result says so.
 */
import { constants, verify as nodeVerify, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { HashName } from './der';
import { hashFromOid, OID, SIGNATURE_OIDS } from './oids';
import type { KeyDescription } from './parsed-certificate';

export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'ed25519';

export interface SignatureAlgorithm {
  readonly oid: string;
  readonly scheme: SignatureScheme;
  /** The hash the scheme applies to the signed bytes; undefined for Ed25519 (pure EdDSA). */
  readonly hash?: HashName;
  readonly pss?: { readonly mgfHash: HashName; readonly saltLength: number };
}

export type AlgorithmReading =
  | { readonly ok: true; readonly algorithm: SignatureAlgorithm }
  | { readonly ok: false; readonly reason: string };

export type SignatureCheck =
  | { readonly outcome: 'verified'; readonly encoding?: 'der' | 'raw-r-s' }
  | { readonly outcome: 'failed'; readonly reason: string };

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

/**
 * Reads a signature AlgorithmIdentifier. `digestHash` is the CMS SignerInfo digestAlgorithm,
 * used when the signature OID names only the key type (rsaEncryption, RFC 5754 §3.2; or
 * id-ecPublicKey, which some signers put there).
 */
export function readSignatureAlgorithm(
  alg: pkijs.AlgorithmIdentifier,
  digestHash?: HashName,
): AlgorithmReading {
  const oid = alg.algorithmId;
  const fixed = SIGNATURE_OIDS[oid];
  if (fixed) {
    if (digestHash && digestHash !== fixed.hash) {
      return {
        ok: false,
        reason: `signature algorithm hashes with ${fixed.hash} but the digest algorithm is ${digestHash}`,
      };
    }
    return { ok: true, algorithm: { oid, scheme: fixed.scheme, hash: fixed.hash } };
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
  if (oid === OID.ed25519) return { ok: true, algorithm: { oid, scheme: 'ed25519' } };
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
  }
}

/** A DER Ecdsa-Sig-Value is SEQUENCE { INTEGER r, INTEGER s } and nothing else. */
function isDerEcdsaSig(sig: Uint8Array): boolean {
  const parsed = asn1js.fromBER(sig.slice().buffer);
  if (parsed.offset !== sig.length || !(parsed.result instanceof asn1js.Sequence)) return false;
  const v = parsed.result.valueBlock.value;
  return v.length === 2 && v.every((x) => x instanceof asn1js.Integer);
}

/** Verifies `signature` over `data` (the hash is applied here, not by the caller). */
export function verifySignature(
  key: KeyObject,
  keyDescription: KeyDescription,
  algorithm: SignatureAlgorithm,
  data: Uint8Array,
  signature: Uint8Array,
): SignatureCheck {
  if (!keyFits(algorithm.scheme, keyDescription)) {
    return {
      outcome: 'failed',
      reason: `a ${keyDescription.type} key cannot make a ${algorithm.scheme} signature`,
    };
  }
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
        if (isDerEcdsaSig(signature)) {
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
        const n = Math.ceil((keyDescription.bits ?? 0) / 8);
        if (n > 0 && signature.length === 2 * n) {
          const ok = nodeVerify(
            algorithm.hash ?? null,
            data,
            { key, dsaEncoding: 'ieee-p1363' },
            signature,
          );
          return ok
            ? { outcome: 'verified', encoding: 'raw-r-s' }
            : { outcome: 'failed', reason: 'ECDSA (r||s) signature does not verify' };
        }
        return {
          outcome: 'failed',
          reason: 'ECDSA signature is neither DER nor r||s of the key size',
        };
      }
      case 'ed25519': {
        const ok = nodeVerify(null, data, key, signature);
        return ok
          ? { outcome: 'verified' }
          : { outcome: 'failed', reason: 'Ed25519 signature does not verify' };
      }
    }
  } catch (e) {
    return { outcome: 'failed', reason: `signature check error: ${(e as Error).message}` };
  }
}
