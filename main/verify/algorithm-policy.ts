/**
 * The cryptographic algorithm policy: which hashes and keys are acceptable until when
 * (ETSI EN 319 102-1 §5.2.8 cryptographic constraints; sunsets after ETSI TS 119 312).
 *
 * Owns: reading the policy (resources/policy/default-policy.json, or a user file of the same
 * shape), and judging one use of an algorithm: passed while before its sunset; after it,
 * passed only with a proof of existence (POE) before the sunset; otherwise
 * CRYPTO_CONSTRAINTS_FAILURE when the material was demonstrably produced after the sunset (its
 * certificate was issued later), or CRYPTO_CONSTRAINTS_FAILURE_NO_POE when nothing proves
 * either way. A POE only bounds the production time from above, so it never proves "after".
 * Must never: accept an algorithm, curve or key size the policy does not name.
 */
import { readFileSync } from 'node:fs';
import defaultPolicyJson from '../../resources/policy/default-policy.json';
import type { HashName } from './der';
import { failed, passed, SubIndication, type Verdict } from './indications';
import type { KeyDescription } from './parsed-certificate';
import { verifyError } from './verify-errors';

/** A sunset: the first day an algorithm is no longer accepted (ISO 8601 date), or none known. */
type SunsetText = string | null;

export interface AlgorithmPolicy {
  readonly name: string;
  readonly digests: Readonly<Record<string, SunsetText>>;
  readonly rsa: readonly { readonly minBits: number; readonly sunset: SunsetText }[];
  readonly ecCurves: Readonly<Record<string, SunsetText>>;
  readonly ed25519?: SunsetText | undefined;
  readonly ed448?: SunsetText | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `v` is not a sunset (a valid YYYY-MM-DD date or null), or undefined when it is one. */
function sunsetProblem(v: unknown): string | undefined {
  if (v === null) return undefined;
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v))
    return 'expected a YYYY-MM-DD date or null';
  const d = new Date(`${v}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v
    ? 'not a real date'
    : undefined;
}

/**
 * Checks the policy's shape by hand (this runs in every `sealdesk verify`; a schema library
 * costs more to load than the check takes). Answers the first problem as "path: reason".
 */
function policyProblem(json: unknown): string | undefined {
  if (!isRecord(json)) return '(root): expected an object';
  if (typeof json.name !== 'string') return 'name: expected a string';
  for (const key of ['digests', 'ecCurves']) {
    const table = json[key];
    if (!isRecord(table)) return `${key}: expected an object`;
    for (const [k, v] of Object.entries(table)) {
      const p = sunsetProblem(v);
      if (p) return `${key}.${k}: ${p}`;
    }
  }
  if (!Array.isArray(json.rsa)) return 'rsa: expected an array';
  for (const [i, row] of json.rsa.entries()) {
    if (!isRecord(row)) return `rsa.${i}: expected an object`;
    if (typeof row.minBits !== 'number' || !Number.isInteger(row.minBits) || row.minBits <= 0)
      return `rsa.${i}.minBits: expected a positive integer`;
    const p = sunsetProblem(row.sunset);
    if (p) return `rsa.${i}.sunset: ${p}`;
  }
  for (const key of ['ed25519', 'ed448']) {
    if (json[key] === undefined) continue;
    const p = sunsetProblem(json[key]);
    if (p) return `${key}: ${p}`;
  }
  return undefined;
}

export function parseAlgorithmPolicy(json: unknown, file = 'default-policy.json'): AlgorithmPolicy {
  const reason = policyProblem(json);
  if (reason) throw verifyError('VERIFY_POLICY_UNREADABLE', { file, reason });
  const j = json as Record<string, unknown>;
  const rsa = (j.rsa as { minBits: number; sunset: SunsetText }[]).map((r) => ({
    minBits: r.minBits,
    sunset: r.sunset,
  }));
  return {
    name: j.name as string,
    digests: { ...(j.digests as Record<string, SunsetText>) },
    rsa,
    ecCurves: { ...(j.ecCurves as Record<string, SunsetText>) },
    ...(j.ed25519 !== undefined ? { ed25519: j.ed25519 as SunsetText } : {}),
    ...(j.ed448 !== undefined ? { ed448: j.ed448 as SunsetText } : {}),
  };
}

/** The bundled default policy, or the user's file when a path is given. */
export function loadAlgorithmPolicy(userFile?: string): AlgorithmPolicy {
  if (userFile === undefined) return parseAlgorithmPolicy(defaultPolicyJson);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(userFile, 'utf8'));
  } catch (e) {
    throw verifyError(
      'VERIFY_POLICY_UNREADABLE',
      { file: userFile, reason: (e as Error).message },
      e,
    );
  }
  return parseAlgorithmPolicy(json, userFile);
}

/** One use of algorithms: the hash and the key that made a signature. */
export interface AlgorithmUse {
  /** What is being judged, for the reason text ("signature of signer 1", "certificate X"). */
  readonly what: string;
  /** The hash; undefined for pure EdDSA. */
  readonly hash?: HashName;
  readonly key: KeyDescription;
}

export interface AlgorithmTimes {
  readonly validationTime: Date;
  /** Proof that the signed material existed at this time (a timestamp's genTime...). */
  readonly poe?: Date;
  /**
   * A time the material cannot have been produced before: the notBefore of the certificate
   * the signature binds (ESS signing-certificate), or the genTime of an earlier timestamp.
   */
  readonly producedNotBefore?: Date;
}

type Sunset =
  | { readonly label: string; readonly sunset: Date | null }
  | { readonly label: string; readonly refused: string };

function sunsets(policy: AlgorithmPolicy, use: AlgorithmUse): Sunset[] {
  const out: Sunset[] = [];
  if (use.hash !== undefined) {
    const s = policy.digests[use.hash];
    out.push(
      s === undefined
        ? { label: use.hash, refused: `hash ${use.hash} is not allowed by policy ${policy.name}` }
        : { label: use.hash, sunset: s ? new Date(s) : null },
    );
  }
  const k = use.key;
  if (k.type === 'rsa' || k.type === 'rsa-pss') {
    const bits = k.bits ?? 0;
    const rule = policy.rsa
      .filter((r) => r.minBits <= bits)
      .sort((a, b) => b.minBits - a.minBits)[0];
    const label = `RSA-${bits}`;
    out.push(
      rule
        ? { label, sunset: rule.sunset ? new Date(rule.sunset) : null }
        : { label, refused: `${label} keys are not allowed by policy ${policy.name}` },
    );
  } else if (k.type === 'ec') {
    const curve = k.curve ?? 'unknown curve';
    const s = policy.ecCurves[curve];
    out.push(
      s === undefined
        ? { label: curve, refused: `EC curve ${curve} is not allowed by policy ${policy.name}` }
        : { label: `EC ${curve}`, sunset: s ? new Date(s) : null },
    );
  } else if (k.type === 'ed25519' || k.type === 'ed448') {
    const label = k.type === 'ed25519' ? 'Ed25519' : 'Ed448';
    const s = policy[k.type];
    out.push(
      s === undefined
        ? { label, refused: `${label} is not allowed by policy ${policy.name}` }
        : { label, sunset: s ? new Date(s) : null },
    );
  } else {
    out.push({ label: k.type, refused: `${k.type} keys are not allowed by policy ${policy.name}` });
  }
  return out;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Judges one algorithm use at the validation time, rescued only by a POE before the sunset. */
export function checkAlgorithms(
  policy: AlgorithmPolicy,
  use: AlgorithmUse,
  times: AlgorithmTimes,
): Verdict {
  const notes: string[] = [];
  for (const s of sunsets(policy, use)) {
    if ('refused' in s)
      return failed(SubIndication.CRYPTO_CONSTRAINTS_FAILURE, `${use.what}: ${s.refused}`);
    if (s.sunset === null || times.validationTime.getTime() < s.sunset.getTime()) continue;
    if (times.poe && times.poe.getTime() < s.sunset.getTime()) {
      notes.push(
        `${use.what}: ${s.label} is past its sunset (${day(s.sunset)}) but was used before it`,
      );
      continue;
    }
    if (times.producedNotBefore && times.producedNotBefore.getTime() >= s.sunset.getTime()) {
      return failed(
        SubIndication.CRYPTO_CONSTRAINTS_FAILURE,
        `${use.what}: ${s.label} was used after its sunset ${day(s.sunset)} (not before ${day(times.producedNotBefore)})`,
      );
    }
    return failed(
      SubIndication.CRYPTO_CONSTRAINTS_FAILURE_NO_POE,
      `${use.what}: ${s.label} is past its sunset ${day(s.sunset)} and nothing proves it was used before`,
    );
  }
  return passed(notes);
}
