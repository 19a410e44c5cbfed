/**
 * ECDSA verification over a digest the caller already holds (SEC 1 v2 §4.1.4; FIPS 186-5
 * §6.4.2), for the prime curves the algorithm policy names.
 *
 * Owns: the curve parameters of P-256, P-384, P-521 (SEC 2 v2 §2.4-2.6) and brainpoolP256r1,
 * P384r1, P512r1 (RFC 5639 §3.4-3.7), affine point arithmetic with BigInt, and the check of
 * (r, s) against the leftmost bits of the digest.
 * Must never: be used where node crypto can verify over the bytes themselves. It exists for
 * one case only: a CMS SignerInfo without signed attributes signs the content (RFC 5652 §5.4),
 * and for a PDF the content is the ByteRange, of which the verifier keeps only the digest.
 * Never accepts r or s outside [1, n-1]; the public key point comes from a node KeyObject,
 * which has already checked that it lies on the curve.
 */
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';

interface Curve {
  readonly p: bigint;
  readonly a: bigint;
  readonly n: bigint;
  readonly g: Point;
}
type Point = { readonly x: bigint; readonly y: bigint } | null;

const big = (hex: string): bigint => BigInt(`0x${hex}`);
const curve = (p: string, a: string, n: string, gx: string, gy: string): Curve => ({
  p: big(p),
  a: big(a),
  n: big(n),
  g: { x: big(gx), y: big(gy) },
});

/** Named curves by node's `asymmetricKeyDetails.namedCurve`. */
const CURVES: Record<string, Curve> = {
  prime256v1: curve(
    'FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF',
    'FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC',
    'FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551',
    '6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296',
    '4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5',
  ),
  secp384r1: curve(
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF',
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFC',
    'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973',
    'AA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7',
    '3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F',
  ),
  secp521r1: curve(
    '01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF',
    '01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC',
    '01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409',
    '00C6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D3DBAA14B5E77EFE75928FE1DC127A2FFA8DE3348B3C1856A429BF97E7E31C2E5BD66',
    '011839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E662C97EE72995EF42640C550B9013FAD0761353C7086A272C24088BE94769FD16650',
  ),
  brainpoolP256r1: curve(
    'A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377',
    '7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9',
    'A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7',
    '8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262',
    '547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997',
  ),
  brainpoolP384r1: curve(
    '8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B412B1DA197FB71123ACD3A729901D1A71874700133107EC53',
    '7BC382C63D8C150C3C72080ACE05AFA0C2BEA28E4FB22787139165EFBA91F90F8AA5814A503AD4EB04A8C7DD22CE2826',
    '8CB91E82A3386D280F5D6F7E50E641DF152F7109ED5456B31F166E6CAC0425A7CF3AB6AF6B7FC3103B883202E9046565',
    '1D1C64F068CF45FFA2A63A81B7C13F6B8847A3E77EF14FE3DB7FCAFE0CBD10E8E826E03436D646AAEF87B2E247D4AF1E',
    '8ABE1D7520F9C2A45CB1EB8E95CFD55262B70B29FEEC5864E19C054FF99129280E4646217791811142820341263C5315',
  ),
  brainpoolP512r1: curve(
    'AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA703308717D4D9B009BC66842AECDA12AE6A380E62881FF2F2D82C68528AA6056583A48F3',
    '7830A3318B603B89E2327145AC234CC594CBDD8D3DF91610A83441CAEA9863BC2DED5D5AA8253AA10A2EF1C98B9AC8B57F1117A72BF2C7B9E7C1AC4D77FC94CA',
    'AADD9DB8DBE9C48B3FD4E6AE33C9FC07CB308DB3B3C9D20ED6639CCA70330870553E5C414CA92619418661197FAC10471DB1D381085DDADDB58796829CA90069',
    '81AEE4BDD82ED9645A21322E9C4C6A9385ED9F70B5D916C1B43B62EEF4D0098EFF3B1F78E2D0D48D50D1687B93B97D5F7C6D5047406A5E688B352209BCB9F822',
    '7DDE385D566332ECC0EABFA9CF7822FDF209F70024A57B1AA000C55B881F8111B2DCDE494A5F485E5BCA4BD88A2763AED1CA2B2FA8F0540678CD1E0F3AD80892',
  ),
};

function mod(x: bigint, m: bigint): bigint {
  const r = x % m;
  return r < 0n ? r + m : r;
}

/** Modular inverse by the extended Euclidean algorithm (m prime, x not 0 mod m). */
function inverse(x: bigint, m: bigint): bigint {
  let [a, b, u, v] = [mod(x, m), m, 1n, 0n];
  while (a !== 0n) {
    const q = b / a;
    [a, b] = [b - q * a, a];
    [u, v] = [v - q * u, u];
  }
  return mod(v, m);
}

function add(c: Curve, P: Point, Q: Point): Point {
  if (P === null) return Q;
  if (Q === null) return P;
  let l: bigint;
  if (P.x === Q.x) {
    if (mod(P.y + Q.y, c.p) === 0n) return null;
    l = mod((3n * P.x * P.x + c.a) * inverse(2n * P.y, c.p), c.p);
  } else {
    l = mod((Q.y - P.y) * inverse(Q.x - P.x, c.p), c.p);
  }
  const x = mod(l * l - P.x - Q.x, c.p);
  return { x, y: mod(l * (P.x - x) - P.y, c.p) };
}

/** u1·G + u2·Q in one pass over the bits (Shamir's trick). */
function twoMultiples(c: Curve, u1: bigint, u2: bigint, Q: Point): Point {
  const both = add(c, c.g, Q);
  let R: Point = null;
  for (let i = Math.max(u1.toString(2).length, u2.toString(2).length) - 1; i >= 0; i--) {
    R = add(c, R, R);
    const b1 = (u1 >> BigInt(i)) & 1n;
    const b2 = (u2 >> BigInt(i)) & 1n;
    if (b1 && b2) R = add(c, R, both);
    else if (b1) R = add(c, R, c.g);
    else if (b2) R = add(c, R, Q);
  }
  return R;
}

/** An unsigned big-endian integer. */
export const fromBytes = (b: Uint8Array): bigint =>
  b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`);

/** The point of an EC SubjectPublicKeyInfo: BIT STRING 04 || X || Y (SEC 1 v2 §2.3.3). */
function publicPoint(key: KeyObject): Point {
  const spki = key.export({ format: 'der', type: 'spki' });
  const parsed = asn1js.fromBER(new Uint8Array(spki));
  const bits = parsed.result instanceof asn1js.Sequence ? parsed.result.valueBlock.value[1] : null;
  if (!(bits instanceof asn1js.BitString)) return null;
  const pt = new Uint8Array(bits.valueBlock.valueHexView);
  const half = (pt.length - 1) / 2;
  if (pt[0] !== 0x04 || !Number.isInteger(half)) return null;
  return { x: fromBytes(pt.subarray(1, 1 + half)), y: fromBytes(pt.subarray(1 + half)) };
}

export type DigestEcdsaCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly unsupported?: true };

/**
 * Checks an ECDSA signature (r, s) made over `digest` by `key` on `namedCurve`: e is the
 * leftmost bit-length-of-n bits of the digest (SEC 1 v2 §4.1.3 step 5).
 */
export function verifyEcdsaDigest(
  key: KeyObject,
  namedCurve: string | undefined,
  digest: Uint8Array,
  r: bigint,
  s: bigint,
): DigestEcdsaCheck {
  const c = namedCurve ? CURVES[namedCurve] : undefined;
  if (!c) {
    return {
      ok: false,
      reason: `ECDSA over a given digest is not supported on curve ${namedCurve ?? '(unknown)'}`,
      unsupported: true,
    };
  }
  if (r < 1n || r >= c.n || s < 1n || s >= c.n) {
    return { ok: false, reason: 'ECDSA r or s is outside [1, n-1]' };
  }
  const Q = publicPoint(key);
  if (!Q) return { ok: false, reason: 'the EC public key is not an uncompressed point' };
  const nBits = c.n.toString(2).length;
  let e = fromBytes(digest);
  if (digest.length * 8 > nBits) e >>= BigInt(digest.length * 8 - nBits);
  const w = inverse(s, c.n);
  const R = twoMultiples(c, mod(e * w, c.n), mod(r * w, c.n), Q);
  if (R === null) return { ok: false, reason: 'ECDSA signature does not verify' };
  return mod(R.x, c.n) === r
    ? { ok: true }
    : { ok: false, reason: 'ECDSA signature does not verify' };
}
