/**
 * The UI's settings file (`<data folder>/ui-settings.json`): language, the PKCS#12 files the
 * user added (path + certificate summary only) and the recent documents.
 *
 * Owns: reading with defaults and writing atomically. Must never: store a PIN, a passphrase or
 * any key material; a damaged file falls back to defaults rather than blocking the app.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../seals';

const CertificateSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialHex: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
  isCa: z.boolean(),
});

export const UiSettingsSchema = z.object({
  lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  p12: z
    .array(z.object({ path: z.string(), name: z.string(), certificate: CertificateSchema }))
    .default([]),
  recent: z
    .array(z.object({ path: z.string(), name: z.string(), openedAt: z.string() }))
    .default([]),
});
export type UiSettings = z.infer<typeof UiSettingsSchema>;

export const MAX_RECENT = 20;

export class UiSettingsStore {
  readonly file: string;
  private cached: UiSettings | undefined;

  constructor(
    dataDir: string,
    private readonly defaults: Partial<UiSettings> = {},
  ) {
    this.file = join(dataDir, 'ui-settings.json');
  }

  async read(): Promise<UiSettings> {
    if (this.cached) return this.cached;
    let raw: unknown = {};
    try {
      raw = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      raw = {};
    }
    const parsed = UiSettingsSchema.safeParse({ ...this.defaults, ...(raw as object) });
    this.cached = parsed.success ? parsed.data : UiSettingsSchema.parse(this.defaults);
    return this.cached;
  }

  async update(change: (s: UiSettings) => UiSettings): Promise<UiSettings> {
    const next = UiSettingsSchema.parse(change(await this.read()));
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2) + '\n');
    this.cached = next;
    return next;
  }
}
