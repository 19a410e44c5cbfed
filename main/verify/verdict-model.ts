/**
 * The result of verifying one PDF, as plain data: what the CLI prints, the worker threads send
 * back (structured clone: no classes, no functions), the reports render and the UI will show.
 *
 * Owns: the shapes `DocumentVerification` / `SignatureVerification` and the stable JSON of
 * `sealdesk verify --json` (`toVerificationJson`, documented in docs/verification.md "JSON output").
 * Must never: hold a ParsedCertificate, a Buffer or a Date: everything is strings, numbers and
 * arrays so that it crosses a worker boundary and a JSON file unchanged.
 */
import type { Lang } from '../i18n/locale';
import type { Indication, SubIndication } from './indications';

export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export interface CertificateFacts {
  readonly subject: string;
  readonly issuer: string;
  readonly serialHex: string;
  /** ISO 8601. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** SHA-256 of the DER, lower-case hex. */
  readonly fingerprint: string;
  readonly role: 'signer' | 'intermediate' | 'anchor' | 'tsa';
}

export interface TimestampFacts {
  readonly kind: 'signature-timestamp' | 'document-timestamp';
  /** genTime as claimed by the token (ISO 8601). */
  readonly genTime: string | null;
  readonly tsa: string | null;
  readonly indication: Indication;
  readonly subIndication: SubIndication | null;
  readonly reason: string | null;
  /** The document timestamp's field, for document timestamps. */
  readonly field?: string;
  readonly chain: readonly CertificateFacts[];
}

export interface RevocationFacts {
  readonly certificate: string;
  /** good / revoked / unknown / no-data, as the evidence said at the control time. */
  readonly status: string;
  readonly detail: string | null;
  readonly evidence: readonly {
    readonly source: 'ocsp' | 'crl';
    readonly signedBy: string;
    readonly thisUpdate: string;
    readonly nextUpdate: string | null;
    readonly status: string;
    readonly fresh: boolean;
    readonly origin: string;
  }[];
}

/** One annotation a later revision added, changed or removed (what a viewer outlines). */
export interface AnnotationFact {
  /** 1-based page; null when the annotation is on no page the analysis could find. */
  readonly page: number | null;
  /** The annotation's /Subtype without the slash, e.g. "FreeText", "Square", "Widget". */
  readonly subtype: string;
  /** /Rect in the page's default user space [x1, y1, x2, y2], null when missing or broken. */
  readonly rect: readonly [number, number, number, number] | null;
  readonly change: 'added' | 'changed' | 'removed';
  /** Whether this annotation change is allowed for the signature (DocMDP, overlays). */
  readonly allowed: boolean;
}

/**
 * One permitted or forbidden thing a later revision did, named for the sentence a clerk reads
 * ("afterwards a document timestamp and validation data were added", "the field 金额 was filled
 * in on page 2").
 */
export interface ChangeItem {
  readonly what:
    | 'document-timestamp'
    | 'validation-data'
    | 'signature'
    | 'form-field'
    | 'annotation'
    | 'metadata';
  /** The field's qualified name (form-field, signature) or the annotation's subtype. */
  readonly name?: string;
  /** 1-based pages. */
  readonly pages: readonly number[];
}

export interface ModificationFacts {
  readonly revision: number;
  readonly kind: string;
  readonly allowed: boolean;
  /** 1-based page numbers affected; empty when none or unknown. */
  readonly pages: readonly number[];
  readonly details: readonly string[];
  /** Annotations (review marks, widgets, stamps) this revision added, changed or removed. */
  readonly annotations: readonly AnnotationFact[];
  /** What the revision did, for the sentence; absent when nothing could be named. */
  readonly items?: readonly ChangeItem[];
}

export interface SignatureVerification {
  /** Fully qualified field name (T entries joined by "."), or null when there is no field. */
  readonly field: string | null;
  readonly kind: 'signature' | 'timestamp';
  readonly indication: Indication;
  readonly subIndication: SubIndication | null;
  readonly level: PadesLevel | null;
  /** "CN (O)" of the signer certificate, or of the TSA for a document timestamp. */
  readonly signer: string | null;
  readonly signerSubject: string | null;
  /** The signer's claimed time (signing-time attribute, else /M), ISO 8601. */
  readonly claimedTime: string | null;
  /** The earliest proof of existence (a valid timestamp's genTime), ISO 8601. */
  readonly provenTime: string | null;
  readonly coversWholeFile: boolean;
  /** 0-based revision the signature was made in (what it covers). */
  readonly revision: number | null;
  readonly subFilter: string | null;
  readonly certified: 1 | 2 | 3 | null;
  readonly modificationsAfter: readonly ModificationFacts[];
  /** English, technical: which check failed and what was found; null when all passed. */
  readonly reason: string | null;
  readonly notes: readonly string[];
  readonly chain: readonly CertificateFacts[];
  readonly timestamps: readonly TimestampFacts[];
  readonly revocation: readonly RevocationFacts[];
  readonly digestAlgorithm: string | null;
  readonly signatureAlgorithm: string | null;
  readonly messageZh: string;
  readonly messageEn: string;
}

export interface DocumentVerification {
  readonly file: string;
  /** SHA-256 of the whole file (lower-case hex), null when it could not be read. */
  readonly sha256: string | null;
  readonly size: number | null;
  readonly revisions: number | null;
  /** The time the document was judged at (--at or now), ISO 8601. */
  readonly validationTime: string;
  readonly policy: string;
  readonly online: boolean;
  readonly signatures: readonly SignatureVerification[];
  /** Set when the file could not be verified at all (unreadable, not a PDF, hostile). */
  readonly error: {
    readonly code: string;
    readonly subIndication: SubIndication;
    readonly messageZh: string;
    readonly messageEn: string;
  } | null;
}

/** The worst outcome over a document: what the exit code and the summary row show. */
export type DocumentOutcome = 'passed' | 'failed' | 'indeterminate' | 'unreadable' | 'unsigned';

export function documentOutcome(d: DocumentVerification): DocumentOutcome {
  if (d.error) return 'unreadable';
  if (d.signatures.length === 0) return 'unsigned';
  if (d.signatures.some((s) => s.indication === 'TOTAL_FAILED')) return 'failed';
  if (d.signatures.some((s) => s.indication === 'INDETERMINATE')) return 'indeterminate';
  return 'passed';
}

/** The stable `--json` object of one file (docs/verification.md, "JSON output"). */
export function toVerificationJson(d: DocumentVerification, lang: Lang): unknown {
  return {
    file: d.file,
    sha256: d.sha256,
    validationTime: d.validationTime,
    outcome: documentOutcome(d),
    signatures: d.signatures.map((s) => ({
      field: s.field,
      kind: s.kind,
      indication: s.indication,
      subIndication: s.subIndication,
      level: s.level,
      signer: s.signer,
      claimedTime: s.claimedTime,
      provenTime: s.provenTime,
      coversWholeFile: s.coversWholeFile,
      revision: s.revision,
      modificationsAfter: s.modificationsAfter.map((m) => ({
        revision: m.revision,
        kind: m.kind,
        allowed: m.allowed,
        pages: [...m.pages],
        annotations: m.annotations.map((a) => ({ ...a, rect: a.rect ? [...a.rect] : null })),
      })),
      message: lang === 'en' ? s.messageEn : s.messageZh,
      messageZh: s.messageZh,
      messageEn: s.messageEn,
    })),
    error: d.error
      ? {
          code: d.error.code,
          subIndication: d.error.subIndication,
          message: lang === 'en' ? d.error.messageEn : d.error.messageZh,
        }
      : null,
  };
}
