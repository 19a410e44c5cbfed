/**
 * The application host: ONE object implementing the whole UI contract (preload/contract) over
 * the use cases, for all three doors (Electron IPC, the loopback web door, tests).
 *
 * Owns: parsing every input with the contract's zod schema (a malformed message is refused with
 * CONTRACT_INVALID_INPUT before any use case runs), turning every failure into a value
 * `{ ok: false, error: { code, message } }` in the session's language, the session's language
 * (ui-settings.json), the open-document registry, signing intents, and the events it pushes.
 * Must never: import a door or 'electron'; keep, log, return or emit a PIN or passphrase (the
 * secret fields of sign.run and identities.addP12 are used once and dropped); read a whole PDF.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { asSealdeskError, type SealdeskError } from '../errors/sealdesk-error';
import type { Lang } from '../i18n/locale';
import { summarizeCertificate } from '../pkcs11/certificate-summary';
import {
  SealLibrary,
  generateSeal,
  importSealImage,
  sealToSvg,
  type FontProvider,
  type SealSpec as CoreSealSpec,
} from '../seals';
import { Pkcs12Signer } from '../sign/pkcs12-signer';
import { toVerificationJson, type DocumentVerification } from '../verify/verdict-model';
import {
  VerificationSchema,
  contract,
  type EventName,
  type EventPayload,
  type MethodName,
  type Output,
  type ParsedInput,
  type Result,
  type SealSpec,
  type TrustAnchor,
} from '../../preload/contract';
import { defaultDataDir } from './data-dir';
import { DocumentRegistry } from './host-documents';
import { hostErrors } from './host-errors';
import { UiSettingsStore } from './host-settings';
import { IntentStore, certificateOf, pinFlagsOf, sealSummaryOf } from './host-signing';
import type { SigningDeps } from './signing';
import type { Signer } from '../sign/signer';
import type { SigningIdentity } from './signing';
import { listTokenModules } from './tokens';
import { readLtvSettings, startAugmentTask, writeTsaList } from './ltv';
import { verifyFolder } from './folder-verification';
import { signedRevisionLengths } from './signed-revisions';
import { openTrustStore, verifyFiles, writeVerificationReport } from './verification';

export type HostImplementation = {
  readonly [M in MethodName]: (input: ParsedInput<M>) => Promise<Output<M>>;
};

export type HostListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface SealdeskHostOptions {
  readonly door: 'electron' | 'web';
  readonly version: string;
  /** SEALDESK_DATA_DIR and friends; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Electron: a native open dialog. Without it documents.pick offers the recent list. */
  readonly pickFiles?: (multiple: boolean) => Promise<string[]>;
  /** Token drivers to list instead of the registry (tests: the SoftHSM2 module). */
  readonly tokenModules?: readonly string[];
  readonly signing?: SigningDeps & {
    readonly openSigner?: (identity: SigningIdentity) => Promise<Signer>;
  };
  readonly fonts?: FontProvider;
  /**
   * How often the background task retries the augment queue (documents signed below their
   * level while a TSA or revocation source was down); 0 turns it off. Default 10 minutes.
   */
  readonly augmentIntervalMs?: number;
}

export interface SealdeskHost {
  /** One function per contract method, taking parsed input (tests and the doors use call()). */
  readonly implementation: HostImplementation;
  /** Parses `input` with the method's schema, runs it, and answers with a Result value. */
  call(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: HostListener): () => void;
  lang(): Promise<Lang>;
  dispose(): Promise<void>;
}

const isMethod = (m: string): m is MethodName => Object.hasOwn(contract, m);

const iso = (d: Date) => d.toISOString();
const anchorOf = (a: {
  fingerprint: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  selfSigned: boolean;
}): TrustAnchor => ({ ...a, notBefore: iso(a.notBefore), notAfter: iso(a.notAfter) });

/** Runs synchronous work as a promise (a throw becomes a rejection). */
const later = <T>(f: () => T): Promise<T> => Promise.resolve().then(f);

const exists = async (p: string) => (await stat(p).catch(() => undefined)) !== undefined;

async function freeName(dir: string, stem: string, ext: string): Promise<string> {
  for (let n = 1; ; n++) {
    const p = join(dir, `${stem}${n === 1 ? '' : `-${n}`}${ext}`);
    if (!(await exists(p))) return p;
  }
}

/** The contract's spec (no custodian) is a subset of main/seals' SealSpec. */
const coreSpec = (s: SealSpec): CoreSealSpec => s;

const MAX_SEAL_IMAGE_BYTES = 50 * 1024 * 1024;

export function createSealdeskHost(options: SealdeskHostOptions): SealdeskHost {
  const env = options.env ?? process.env;
  const dataDir = defaultDataDir(env);
  const settings = new UiSettingsStore(dataDir, { lang: 'zh-CN' });
  const documents = new DocumentRegistry();
  const seals = new SealLibrary(join(dataDir, 'seals'));
  const listeners = new Set<HostListener>();
  const emit: HostListener = (event, payload) => {
    for (const l of listeners) {
      try {
        l(event, payload);
      } catch {
        // a door that cannot deliver an event does not stop the work
      }
    }
  };
  const lang = async (): Promise<Lang> => (await settings.read()).lang;
  const intents = new IntentStore({
    ...options.signing,
    dataDir,
    settings,
    seals,
    pathOf: (docId) => documents.get(docId).path,
    emit: (p) => emit('sign.progress', p),
  });
  const interval = options.augmentIntervalMs ?? 10 * 60_000;
  const augmentTask =
    interval > 0
      ? startAugmentTask({
          dataDir,
          intervalMs: interval,
          ...(options.signing?.secrets ? { secrets: options.signing.secrets } : {}),
        })
      : undefined;
  const seal = (spec: SealSpec) =>
    generateSeal(coreSpec(spec), options.fonts ? { fonts: options.fonts } : {});
  const docPath = (ref: { docId: string } | { path: string }) =>
    'docId' in ref ? documents.get(ref.docId).path : resolve(ref.path);

  const remember = async (path: string) => {
    await settings.update((s) => ({
      ...s,
      recent: [
        { path, name: basename(path), openedAt: new Date().toISOString() },
        ...s.recent.filter((r) => r.path !== path),
      ].slice(0, 20),
    }));
  };
  const recent = async () =>
    Promise.all(
      (await settings.read()).recent.map(async (r) => ({ ...r, exists: await exists(r.path) })),
    );

  const verifyOne = async (file: string): Promise<DocumentVerification> => {
    const { results } = await verifyFiles({
      inputs: [file],
      env,
      onResult: (r, done, total) => emit('verify.progress', { file: r.file, done, total }),
    });
    const [r] = results;
    if (!r) throw hostErrors('DOC_NOT_A_FILE', { file, reason: 'no result' });
    return r;
  };

  const implementation: HostImplementation = {
    'app.info': async () => ({
      version: options.version,
      lang: await lang(),
      door: options.door,
      os: process.platform,
    }),
    'settings.get': async () => ({ lang: await lang() }),
    'settings.set': async (patch) => {
      const s = await settings.update((s) => ({
        ...s,
        ...(patch.lang ? { lang: patch.lang } : {}),
      }));
      return { lang: s.lang };
    },
    'tsa.list': async () => ({ tsas: (await readLtvSettings(dataDir)).tsas }),
    'tsa.set': async ({ tsas }) => ({ tsas: (await writeTsaList(dataDir, tsas)).tsas }),

    'documents.openPath': async ({ path, revisionLength }) => {
      const doc = await documents.open(
        path,
        revisionLength !== undefined ? { revisionLength } : {},
      );
      if (revisionLength === undefined) await remember(doc.path);
      return doc;
    },
    'documents.pick': async ({ multiple }) => {
      const paths = options.pickFiles ? await options.pickFiles(multiple ?? false) : [];
      return { paths, dialog: options.pickFiles !== undefined, recent: await recent() };
    },
    'documents.info': async ({ docId }) => {
      const d = documents.get(docId);
      const pdf = await documents.pdf(docId);
      const pageCount = await pdf.pageCount();
      const [firstPage] = pageCount > 0 ? await documents.pages(docId, 1, 1) : [];
      return {
        docId,
        name: d.name,
        size: d.size,
        pageCount,
        firstPage: firstPage ?? null,
        encrypted: pdf.security !== undefined,
        revisions: pdf.revisions.length,
        signatureCount: await documents.signatureCount(docId),
      };
    },
    'documents.pages': async ({ docId, from, count }) => ({
      pages: await documents.pages(docId, from, count),
    }),
    'documents.readRange': async ({ docId, offset, length }) => ({
      offset,
      bytes: await documents.readRange(docId, offset, length),
    }),
    'documents.close': async ({ docId }) => {
      await documents.close(docId);
      return {};
    },
    'documents.recent': async () => ({ recent: await recent() }),

    'seals.list': async () => ({ seals: (await seals.list()).map(sealSummaryOf) }),
    'seals.create': async ({ spec }) => sealSummaryOf(await seals.add(seal(spec))),
    'seals.import': async ({ path, name, widthMm }) => {
      const abs = resolve(path);
      const ext = extname(abs).toLowerCase();
      if (ext === '.json') return sealSummaryOf(await seals.import(abs));
      if (!['.png', '.jpg', '.jpeg'].includes(ext))
        throw hostErrors('SEAL_IMPORT_TYPE', { file: abs });
      const st = await stat(abs).catch((e: NodeJS.ErrnoException) => {
        throw hostErrors('DOC_NOT_A_FILE', { file: abs, reason: e.code ?? 'unreadable' }, e);
      });
      if (!st.isFile() || st.size > MAX_SEAL_IMAGE_BYTES)
        throw hostErrors('SEAL_IMPORT_TYPE', { file: abs });
      const imported = importSealImage(await readFile(abs), basename(abs), {
        ...(name ? { name } : {}),
        ...(widthMm ? { widthMm } : {}),
      });
      return sealSummaryOf(await seals.add(imported.seal));
    },
    'seals.delete': async ({ id }) => {
      await seals.delete(id);
      return {};
    },
    'seals.rename': async ({ id, name }) => sealSummaryOf(await seals.rename(id, name)),
    'seals.export': async ({ id, path }) => {
      const abs = resolve(path);
      // A typed path must not silently replace a file (the CLI's -o may, as its usage says).
      if (await exists(abs)) throw hostErrors('SEAL_EXPORT_EXISTS', { file: abs });
      await seals.export(id, abs);
      return { path: abs };
    },
    'seals.add': async ({ path }) => sealSummaryOf(await seals.import(resolve(path))),
    'seals.preview': async (input) => ({
      svg: sealToSvg('id' in input ? await seals.get(input.id) : seal(input.spec)),
    }),

    'identities.list': async () => {
      const s = await settings.read();
      const l = await lang();
      const view = options.signing?.pkcs11?.viewTokenFlags;
      const modules = await listTokenModules({
        dataDir,
        ...(options.tokenModules ? { modules: options.tokenModules } : {}),
        ...(view ? { viewTokenFlags: view } : {}),
      });
      return {
        p12: s.p12.map((p) => ({ kind: 'p12' as const, ...p })),
        modules: modules.map((m) => ({
          path: m.path,
          present: m.present,
          error: m.error ? (l === 'en' ? m.error.message : m.error.messageZh) : null,
          tokens: m.tokens.map((t) => ({
            modulePath: t.modulePath,
            label: t.label,
            manufacturer: t.manufacturer,
            model: t.model,
            serial: t.serial,
            pin: pinFlagsOf(t.flags),
            keys: t.keys.map((k) => ({
              keyIdHex: k.keyIdHex,
              keyLabel: k.keyLabel ?? null,
              keyType: k.keyType,
              certificate: certificateOf(k.certificate),
            })),
          })),
        })),
      };
    },
    'identities.addP12': async ({ path, passphrase }) => {
      const abs = resolve(path);
      // The passphrase opens the file once to read the certificate; it is not kept.
      const signer = await Pkcs12Signer.fromFile(abs, passphrase);
      let entry;
      try {
        const [leaf] = await signer.certificates();
        if (!leaf) throw hostErrors('P12_NO_CERTIFICATE', { file: abs });
        entry = {
          path: abs,
          name: basename(abs),
          certificate: certificateOf(summarizeCertificate(leaf)),
        };
      } finally {
        await signer.close?.();
      }
      const e = entry;
      await settings.update((s) => ({ ...s, p12: [...s.p12.filter((p) => p.path !== abs), e] }));
      return { kind: 'p12' as const, ...e };
    },
    'identities.removeP12': async ({ path }) => {
      const abs = resolve(path);
      await settings.update((s) => ({ ...s, p12: s.p12.filter((p) => p.path !== abs) }));
      return {};
    },

    'sign.prepare': async (input) => intents.prepare(input, await lang()),
    'sign.run': async ({ intentId, secret, confirmFinalTry }) =>
      intents.run(intentId, secret, confirmFinalTry, await lang()),
    'sign.cancel': ({ intentId }) => later(() => (intents.cancel(intentId), {})),
    'sign.discard': ({ intentId }) => later(() => (intents.discard(intentId), {})),

    'verify.run': async (ref) => {
      const l = await lang();
      const r = await verifyOne(docPath(ref));
      const verification = VerificationSchema.parse(toVerificationJson(r, l));
      const sentences = r.error
        ? [l === 'en' ? r.error.messageEn : r.error.messageZh]
        : r.signatures.map((s) => (l === 'en' ? s.messageEn : s.messageZh));
      const revisionLengths = await signedRevisionLengths(
        docPath(ref),
        verification.signatures.map((s) => s.revision),
      );
      return { verification, sentences, revisionLengths };
    },
    'verify.folder': async ({ path, recursive }) => ({
      results: await verifyFolder(path, {
        recursive: recursive ?? false,
        lang: await lang(),
        env,
        onResult: (r, done, total) => emit('verify.progress', { file: r.file, done, total }),
      }),
    }),
    'verify.report': async ({ document, format, lang: reportLang, output }) => {
      const file = docPath(document);
      const out = output
        ? resolve(output)
        : await freeName(
            dirname(file),
            `${basename(file, extname(file))}.verification`,
            `.${format}`,
          );
      if (output && (await exists(out))) throw hostErrors('REPORT_EXISTS', { file: out });
      const r = await verifyOne(file);
      await writeVerificationReport([r], out, reportLang ?? (await lang()));
      return { path: out };
    },

    'trust.list': () => later(() => ({ anchors: openTrustStore(env).list().map(anchorOf) })),
    'trust.import': ({ path }) =>
      later(() => {
        const r = openTrustStore(env).import(resolve(path));
        return {
          added: r.added.map(anchorOf),
          alreadyTrusted: r.alreadyTrusted.map(anchorOf),
          skipped: r.skipped.map((s) => ({ file: s.file, reason: s.reason })),
        };
      }),
    'trust.remove': ({ fingerprint }) =>
      later(() => anchorOf(openTrustStore(env).remove(fingerprint))),
  };

  const fail = (e: SealdeskError, l: Lang): Result<never> => ({
    ok: false,
    error: { code: e.code, message: e.localized(l), category: e.category },
  });

  return {
    implementation,
    async call(method, input) {
      const l = await lang().catch((): Lang => 'zh-CN');
      if (typeof method !== 'string' || !isMethod(method)) {
        return fail(
          hostErrors('CONTRACT_UNKNOWN_METHOD', { method: String(method).slice(0, 80) }),
          l,
        );
      }
      const parsed = contract[method].input.safeParse(input);
      if (!parsed.success) {
        // Say where the message is wrong, never what it held (it may hold a secret).
        const issue = parsed.error.issues[0];
        const problem = issue ? `${issue.path.join('.') || 'input'}: ${issue.code}` : 'invalid';
        return fail(hostErrors('CONTRACT_INVALID_INPUT', { method, problem }), l);
      }
      try {
        const run = implementation[method] as (i: unknown) => Promise<unknown>;
        return { ok: true, value: await run(parsed.data) };
      } catch (e) {
        return fail(asSealdeskError(e), l);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    lang,
    dispose: async () => {
      await augmentTask?.stop();
      await documents.closeAll();
    },
  };
}
