/**
 * Every call the UI may make of main: name -> { input, output } zod schemas. The channel names
 * (IPC and WebSocket) are derived from these keys (channels.ts), never typed a second time.
 *
 * Owns: the list of methods and what each takes and gives.
 * Must never: hold behaviour; main/host implements each method, the doors only carry them.
 */
import { z } from 'zod';
import {
  AppInfoSchema,
  DocIdSchema,
  DocumentHandleSchema,
  DocumentInfoSchema,
  DocumentRefSchema,
  Empty,
  FingerprintSchema,
  IdentitiesSchema,
  IntentIdSchema,
  LangSchema,
  MAX_READ_RANGE,
  P12IdentitySchema,
  PageSizeSchema,
  PathSchema,
  PickResultSchema,
  RecentDocumentSchema,
  SealIdSchema,
  SealNameSchema,
  SealSpecSchema,
  SealSummarySchema,
  SettingsPatchSchema,
  SettingsSchema,
  SignIntentSchema,
  SignPrepareInputSchema,
  SignResultSchema,
  SignRunInputSchema,
  TrustAnchorSchema,
  TsaListSchema,
  VerificationSchema,
} from './schemas';

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({
  input,
  output,
});
const Done = z.object({});

export const contract = {
  'app.info': method(Empty, AppInfoSchema),

  'settings.get': method(Empty, SettingsSchema),
  'settings.set': method(SettingsPatchSchema, SettingsSchema),
  /** The time-stamping authorities for B-T and above, tried in order (ltv-settings.json). */
  'tsa.list': method(Empty, TsaListSchema),
  'tsa.set': method(TsaListSchema, TsaListSchema),

  /**
   * Opens a document. With `revisionLength` the handle sees only bytes [0, revisionLength): a
   * signed revision as it was signed (read-only "view signed version").
   */
  'documents.openPath': method(
    z.strictObject({
      path: PathSchema,
      revisionLength: z.number().int().positive().optional(),
    }),
    DocumentHandleSchema,
  ),
  /** Electron: a native dialog. Web: no dialog (dialog: false), the recent list instead. */
  'documents.pick': method(z.strictObject({ multiple: z.boolean().optional() }), PickResultSchema),
  'documents.info': method(z.strictObject({ docId: DocIdSchema }), DocumentInfoSchema),
  /** Page sizes for pages [from, from + count), 1-based, at most 1000 per call. */
  'documents.pages': method(
    z.strictObject({
      docId: DocIdSchema,
      from: z.number().int().positive(),
      count: z.number().int().positive().max(1000),
    }),
    z.object({ pages: z.array(PageSizeSchema) }),
  ),
  /** Positioned read of the file's bytes; length is capped at MAX_READ_RANGE (1 MiB). */
  'documents.readRange': method(
    z.strictObject({
      docId: DocIdSchema,
      offset: z.number().int().nonnegative(),
      length: z.number().int().positive().max(MAX_READ_RANGE),
    }),
    z.object({ offset: z.number(), bytes: z.instanceof(Uint8Array) }),
  ),
  'documents.close': method(z.strictObject({ docId: DocIdSchema }), Done),
  'documents.recent': method(Empty, z.object({ recent: z.array(RecentDocumentSchema) })),

  'seals.list': method(Empty, z.object({ seals: z.array(SealSummarySchema) })),
  'seals.create': method(z.strictObject({ spec: SealSpecSchema }), SealSummarySchema),
  /** A PNG/JPEG scan (paper removed) or an exported SEAL.json. */
  'seals.import': method(
    z.strictObject({
      path: PathSchema,
      name: z.string().max(200).optional(),
      widthMm: z.number().positive().max(300).optional(),
    }),
    SealSummarySchema,
  ),
  'seals.delete': method(z.strictObject({ id: SealIdSchema }), Done),
  /** A new name for a seal in the library; its drawing and id are unchanged. */
  'seals.rename': method(
    z.strictObject({ id: SealIdSchema, name: SealNameSchema }),
    SealSummarySchema,
  ),
  /** Writes the seal to a SEAL.json at `path` (an existing file there is replaced atomically). */
  'seals.export': method(
    z.strictObject({ id: SealIdSchema, path: PathSchema }),
    z.object({ path: z.string() }),
  ),
  /** Adds a SEAL.json exported elsewhere, keeping its id (refused if that id is already here). */
  'seals.add': method(z.strictObject({ path: PathSchema }), SealSummarySchema),
  /** SVG of a seal in the library, or of a spec not yet saved (live preview). */
  'seals.preview': method(
    z.union([z.strictObject({ id: SealIdSchema }), z.strictObject({ spec: SealSpecSchema })]),
    z.object({ svg: z.string() }),
  ),

  'identities.list': method(Empty, IdentitiesSchema),
  /** Adds a PKCS#12 file: the passphrase is used once to read its certificate, never kept. */
  'identities.addP12': method(
    z.strictObject({ path: PathSchema, passphrase: z.string().max(1024) }),
    P12IdentitySchema,
  ),
  'identities.removeP12': method(z.strictObject({ path: PathSchema }), Done),

  /** Step 1: what will be signed, for the person to confirm. Uses no key. */
  'sign.prepare': method(SignPrepareInputSchema, SignIntentSchema),
  /** Step 2: the confirmed intent, with the PIN/passphrase used once. */
  'sign.run': method(SignRunInputSchema, SignResultSchema),
  'sign.cancel': method(z.strictObject({ intentId: IntentIdSchema }), Done),
  'sign.discard': method(z.strictObject({ intentId: IntentIdSchema }), Done),

  'verify.run': method(
    DocumentRefSchema,
    z.object({
      verification: VerificationSchema,
      sentences: z.array(z.string()),
      /**
       * Per signature (same order), the byte length of the revision it signed: open it with
       * documents.openPath({ path, revisionLength }) to see the document as signed.
       */
      revisionLengths: z.array(z.number().int().positive().nullable()).optional(),
    }),
  ),
  /** Every PDF in a folder (sub-folders on request), one verdict each, for the folder table. */
  'verify.folder': method(
    z.strictObject({ path: PathSchema, recursive: z.boolean().optional() }),
    z.object({
      results: z.array(
        z.object({ file: z.string(), name: z.string(), verification: VerificationSchema }),
      ),
    }),
  ),
  'verify.report': method(
    z.strictObject({
      document: DocumentRefSchema,
      format: z.enum(['html', 'pdf']),
      lang: LangSchema.optional(),
      /** Where to write; default beside the document as "<name>.verification.<format>". */
      output: PathSchema.optional(),
    }),
    z.object({ path: z.string() }),
  ),

  'trust.list': method(Empty, z.object({ anchors: z.array(TrustAnchorSchema) })),
  'trust.import': method(
    z.strictObject({ path: PathSchema }),
    z.object({
      added: z.array(TrustAnchorSchema),
      alreadyTrusted: z.array(TrustAnchorSchema),
      skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
    }),
  ),
  'trust.remove': method(z.strictObject({ fingerprint: FingerprintSchema }), TrustAnchorSchema),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller passes (defaults may be left out). */
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
/** What the host receives after parsing (defaults filled in). */
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Output<M extends MethodName> = z.output<Contract[M]['output']>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];
