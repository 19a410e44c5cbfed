/**
 * Signing with intent for the UI (docs/architecture.md "Keys and intent"): `prepare` builds the
 * intent a person confirms (every document with its SHA-256 and pages, every placement, the
 * certificate, the level, the token's PIN flags), keeps it in memory by id, and `run` signs
 * exactly that, with the confirmed SHA-256 as `expectedSha256`, one login for all documents, at
 * the confirmed level (B-T and above with the configured TSA; below it when a service does not
 * answer, then queued and said so).
 *
 * Owns: intents (in memory, expiring), output names, the one-shot secret (turned into a Buffer,
 * used for one login, zeroed), cancel, progress events.
 * Must never: store, log or return the secret; sign a file whose bytes differ from the intent;
 * overwrite a file; keep an intent after it has been signed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { asSealdeskError, type SealdeskError } from '../errors/sealdesk-error';
import type { Lang } from '../i18n/locale';
import { PdfDocument } from '../pdf/document';
import { summarizeCertificate, type CertificateSummary } from '../pkcs11/certificate-summary';
import type { TokenFlags } from '../pkcs11/token-flags';
import type { Seal, SealLibrary } from '../seals';
import type { SignatureAppearance } from '../sign/appearance-plan';
import { signAtLevel, type SignAtLevelResult } from '../ltv/sign-at-level';
import type { SignProgress } from '../sign/pades-signer';
import type { Signer } from '../sign/signer';
import type {
  EventPayload,
  PinFlags,
  SignIntent,
  SignPrepareInput,
  SignResult,
} from '../../preload/contract';
import { appearanceProblem, runBatch, type BatchIntent } from './batch-signing';
import { hostErrors } from './host-errors';
import { levelServicesFor, openSigner, type SigningDeps, type SigningIdentity } from './signing';
import type { UiSettingsStore } from './host-settings';
import { listTokenModules } from './tokens';

export const INTENT_TTL_MS = 15 * 60_000;

interface StoredIntent {
  readonly public: SignIntent;
  readonly identity: SignPrepareInput['identity'];
  readonly seal: Seal | undefined;
  readonly appearance: SignatureAppearance | undefined;
  readonly reason: string | undefined;
  readonly location: string | undefined;
  readonly expires: number;
  running?: AbortController;
}

export interface HostSigningDeps extends SigningDeps {
  readonly dataDir: string;
  readonly settings: UiSettingsStore;
  readonly seals: SealLibrary;
  /** docId -> path of an open document. */
  readonly pathOf: (docId: string) => string;
  readonly emit: (payload: EventPayload<'sign.progress'>) => void;
  readonly now?: () => number;
  /** Opens the signer (test seam); default openSigner. */
  readonly openSigner?: (identity: SigningIdentity) => Promise<Signer>;
}

const sha256Of = async (file: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
};

const exists = async (p: string) => (await stat(p).catch(() => undefined)) !== undefined;

/** "<name>.signed.pdf" beside the original (or in outputDir), never an existing file. */
async function outputFor(file: string, outputDir: string | undefined, taken: Set<string>) {
  const dir = outputDir ? resolve(outputDir) : dirname(file);
  const stem = basename(file, extname(file));
  for (let n = 1; ; n++) {
    const candidate = join(dir, `${stem}.signed${n === 1 ? '' : `-${n}`}.pdf`);
    if (!taken.has(candidate) && !(await exists(candidate))) {
      taken.add(candidate);
      return candidate;
    }
  }
}

export const pinFlagsOf = (f: TokenFlags): PinFlags => ({
  loginRequired: f.loginRequired,
  protectedAuthenticationPath: f.protectedAuthenticationPath,
  countLow: f.userPinCountLow,
  finalTry: f.userPinFinalTry,
  locked: f.userPinLocked,
});

export const certificateOf = (c: CertificateSummary) => ({
  subject: c.subject,
  issuer: c.issuer,
  serialHex: c.serialHex,
  notBefore: c.notBefore,
  notAfter: c.notAfter,
  fingerprintSha256: c.fingerprintSha256,
  isCa: c.isCa,
});

export const sealSummaryOf = (s: Seal) => ({
  id: s.id,
  name: s.name,
  type: s.type,
  widthMm: s.sizeMm.width,
  heightMm: s.sizeMm.height,
  source: s.source,
  createdAt: s.createdAt,
  ...(s.organisation ? { organisation: s.organisation } : {}),
});

export class IntentStore {
  private readonly intents = new Map<string, StoredIntent>();

  constructor(private readonly deps: HostSigningDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  async prepare(input: SignPrepareInput, lang: Lang): Promise<SignIntent> {
    this.sweep();
    // Above B-B a TSA must be configured: say so now, before the person confirms anything.
    await levelServicesFor(input.level, this.deps);
    const seal = input.sealId ? await this.deps.seals.get(input.sealId) : undefined;
    if (!seal && (input.placements.length > 0 || input.pagingSeal))
      throw hostErrors('SIGN_NO_SEAL_FOR_PLACEMENT');

    // The certificate and, for a token, its PIN flags: no login, no secret.
    let certificate: SignIntent['certificate'];
    let pin: PinFlags | null = null;
    let label: string;
    const id = input.identity;
    if (id.kind === 'p12') {
      const abs = resolve(id.path);
      const known = (await this.deps.settings.read()).p12.find((p) => p.path === abs);
      if (!known) throw hostErrors('P12_NOT_ADDED', { file: abs });
      certificate = known.certificate;
      label = known.name;
    } else {
      const view = this.deps.pkcs11?.viewTokenFlags;
      const modules = await listTokenModules({
        modules: [id.modulePath],
        dataDir: this.deps.dataDir,
        ...(view ? { viewTokenFlags: view } : {}),
      });
      const token = modules.flatMap((m) => m.tokens).find((t) => t.label === id.tokenLabel);
      const key = token?.keys.find((k) => k.keyIdHex.toLowerCase() === id.keyIdHex.toLowerCase());
      if (!token || !key)
        throw hostErrors('SIGN_KEY_NOT_FOUND', { key: id.keyIdHex, token: id.tokenLabel });
      certificate = certificateOf(key.certificate);
      pin = pinFlagsOf(token.flags);
      label = `${token.label} / ${key.keyLabel ?? key.keyIdHex}`;
    }

    // What goes on the pages, so a document without one of its pages is said before signing.
    const dateStamp = input.dateStamp
      ? {
          page: input.dateStamp.page,
          xMm: input.dateStamp.xMm,
          yMm: input.dateStamp.yMm,
          ...(input.dateStamp.format ? { format: input.dateStamp.format } : {}),
        }
      : undefined;
    const appearance: SignatureAppearance | undefined = seal
      ? {
          seal,
          placements: input.placements.map((p) => ({
            page: p.page,
            xMm: p.xMm,
            yMm: p.yMm,
            ...(p.sizeMm !== undefined ? { sizeMm: p.sizeMm } : {}),
          })),
          ...(input.pagingSeal
            ? {
                pagingSeal: {
                  pages: input.pagingSeal.pages,
                  ...(input.pagingSeal.yMm !== undefined ? { yMm: input.pagingSeal.yMm } : {}),
                },
              }
            : {}),
          ...(dateStamp ? { dateStamp } : {}),
        }
      : dateStamp
        ? { placements: [], dateStamp }
        : undefined;

    const taken = new Set<string>();
    const documents: SignIntent['documents'] = [];
    for (const ref of input.documents) {
      const file = 'docId' in ref ? this.deps.pathOf(ref.docId) : resolve(ref.path);
      const st = await stat(file).catch((e: NodeJS.ErrnoException) => {
        throw hostErrors('DOC_NOT_A_FILE', { file, reason: e.code ?? 'unreadable' }, e);
      });
      let pageCount: number | null = null;
      let problem: string | null = null;
      try {
        const doc = await PdfDocument.open(file, { fileName: basename(file) });
        try {
          pageCount = await doc.pageCount();
        } finally {
          await doc.close();
        }
      } catch (e) {
        problem = asSealdeskError(e).localized(lang);
      }
      const short =
        pageCount === null ? undefined : appearanceProblem({ file, pages: pageCount }, appearance);
      if (short) problem = lang === 'en' ? short.message : short.messageZh;
      documents.push({
        file,
        name: basename(file),
        output: await outputFor(file, input.outputDir, taken),
        sha256: await sha256Of(file),
        size: st.size,
        pageCount,
        problem,
      });
    }

    const intentId = `intent-${randomBytes(8).toString('hex')}`;
    const expires = this.now() + INTENT_TTL_MS;
    const intent: SignIntent = {
      intentId,
      documents,
      placements: input.placements,
      seal: seal ? sealSummaryOf(seal) : null,
      pagingSeal: input.pagingSeal ? { pages: input.pagingSeal.pages } : null,
      dateStamp: input.dateStamp
        ? { page: input.dateStamp.page, xMm: input.dateStamp.xMm, yMm: input.dateStamp.yMm }
        : null,
      certificate,
      identity: { kind: id.kind, label },
      level: input.level,
      reason: input.reason ?? null,
      pin,
      secretKind:
        id.kind === 'p12'
          ? 'passphrase'
          : pin && pin.loginRequired && !pin.protectedAuthenticationPath
            ? 'pin'
            : 'none',
      expiresAt: new Date(expires).toISOString(),
    };
    this.intents.set(intentId, {
      public: intent,
      identity: id,
      seal,
      appearance,
      reason: input.reason,
      location: input.location,
      expires,
    });
    return intent;
  }

  discard(intentId: string): void {
    this.intents.get(intentId)?.running?.abort();
    this.intents.delete(intentId);
  }

  cancel(intentId: string): void {
    this.intents.get(intentId)?.running?.abort();
  }

  /**
   * Signs the confirmed intent. `secret` is the PIN or passphrase, used for this one login and
   * zeroed; on a failure the intent stays (a wrong PIN may be typed again), on success it goes.
   */
  async run(
    intentId: string,
    secret: string | undefined,
    confirmFinalTry: boolean,
    lang: Lang,
  ): Promise<SignResult> {
    this.sweep();
    const stored = this.intents.get(intentId);
    if (!stored) throw hostErrors('INTENT_NOT_FOUND');
    if (stored.running) throw hostErrors('INTENT_BUSY');
    const intent = stored.public;
    if (intent.secretKind !== 'none' && (secret === undefined || secret === '')) {
      throw hostErrors('SIGN_SECRET_MISSING', {
        what: intent.secretKind === 'pin' ? 'PIN' : 'passphrase',
        whatZh: intent.secretKind === 'pin' ? 'PIN 码' : '密码',
        identity: intent.identity.label,
      });
    }
    const controller = new AbortController();
    stored.running = controller;
    const pinBuffer =
      stored.identity.kind === 'pkcs11' && secret ? Buffer.from(secret, 'utf8') : undefined;
    try {
      const identity: SigningIdentity =
        stored.identity.kind === 'p12'
          ? { kind: 'p12', path: resolve(stored.identity.path), passphrase: secret ?? '' }
          : {
              kind: 'pkcs11',
              modulePath: stored.identity.modulePath,
              tokenLabel: stored.identity.tokenLabel,
              key: { idHex: stored.identity.keyIdHex },
              pin: pinBuffer,
              confirmFinalTry,
            };
      const result = await this.sign(stored, identity, controller.signal, lang);
      if (!result.cancelled && result.documents.every((d) => d.status === 'signed'))
        this.intents.delete(intentId);
      return result;
    } finally {
      pinBuffer?.fill(0);
      delete stored.running;
    }
  }

  private async sign(
    stored: StoredIntent,
    identity: SigningIdentity,
    signal: AbortSignal,
    lang: Lang,
  ): Promise<SignResult> {
    const intent = stored.public;
    const open = this.deps.openSigner ?? ((id: SigningIdentity) => openSigner(id, this.deps));
    const total = intent.documents.length;
    const emit = (
      index: number,
      phase: EventPayload<'sign.progress'>['phase'],
      p?: SignProgress,
    ) => {
      const doc = intent.documents[index];
      if (!doc) return;
      this.deps.emit({
        intentId: intent.intentId,
        index,
        total,
        file: doc.file,
        phase,
        bytesDone: p?.bytesDone ?? (phase === 'signed' ? doc.size : 0),
        bytesTotal: doc.size,
      });
    };
    const options = {
      level: intent.level,
      ...(stored.appearance ? { appearance: stored.appearance } : {}),
      ...(stored.reason ? { reason: stored.reason } : {}),
      ...(stored.location ? { location: stored.location } : {}),
    };
    const msg = (e: SealdeskError) => e.localized(lang);
    /** Below the level confirmed: why, and that the queue raises it when the services answer. */
    const pending = (r: Pick<SignAtLevelResult, 'level' | 'queued' | 'pendingReason'>) => {
      if (r.level === intent.level) return null;
      const why = r.pendingReason ?? (lang === 'en' ? 'no service answered' : '服务无应答');
      return lang === 'en'
        ? `Signed at ${r.level}, not yet ${intent.level} (${why}).${r.queued ? ' Queued: Sealdesk raises it when the services answer again.' : ''}`
        : `已按 ${r.level} 签署，暂未达到 ${intent.level}（${why}）。${r.queued ? '已加入队列，服务恢复后 Sealdesk 会自动提升级别。' : ''}`;
    };

    if (total === 1) {
      // One document: cancel may stop it mid-copy (nothing is left behind: signPdf is atomic).
      const doc = intent.documents[0]!;
      // The TSA and revocation sources, found before the key is used.
      const services = await levelServicesFor(intent.level, this.deps);
      const signer = await open(identity);
      try {
        await this.checkCertificate(signer, intent, identity);
        emit(0, 'start');
        const r = await signAtLevel({
          ...options,
          ...services,
          input: doc.file,
          output: doc.output,
          signer,
          expectedSha256: doc.sha256,
          signal,
          onProgress: (p) => emit(0, p.phase, p),
        });
        emit(0, 'signed');
        return {
          intentId: intent.intentId,
          documents: [
            {
              file: doc.file,
              output: r.output,
              status: 'signed',
              message: null,
              level: r.level,
              pending: pending(r),
            },
          ],
          warnings: r.warnings.map((w) => ({
            code: w.code,
            message: lang === 'en' ? w.message : w.messageZh,
            page: w.page,
          })),
          cancelled: false,
        };
      } catch (e) {
        const err = asSealdeskError(e);
        emit(0, 'failed');
        if (err.category === 'cancelled' || signal.aborted) {
          return {
            intentId: intent.intentId,
            documents: [
              {
                file: doc.file,
                output: null,
                status: 'skipped',
                message: msg(err),
                level: null,
                pending: null,
              },
            ],
            warnings: [],
            cancelled: true,
          };
        }
        throw err;
      } finally {
        await signer.close?.();
      }
    }

    // Many documents: batch-signing.ts (one login, key failure stops, cancel between files).
    const batch: BatchIntent = {
      outputDir: dirname(intent.documents[0]!.output),
      certificate: { ...intent.certificate, keyUsage: undefined, publicKeyType: 'other' },
      totalBytes: intent.documents.reduce((n, d) => n + d.size, 0),
      documents: intent.documents.map((d, index) => ({
        index,
        file: d.file,
        output: d.output,
        sha256: d.sha256,
        bytes: d.size,
        pages: d.pageCount ?? undefined,
        ...(d.problem
          ? { problem: { code: 'DOC_PROBLEM', message: d.problem, messageZh: d.problem } }
          : {}),
      })),
    };
    const summary = await runBatch(
      batch,
      {
        identity,
        sign: options,
        signal,
        onProgress: (p) =>
          emit(p.index, p.phase, {
            phase: 'copy',
            bytesDone: p.bytesDone,
            bytesTotal: p.bytesTotal,
          }),
      },
      { ...this.deps, openSigner: open },
    );
    const pick = (m: { message: string; messageZh: string }) =>
      lang === 'en' ? m.message : m.messageZh;
    return {
      intentId: intent.intentId,
      documents: intent.documents.map((d) => {
        const ok = summary.signed.find((s) => s.file === d.file);
        if (ok)
          return {
            file: d.file,
            output: ok.output,
            status: 'signed' as const,
            message: null,
            level: ok.level,
            pending: pending(ok),
          };
        const bad = summary.failed.find((s) => s.file === d.file);
        if (bad)
          return {
            file: d.file,
            output: null,
            status: 'failed' as const,
            message: pick(bad),
            level: null,
            pending: null,
          };
        const skip = summary.skipped.find((s) => s.file === d.file);
        return {
          file: d.file,
          output: null,
          status: 'skipped' as const,
          message: skip ? pick(skip) : null,
          level: null,
          pending: null,
        };
      }),
      warnings: [],
      cancelled: summary.cancelled,
    };
  }

  /** The key must still offer the certificate the person confirmed. */
  private async checkCertificate(signer: Signer, intent: SignIntent, identity: SigningIdentity) {
    const [leaf] = await signer.certificates();
    const actual = leaf ? summarizeCertificate(leaf).fingerprintSha256 : '';
    if (actual !== intent.certificate.fingerprintSha256) {
      throw hostErrors('SIGN_CERTIFICATE_CHANGED', {
        file: identity.kind === 'p12' ? identity.path : identity.tokenLabel,
      });
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, i] of this.intents) if (i.expires < now && !i.running) this.intents.delete(id);
  }
}
