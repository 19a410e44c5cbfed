/**
 * Long-term validation use cases for the doors: the TSA list (settings file in the data folder,
 * plus per-run URLs, with basic credentials from the OS keychain), the persistent augment queue,
 * augmenting and renewing files and folders, and the app's background task that retries the
 * queue when the services answer again.
 *
 * Owns: `<data folder>/ltv-settings.json` ({ tsas: [{ url, user? }], crl?, renewWithinDays? })
 * read with a schema and its TSA list written atomically, the keychain entry a TSA password lives under (kind 'tsa-credential',
 * name = the URL), and the timer of the background task.
 * Must never: store a TSA password anywhere but the keychain, log one, or run two queue passes
 * at once.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { TsaEndpoint, TsaOptions } from '../cms/tsa-client';
import type { SecretStore } from '../keychain/secret-store';
import { augmentPdf, type AugmentResult, type LongTermLevel } from '../ltv/augment';
import { runAugmentQueue, type QueueItemResult } from '../ltv/augment-queue';
import { LtvQueue } from '../ltv/ltv-queue';
import { checkRenewal, type RenewalCheck } from '../ltv/renewal';
import type { RevocationFetchOptions } from '../ltv/revocation-fetcher';
import { writeFileAtomic } from '../seals';
import { loadAlgorithmPolicy } from '../verify/algorithm-policy';

const SettingsSchema = z.object({
  tsas: z.array(z.object({ url: z.string().url(), user: z.string().optional() })).default([]),
  crl: z.enum(['fallback', 'always', 'never']).default('fallback'),
  renewWithinDays: z.number().int().positive().default(90),
});
export type LtvSettings = z.infer<typeof SettingsSchema>;

export interface LtvHostOptions {
  readonly dataDir: string;
  /** Per-run TSA URLs (`--tsa`), tried before the configured ones. */
  readonly tsaUrls?: readonly string[];
  readonly secrets?: SecretStore;
  /** Injected HTTP transport and clock for tests. */
  readonly revocation?: Omit<RevocationFetchOptions, 'cacheDir'>;
  readonly tsaTimeoutMs?: number;
}

export async function readLtvSettings(dataDir: string): Promise<LtvSettings> {
  let raw: unknown = {};
  try {
    raw = JSON.parse(await readFile(join(dataDir, 'ltv-settings.json'), 'utf8'));
  } catch {
    raw = {};
  }
  const parsed = SettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : SettingsSchema.parse({});
}

/** Replaces the TSA list in ltv-settings.json, keeping its other settings; written atomically. */
export async function writeTsaList(
  dataDir: string,
  tsas: LtvSettings['tsas'],
): Promise<LtvSettings> {
  const next = SettingsSchema.parse({ ...(await readLtvSettings(dataDir)), tsas });
  await mkdir(dataDir, { recursive: true });
  await writeFileAtomic(join(dataDir, 'ltv-settings.json'), JSON.stringify(next, null, 2) + '\n');
  return next;
}

/** The TSA list with failover: per-run URLs first, then the settings file's. */
export async function tsaOptionsFor(opts: LtvHostOptions): Promise<TsaOptions> {
  const settings = await readLtvSettings(opts.dataDir);
  const tsas: TsaEndpoint[] = (opts.tsaUrls ?? []).map((url) => ({ url }));
  for (const t of settings.tsas) {
    if (tsas.some((x) => x.url === t.url)) continue;
    const secret =
      t.user && opts.secrets
        ? await opts.secrets.get({ kind: 'tsa-credential', name: t.url }).catch(() => undefined)
        : undefined;
    tsas.push(
      t.user && secret
        ? { url: t.url, credentials: { user: t.user, password: secret.toString('utf8') } }
        : { url: t.url },
    );
    secret?.fill(0);
  }
  return { tsas, ...(opts.tsaTimeoutMs ? { timeoutMs: opts.tsaTimeoutMs } : {}) };
}

export async function revocationOptionsFor(opts: LtvHostOptions): Promise<RevocationFetchOptions> {
  const settings = await readLtvSettings(opts.dataDir);
  return {
    crl: settings.crl,
    cacheDir: join(opts.dataDir, 'revocation-cache'),
    ...opts.revocation,
  };
}

export const ltvQueue = (dataDir: string): LtvQueue => new LtvQueue(dataDir);

/** PDF files given as files or folders (folders: *.pdf, recursively). */
export async function pdfFilesIn(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string, depth: number): Promise<void> => {
    const st = await stat(p);
    if (st.isFile()) out.push(resolve(p));
    else if (st.isDirectory() && depth < 32)
      for (const e of (await readdir(p)).sort())
        if (!e.startsWith('.')) {
          const child = join(p, e);
          const cs = await stat(child);
          if (cs.isDirectory() || e.toLowerCase().endsWith('.pdf')) await walk(child, depth + 1);
        }
  };
  for (const p of paths) await walk(p, 0);
  return out;
}

/** Raises the given files to `level` in place. Failures are results, not exceptions. */
export async function augmentFiles(
  files: readonly string[],
  level: LongTermLevel,
  opts: LtvHostOptions & { readonly renew?: boolean },
): Promise<
  ({ file: string } & ({ ok: true; result: AugmentResult } | { ok: false; error: unknown }))[]
> {
  const tsa = await tsaOptionsFor(opts);
  const revocation = await revocationOptionsFor(opts);
  const results = [];
  for (const file of files) {
    try {
      const result = await augmentPdf({
        input: file,
        level,
        tsa,
        revocation,
        ...(opts.renew ? { renew: true } : {}),
      });
      await ltvQueue(opts.dataDir).remove(file);
      results.push({ file, ok: true as const, result });
    } catch (error) {
      results.push({ file, ok: false as const, error });
    }
  }
  return results;
}

export async function augmentQueued(opts: LtvHostOptions): Promise<QueueItemResult[]> {
  return runAugmentQueue(ltvQueue(opts.dataDir), {
    tsa: await tsaOptionsFor(opts),
    revocation: await revocationOptionsFor(opts),
  });
}

export async function checkRenewals(
  files: readonly string[],
  opts: LtvHostOptions & { readonly withinDays?: number },
): Promise<RenewalCheck[]> {
  const settings = await readLtvSettings(opts.dataDir);
  const policy = loadAlgorithmPolicy();
  const out: RenewalCheck[] = [];
  for (const f of files)
    out.push(
      await checkRenewal(f, { withinDays: opts.withinDays ?? settings.renewWithinDays, policy }),
    );
  return out;
}

export interface AugmentTask {
  /** Resolves when the current pass (if any) has finished. */
  stop(): Promise<void>;
  /** Runs a pass now (skipped when one is running). */
  runNow(): Promise<QueueItemResult[]>;
}

/**
 * The app's background task: every `intervalMs`, one pass over the queue (documents whose TSA
 * or revocation sources are still unreachable stay queued for the next pass).
 */
export function startAugmentTask(
  opts: LtvHostOptions & {
    readonly intervalMs: number;
    readonly onPass?: (results: readonly QueueItemResult[]) => void;
    readonly onError?: (e: unknown) => void;
  },
): AugmentTask {
  let running: Promise<QueueItemResult[]> | undefined;
  const pass = (): Promise<QueueItemResult[]> => {
    if (running) return running;
    running = augmentQueued(opts)
      .then((r) => {
        opts.onPass?.(r);
        return r;
      })
      .catch((e: unknown) => {
        opts.onError?.(e);
        return [];
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void pass(), opts.intervalMs);
  timer.unref();
  return {
    runNow: pass,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
