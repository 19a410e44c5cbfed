/**
 * The shapes that cross between the UI and main, as zod schemas (inputs are strict: an unknown
 * key is a malformed message).
 *
 * Owns: the data vocabulary of the contract (documents, seals, identities, intents, results).
 * Must never: import main/ or renderer/ code; mirror core types by value, not by import, so the
 * renderer can take the types without pulling Node code.
 */
import { z } from 'zod';

export const LangSchema = z.enum(['zh-CN', 'en']);
export type Lang = z.infer<typeof LangSchema>;

/** A filesystem path chosen by the user (never empty, no NUL). */
export const PathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'a path must not contain NUL');

export const DocIdSchema = z.string().regex(/^doc-[0-9a-f]{16}$/);
export const IntentIdSchema = z.string().regex(/^intent-[0-9a-f]{16}$/);
export const SealIdSchema = z.uuid();
/** A seal's name as the person types it: trimmed, 1 to 60 characters. */
export const SealNameSchema = z.string().trim().min(1).max(60);
export const FingerprintSchema = z.string().regex(/^[0-9a-fA-F:\s]{64,100}$/);

/** Largest range one readRange call returns (1 MiB): the viewer pages through bigger files. */
export const MAX_READ_RANGE = 1 << 20;

export const Empty = z.strictObject({});

export const AppInfoSchema = z.object({
  version: z.string(),
  lang: LangSchema,
  /** Which door serves this UI. */
  door: z.enum(['electron', 'web']),
  /** The OS main runs on (process.platform). */
  os: z.string(),
});

export const SettingsSchema = z.object({ lang: LangSchema });

/** A time-stamping authority (RFC 3161) used for B-T and above; its password stays in the keychain. */
export const TsaEndpointSchema = z.strictObject({
  url: z
    .string()
    .max(2000)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// address'),
  user: z.string().min(1).max(200).optional(),
});
export const TsaListSchema = z.strictObject({ tsas: z.array(TsaEndpointSchema).max(20) });
export type TsaList = z.infer<typeof TsaListSchema>;
export const SettingsPatchSchema = z.strictObject({ lang: LangSchema.optional() });

export const DocumentHandleSchema = z.object({
  docId: DocIdSchema,
  path: z.string(),
  name: z.string(),
  /** Bytes the handle sees: the file's size, or the revision's length. */
  size: z.number().int().nonnegative(),
  /** Present when opened as a signed revision (documents.openPath revisionLength). */
  revisionLength: z.number().int().positive().optional(),
});
export type DocumentHandle = z.infer<typeof DocumentHandleSchema>;

export const RecentDocumentSchema = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
  /** False when the file is no longer there. */
  exists: z.boolean(),
});
export type RecentDocument = z.infer<typeof RecentDocumentSchema>;

export const PickResultSchema = z.object({
  /** Paths chosen in a native dialog; empty when cancelled or when there is no dialog. */
  paths: z.array(z.string()),
  /** False in the web door: the UI offers the recent list and a path field instead. */
  dialog: z.boolean(),
  recent: z.array(RecentDocumentSchema),
});

const Box = z.tuple([z.number(), z.number(), z.number(), z.number()]);
/** One page as stored: MediaBox and CropBox in points (ISO 32000-2 §14.11.2), /Rotate. */
export const PageSizeSchema = z.object({
  /** 1-based. */
  page: z.number().int().positive(),
  mediaBox: Box,
  cropBox: Box,
  rotate: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  userUnit: z.number(),
  /** The visible size in points after CropBox and rotation: what the user sees. */
  widthPt: z.number(),
  heightPt: z.number(),
});
export type PageSize = z.infer<typeof PageSizeSchema>;

export const DocumentInfoSchema = z.object({
  docId: DocIdSchema,
  name: z.string(),
  size: z.number(),
  pageCount: z.number().int().nonnegative(),
  /** The first page's size (others through documents.pages). */
  firstPage: PageSizeSchema.nullable(),
  encrypted: z.boolean(),
  revisions: z.number().int().nonnegative(),
  signatureCount: z.number().int().nonnegative(),
});
export type DocumentInfo = z.infer<typeof DocumentInfoSchema>;

export const SealTypeSchema = z.enum(['round', 'oval', 'square', 'signature', 'image']);
export const SealSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: SealTypeSchema,
  widthMm: z.number(),
  heightMm: z.number(),
  source: z.enum(['generated', 'imported']),
  createdAt: z.string(),
  organisation: z.string().optional(),
});
export type SealSummary = z.infer<typeof SealSummarySchema>;

const text = z.string().max(200);
/** What a generated seal says (mirrors main/seals SealSpec; checked again there). */
export const SealSpecSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('round'),
    organisation: text,
    title: text.optional(),
    code: text.optional(),
    sizeMm: z.number().optional(),
    name: text.optional(),
  }),
  z.strictObject({
    type: z.literal('oval'),
    organisation: text,
    title: text.optional(),
    code: text.optional(),
    widthMm: z.number().optional(),
    heightMm: z.number().optional(),
    name: text.optional(),
  }),
  z.strictObject({
    type: z.literal('square'),
    personName: text,
    sizeMm: z.number().optional(),
    name: text.optional(),
  }),
  z.strictObject({
    type: z.literal('signature'),
    text,
    ink: z.enum(['black', 'blue']).optional(),
    heightMm: z.number().optional(),
    name: text.optional(),
  }),
]);
export type SealSpec = z.infer<typeof SealSpecSchema>;

export const CertificateSummarySchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialHex: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
  isCa: z.boolean(),
});
export type CertificateSummary = z.infer<typeof CertificateSummarySchema>;

/** The token flags a PIN dialog shows (PKCS#11 Base v2.40 §5.5 CK_TOKEN_INFO flags). */
export const PinFlagsSchema = z.object({
  loginRequired: z.boolean(),
  protectedAuthenticationPath: z.boolean(),
  countLow: z.boolean(),
  finalTry: z.boolean(),
  locked: z.boolean(),
});
export type PinFlags = z.infer<typeof PinFlagsSchema>;

export const P12IdentitySchema = z.object({
  kind: z.literal('p12'),
  path: z.string(),
  name: z.string(),
  certificate: CertificateSummarySchema,
});
export const TokenKeySchema = z.object({
  keyIdHex: z.string(),
  keyLabel: z.string().nullable(),
  keyType: z.string(),
  certificate: CertificateSummarySchema,
});
export const TokenSchema = z.object({
  modulePath: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  serial: z.string(),
  pin: PinFlagsSchema,
  keys: z.array(TokenKeySchema),
});
export const TokenModuleSchema = z.object({
  path: z.string(),
  present: z.boolean(),
  tokens: z.array(TokenSchema),
  error: z.string().nullable(),
});
export const IdentitiesSchema = z.object({
  p12: z.array(P12IdentitySchema),
  modules: z.array(TokenModuleSchema),
});
export type Identities = z.infer<typeof IdentitiesSchema>;

/** Which key signs: a PKCS#12 file added before, or a key on a token (found by label + id). */
export const IdentityRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('p12'), path: PathSchema }),
  z.strictObject({
    kind: z.literal('pkcs11'),
    modulePath: PathSchema,
    tokenLabel: z.string().min(1).max(64),
    keyIdHex: z.string().regex(/^[0-9a-fA-F]{0,256}$/),
  }),
]);
export type IdentityRef = z.infer<typeof IdentityRefSchema>;

export const PadesLevelSchema = z.enum(['B-B', 'B-T', 'B-LT', 'B-LTA']);

const mm = z.number().finite().min(0).max(5000);
/** A seal on a page: centre in mm from the page's top-left corner as seen, 1-based page. */
export const PlacementSchema = z.strictObject({
  page: z.number().int().positive(),
  xMm: mm,
  yMm: mm,
  sizeMm: z.number().positive().max(300).optional(),
});
export type Placement = z.infer<typeof PlacementSchema>;

export const DocumentRefSchema = z.union([
  z.strictObject({ docId: DocIdSchema }),
  z.strictObject({ path: PathSchema }),
]);

export const SignPrepareInputSchema = z.strictObject({
  documents: z.array(DocumentRefSchema).min(1).max(10_000),
  identity: IdentityRefSchema,
  sealId: SealIdSchema.optional(),
  placements: z.array(PlacementSchema).max(500),
  pagingSeal: z
    .strictObject({
      pages: z.union([z.literal('all'), z.array(z.number().int().positive()).max(10_000)]),
      yMm: mm.optional(),
    })
    .optional(),
  dateStamp: z
    .strictObject({ page: z.number().int().positive(), xMm: mm, yMm: mm, format: text.optional() })
    .optional(),
  level: PadesLevelSchema,
  reason: z.string().max(500).optional(),
  location: z.string().max(200).optional(),
  /** Where signed copies go; default beside each original as "<name>.signed.pdf". */
  outputDir: PathSchema.optional(),
});
export type SignPrepareInput = z.infer<typeof SignPrepareInputSchema>;

export const IntentDocumentSchema = z.object({
  file: z.string(),
  name: z.string(),
  output: z.string(),
  sha256: z.string(),
  size: z.number(),
  pageCount: z.number().nullable(),
  problem: z.string().nullable(),
});

/** What the person confirms before any key is used (意愿认证). */
export const SignIntentSchema = z.object({
  intentId: IntentIdSchema,
  documents: z.array(IntentDocumentSchema),
  placements: z.array(PlacementSchema),
  seal: SealSummarySchema.nullable(),
  /** The cross-page seal (骑缝章) and the pages it spans, or null. */
  pagingSeal: z.object({ pages: z.union([z.literal('all'), z.array(z.number())]) }).nullable(),
  /** The date stamp and where it goes (centre in mm from the page's top-left), or null. */
  dateStamp: z.object({ page: z.number(), xMm: z.number(), yMm: z.number() }).nullable(),
  certificate: CertificateSummarySchema,
  identity: z.object({ kind: z.enum(['p12', 'pkcs11']), label: z.string() }),
  level: PadesLevelSchema,
  reason: z.string().nullable(),
  /** Present for a token: its PIN flags now (warn before the final try). */
  pin: PinFlagsSchema.nullable(),
  /** What the secret field of sign.run is: a token PIN, a PKCS#12 passphrase, or nothing (PIN pad). */
  secretKind: z.enum(['pin', 'passphrase', 'none']),
  expiresAt: z.string(),
});
export type SignIntent = z.infer<typeof SignIntentSchema>;

export const SignRunInputSchema = z.strictObject({
  intentId: IntentIdSchema,
  /** The PIN or passphrase: used once for this run, then dropped. Never echoed back. */
  secret: z.string().max(1024).optional(),
  /** The person saw "one try left" and chose to spend it. */
  confirmFinalTry: z.boolean().default(false),
});

export const SignWarningSchema = z.object({
  code: z.string(),
  message: z.string(),
  page: z.number(),
});
export const SignOutcomeSchema = z.object({
  file: z.string(),
  output: z.string().nullable(),
  status: z.enum(['signed', 'failed', 'skipped']),
  message: z.string().nullable(),
  /** The level the signed copy has now (may be below the intent's when a service was down). */
  level: PadesLevelSchema.nullable(),
  /** Below the requested level, why, and that it waits in the queue to be raised when online. */
  pending: z.string().nullable(),
});
export const SignResultSchema = z.object({
  intentId: IntentIdSchema,
  documents: z.array(SignOutcomeSchema),
  warnings: z.array(SignWarningSchema),
  cancelled: z.boolean(),
});
export type SignResult = z.infer<typeof SignResultSchema>;

/**
 * One annotation a later revision added, changed or removed (main/verify AnnotationFact): the
 * viewer outlines `rect` on `page`. `rect` is [x1, y1, x2, y2] in the page's default user space
 * (ISO 32000-2 §8.3.2.3, §12.5.2 /Rect); null when the file has none or a broken one.
 */
export const AnnotationChangeSchema = z.object({
  /** 1-based; null when the annotation is on no page the analysis could find. */
  page: z.number().int().positive().nullable(),
  /** /Subtype without the slash: "FreeText", "Square", "Widget", ... */
  subtype: z.string(),
  rect: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  change: z.enum(['added', 'changed', 'removed']),
  /** Allowed for this signature (DocMDP P, FieldMDP locks, overlays). */
  allowed: z.boolean(),
});
export type AnnotationChange = z.infer<typeof AnnotationChangeSchema>;

export const ModificationSchema = z.object({
  revision: z.number(),
  kind: z.string(),
  allowed: z.boolean(),
  pages: z.array(z.number()),
  /** Empty when the revision touched no annotation (or an older verifier did not say). */
  annotations: z.array(AnnotationChangeSchema).default([]),
});
/** One signature or document timestamp, as the issue-3 verification JSON gives it. */
export const SignatureVerdictSchema = z.object({
  field: z.string().nullable(),
  kind: z.enum(['signature', 'timestamp']),
  indication: z.string(),
  subIndication: z.string().nullable(),
  level: z.string().nullable(),
  signer: z.string().nullable(),
  claimedTime: z.string().nullable(),
  provenTime: z.string().nullable(),
  coversWholeFile: z.boolean(),
  revision: z.number().nullable(),
  modificationsAfter: z.array(ModificationSchema),
  message: z.string(),
  messageZh: z.string(),
  messageEn: z.string(),
});
export const VerificationSchema = z.object({
  file: z.string(),
  sha256: z.string().nullable(),
  validationTime: z.string(),
  outcome: z.enum(['passed', 'failed', 'indeterminate', 'unreadable', 'unsigned']),
  signatures: z.array(SignatureVerdictSchema),
  error: z
    .object({ code: z.string(), subIndication: z.string().nullable(), message: z.string() })
    .nullable(),
});
export type Verification = z.infer<typeof VerificationSchema>;

export const TrustAnchorSchema = z.object({
  fingerprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  isCa: z.boolean(),
  selfSigned: z.boolean(),
});
export type TrustAnchor = z.infer<typeof TrustAnchorSchema>;
