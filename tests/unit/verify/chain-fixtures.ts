// Small certificate hierarchies made in code (@peculiar/x509 over node's webcrypto, ECDSA P-256)
// for the path-building and certificate-policy tests: several roots of one name, CAs that
// certify each other, policy extensions (RFC 5280 §4.2.1.4, .5, .11, .14) the shared test PKI
// does not carry. Nothing is written to disk.
import { webcrypto } from 'node:crypto';

type CryptoKeyPair = webcrypto.CryptoKeyPair;
import * as asn1js from 'asn1js';
import * as x509 from '@peculiar/x509';
import { ParsedCertificate } from '../../../main/verify/parsed-certificate';

const DAY = 86_400_000;
const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
let serial = 0x1000;

export interface Node {
  readonly cert: ParsedCertificate;
  readonly x509: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
}

export interface NodeOptions {
  readonly subject: string;
  /** The issuing node; absent: self-signed. */
  readonly issuer?: Node;
  /** Use this key pair instead of a new one (a re-issued certificate for the same key). */
  readonly keys?: CryptoKeyPair;
  readonly ca?: boolean;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly extensions?: readonly x509.Extension[];
}

/** One certificate: a CA (basicConstraints cA, keyCertSign) or a signer (digitalSignature). */
export async function node(o: NodeOptions): Promise<Node> {
  x509.cryptoProvider.set(webcrypto);
  const keys = o.keys ?? (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']));
  const ca = o.ca ?? true;
  const extensions: x509.Extension[] = [
    ...(ca ? [new x509.BasicConstraintsExtension(true, undefined, true)] : []),
    new x509.KeyUsagesExtension(
      ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
        : x509.KeyUsageFlags.digitalSignature,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ...(o.issuer
      ? [await x509.AuthorityKeyIdentifierExtension.create(o.issuer.keys.publicKey)]
      : []),
    ...(o.extensions ?? []),
  ];
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16),
    subject: o.subject,
    issuer: o.issuer ? o.issuer.x509.subject : o.subject,
    notBefore: o.notBefore ?? new Date(now - 10 * DAY),
    notAfter: o.notAfter ?? new Date(now + 1000 * DAY),
    publicKey: keys.publicKey,
    signingKey: (o.issuer?.keys ?? keys).privateKey,
    signingAlgorithm: alg,
    extensions,
  });
  return { cert: ParsedCertificate.fromDer(new Uint8Array(cert.rawData)), x509: cert, keys };
}

const der = (v: asn1js.AsnType) => v.toBER(false);
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });

/** certificatePolicies with these OIDs (RFC 5280 §4.2.1.4). */
export const policies = (oids: readonly string[], critical = false): x509.Extension =>
  new x509.CertificatePolicyExtension([...oids], critical);

/** policyMappings: issuerDomainPolicy -> subjectDomainPolicy (RFC 5280 §4.2.1.5). */
export const policyMappings = (pairs: readonly [string, string][]): x509.Extension =>
  new x509.Extension(
    '2.5.29.33',
    false,
    der(
      new asn1js.Sequence({
        value: pairs.map(([a, b]) => new asn1js.Sequence({ value: [oid(a), oid(b)] })),
      }),
    ),
  );

/** policyConstraints with requireExplicitPolicy [0] / inhibitPolicyMapping [1] (§4.2.1.11). */
export const policyConstraints = (
  o: { requireExplicitPolicy?: number; inhibitPolicyMapping?: number },
  critical = true,
): x509.Extension => {
  const skip = (tag: number, n: number) =>
    new asn1js.Primitive({
      idBlock: { tagClass: 3, tagNumber: tag },
      valueHex: new Uint8Array([n]).buffer,
    });
  return new x509.Extension(
    '2.5.29.36',
    critical,
    der(
      new asn1js.Sequence({
        value: [
          ...(o.requireExplicitPolicy !== undefined ? [skip(0, o.requireExplicitPolicy)] : []),
          ...(o.inhibitPolicyMapping !== undefined ? [skip(1, o.inhibitPolicyMapping)] : []),
        ],
      }),
    ),
  );
};

/** inhibitAnyPolicy SkipCerts (RFC 5280 §4.2.1.14), critical as the RFC requires. */
export const inhibitAnyPolicy = (n: number): x509.Extension =>
  new x509.Extension('2.5.29.54', true, der(new asn1js.Integer({ value: n })));
