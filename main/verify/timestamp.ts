/**
 * RFC 3161 time-stamp tokens as proof of existence (ETSI EN 319 102-1 §5.4 time-stamp
 * validation building block).
 *
 * Owns: reading a TimeStampToken (CMS SignedData with id-ct-TSTInfo, RFC 3161 §2.4.2),
 * verifying its CMS signature (signer-info.ts, with the signing-certificate attribute that
 * §2.4.1 makes mandatory), comparing messageImprint with the hash of the data it stamps,
 * validating the TSA certificate (critical EKU id-kp-timeStamping only, §2.3) and its chain,
 * and returning genTime as a proof-of-existence time when, and only when, all of that passed.
 * Must never: offer a POE from a token that failed any check. The token's own CMS signature is
 * checked over the DER encoding of its signed attributes (RFC 5652 §5.4, signer-info.ts): a
 * token signed over another order of them (dss-sigtst-invalid.pdf: signing-certificate v1 and
 * v2, not in DER order) has no valid signature and gives no POE, as DSS and BouncyCastle say.
 *
 * Decision: the TSA chain is judged at the validation time (or at a POE of the token itself,
 * from a later archive timestamp), as ETSI EN 319 102-1 does, not at genTime: genTime is the
 * TSA's own claim and cannot vouch for the TSA's certificate. genTime must also lie within
 * the TSA certificate's validity.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { checkAlgorithms, type AlgorithmPolicy } from './algorithm-policy';
import { bytesEqual, decodeAsn1, digest, toHex, view, type HashName } from './der';
import { failed, passed, SubIndication, worst, type Verdict } from './indications';
import { hashFromOid, OID } from './oids';
import type { ParsedCertificate } from './parsed-certificate';
import { validateCertificatePath, type PathValidation } from './cert-path';
import type { RevocationData } from './revocation';
import { parseSignedData, type ParsedSignedData } from './signed-data';
import { verifySignerInfo, type SignerInfoVerification } from './signer-info';

export interface TstInfoData {
  readonly policy: string;
  readonly serialHex: string;
  readonly genTime: Date;
  readonly imprintHash?: HashName;
  readonly imprintHashOid: string;
  readonly imprint: Uint8Array;
  readonly nonceHex?: string;
  readonly accuracyMs?: number;
}

export interface TimestampInput {
  readonly token: Uint8Array;
  /** What was stamped: the bytes (hashed here with the token's imprint hash) or their digest. */
  readonly stamped:
    { readonly bytes: Uint8Array } | { readonly hash: HashName; readonly digest: Uint8Array };
  readonly trustAnchors: readonly ParsedCertificate[];
  /** Extra chain candidates (DSS certificates). */
  readonly candidates?: readonly ParsedCertificate[];
  readonly validationTime: Date;
  /** A proof that the token itself existed earlier (an archive timestamp over it). */
  readonly poe?: Date;
  readonly revocation?: { readonly data: RevocationData; readonly required: boolean };
  readonly policy?: AlgorithmPolicy;
}

export interface TimestampVerification {
  readonly verdict: Verdict;
  readonly tstInfo?: TstInfoData;
  readonly imprint: 'matches' | 'differs' | 'not-checked';
  readonly signer?: SignerInfoVerification;
  readonly path?: PathValidation;
  /** genTime, present only when the verdict is TOTAL_PASSED. */
  readonly proofOfExistence?: Date;
  readonly signedData?: ParsedSignedData;
}

function readTstInfo(bytes: Uint8Array): TstInfoData | string {
  const d = decodeAsn1(bytes);
  if (!d.ok) return d.reason;
  try {
    const t = new pkijs.TSTInfo({ schema: d.value });
    if (t.version !== 1) return `TSTInfo version ${t.version}`;
    const oid = t.messageImprint.hashAlgorithm.algorithmId;
    const hash = hashFromOid(oid);
    const acc = t.accuracy;
    const accuracyMs = acc
      ? (acc.seconds ?? 0) * 1000 + (acc.millis ?? 0) + (acc.micros ?? 0) / 1000
      : undefined;
    return {
      policy: t.policy,
      serialHex: toHex(view(t.serialNumber.valueBlock.valueHexView)),
      genTime: t.genTime,
      imprintHashOid: oid,
      ...(hash ? { imprintHash: hash } : {}),
      imprint: new Uint8Array(t.messageImprint.hashedMessage.valueBlock.valueHexView),
      ...(t.nonce ? { nonceHex: toHex(view(t.nonce.valueBlock.valueHexView)) } : {}),
      ...(accuracyMs !== undefined ? { accuracyMs } : {}),
    };
  } catch (e) {
    return (e as Error).message;
  }
}

/** Verifies an RFC 3161 token over given data. Throws only when the token is not CMS at all. */
export function verifyTimestampToken(input: TimestampInput): TimestampVerification {
  const sd = parseSignedData(input.token, { what: 'timestamp token' });
  const stop = (
    sub: SubIndication,
    reason: string,
    extra: Partial<TimestampVerification> = {},
  ): TimestampVerification => ({
    imprint: 'not-checked',
    signedData: sd,
    ...extra,
    verdict: failed(sub, reason),
  });
  if (sd.encapContentType !== OID.tstInfo || !sd.encapContent) {
    return stop(
      SubIndication.FORMAT_FAILURE,
      `the token does not encapsulate a TSTInfo (content type ${sd.encapContentType})`,
    );
  }
  if (sd.signerInfos.length !== 1)
    return stop(SubIndication.FORMAT_FAILURE, 'a timestamp token has exactly one signer');
  const tst = readTstInfo(sd.encapContent);
  if (typeof tst === 'string')
    return stop(SubIndication.FORMAT_FAILURE, `unreadable TSTInfo: ${tst}`);
  if (!tst.imprintHash)
    return stop(SubIndication.FORMAT_FAILURE, `unknown messageImprint hash ${tst.imprintHashOid}`, {
      tstInfo: tst,
    });

  // messageImprint (RFC 3161 §2.4.2).
  let expected: Uint8Array;
  if ('bytes' in input.stamped) expected = digest(tst.imprintHash, input.stamped.bytes);
  else if (input.stamped.hash !== tst.imprintHash) {
    return stop(
      SubIndication.FORMAT_FAILURE,
      `stamped digest made with ${input.stamped.hash}, token uses ${tst.imprintHash}`,
      { tstInfo: tst },
    );
  } else expected = input.stamped.digest;
  const imprint = bytesEqual(expected, tst.imprint) ? 'matches' : 'differs';

  const signer = verifySignerInfo({
    signedData: sd,
    content: { kind: 'encapsulated' },
    extraCertificates: input.candidates ?? [],
  });
  const base = { tstInfo: tst, imprint, signer, signedData: sd } as const;
  if (imprint === 'differs') {
    return {
      ...base,
      verdict: failed(
        SubIndication.HASH_FAILURE,
        'the timestamp is not over this data (messageImprint differs)',
      ),
    };
  }
  if (signer.verdict.indication !== 'TOTAL_PASSED' || !signer.signerCertificate)
    return { ...base, verdict: signer.verdict };
  if (signer.signingCertificateReference !== 'matches') {
    return {
      ...base,
      verdict: failed(
        SubIndication.FORMAT_FAILURE,
        'the token lacks the signing-certificate attribute RFC 3161 §2.4.1 requires',
      ),
    };
  }
  const tsa = signer.signerCertificate;

  const path = validateCertificatePath({
    target: tsa,
    candidates: [...sd.certificates, ...(input.candidates ?? [])],
    trustAnchors: input.trustAnchors,
    validationTime: input.validationTime,
    ...(input.poe ? { poe: input.poe } : {}),
    usage: 'timestamping',
    ...(input.revocation ? { revocation: input.revocation } : {}),
    ...(input.policy ? { policy: input.policy } : {}),
  });
  let verdict = path.verdict;
  if (
    tst.genTime.getTime() < tsa.notBefore.getTime() ||
    tst.genTime.getTime() > tsa.notAfter.getTime()
  ) {
    verdict = worst(
      verdict,
      failed(
        SubIndication.SIG_CONSTRAINTS_FAILURE,
        `genTime ${tst.genTime.toISOString()} lies outside the TSA certificate's validity`,
      ),
    );
  }
  if (tst.genTime.getTime() > input.validationTime.getTime() + 5 * 60 * 1000) {
    verdict = worst(
      verdict,
      failed(
        SubIndication.SIG_CONSTRAINTS_FAILURE,
        `genTime ${tst.genTime.toISOString()} lies in the future`,
      ),
    );
  }
  if (input.policy && signer.signatureAlgorithm) {
    const a = signer.signatureAlgorithm;
    verdict = worst(
      verdict,
      checkAlgorithms(
        input.policy,
        {
          what: 'timestamp token signature',
          ...(a.hash ? { hash: a.hash } : {}),
          key: tsa.keyDescription(),
        },
        { validationTime: input.validationTime, ...(input.poe ? { poe: input.poe } : {}) },
      ),
    );
    verdict = worst(
      verdict,
      checkAlgorithms(
        input.policy,
        { what: 'timestamp message imprint', hash: tst.imprintHash, key: tsa.keyDescription() },
        { validationTime: input.validationTime, ...(input.poe ? { poe: input.poe } : {}) },
      ),
    );
  }
  verdict = worst(verdict, passed(signer.verdict.notes));
  return {
    ...base,
    path,
    verdict,
    ...(verdict.indication === 'TOTAL_PASSED' ? { proofOfExistence: tst.genTime } : {}),
  };
}

/** The signature-time-stamp tokens in a SignerInfo's unsigned attributes (RFC 3161 App. A). */
export function signatureTimestampTokens(
  signedData: ParsedSignedData,
  signerIndex = 0,
): Uint8Array[] {
  const si = signedData.signerInfos[signerIndex];
  if (!si) return [];
  return si.unsignedAttributes
    .filter((a) => a.oid === OID.signatureTimeStampToken)
    .flatMap((a) => a.values.filter((v) => v.asn1 instanceof asn1js.Sequence).map((v) => v.der));
}
