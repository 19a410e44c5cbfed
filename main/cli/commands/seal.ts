/**
 * `sealdesk seal create|import|list|add|rename|delete|export`, and the seal flags of `sealdesk sign` (--seal, --page,
 * --at, --paging-seal, --pages, --date-stamp, ...) turned into a SignatureAppearance.
 *
 * Owns: argument parsing and printing. Seal drawing, image import and the library are in
 * main/seals; placing seals on pages is in main/sign. Nothing is written before every input has
 * been checked (an error leaves no SEAL.json, preview or library entry behind).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultDataDir } from '../../host/data-dir';
import {
  SealLibrary,
  generateSeal,
  importSealImage,
  parseSeal,
  sealError,
  sealToPng,
  sealToSvg,
  serializeSeal,
  writeFileAtomic,
  type Seal,
  type SealSpec,
} from '../../host/seals';
import type { SignatureAppearance } from '../../sign/appearance-plan';
import { t, type CliIo } from '../cli-io';
import type { ParsedCommand, SEAL_OPTIONS } from '../command-table';
import { cliErrors } from './cli-errors';

/** The seal library folder: --library, else <data folder>/seals. */
export function sealLibraryDir(io: CliIo, library: string | undefined): string {
  return library ?? join(defaultDataDir(io.env), 'seals');
}

export async function sealCommand(
  cmd: ParsedCommand<typeof SEAL_OPTIONS>,
  io: CliIo,
): Promise<number> {
  const [sub, ...positionals] = cmd.positionals;
  const v = cmd.values;
  const usage = (en: string, zh: string) =>
    cliErrors('CLI_USAGE', { problem: t(io, zh, en), command: 'seal' });
  const number = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0)
      throw usage(`${flag} must be a positive number of millimetres`, `${flag} 必须是正的毫米数`);
    return n;
  };

  switch (sub) {
    case 'create': {
      if (!v.output) throw usage('Missing -o SEAL.json', '缺少 -o SEAL.json');
      const type = v.type ?? 'round';
      const size = number('--size', v.size);
      const name = v.name !== undefined ? { name: v.name } : {};
      const org = v.org ?? '';
      let spec: SealSpec;
      switch (type) {
        case 'round':
          spec = {
            type,
            organisation: org,
            ...opt('title', v.title),
            ...opt('code', v.code),
            ...(size ? { sizeMm: size } : {}),
            ...name,
          };
          break;
        case 'oval':
          spec = {
            type,
            organisation: org,
            ...opt('title', v.title),
            ...opt('code', v.code),
            ...(size ? { widthMm: size, heightMm: (size * 2) / 3 } : {}),
            ...name,
          };
          break;
        case 'square':
          spec = { type, personName: org, ...(size ? { sizeMm: size } : {}), ...name };
          break;
        case 'signature':
          spec = { type, text: org, ...(size ? { heightMm: size } : {}), ...name };
          break;
        default:
          throw usage(
            '--type must be round, oval, square or signature',
            '--type 只能是 round、oval、square 或 signature',
          );
      }
      const seal = generateSeal(spec);
      // Render the previews first: a failure then leaves nothing behind.
      const svg = v.svg !== undefined ? sealToSvg(seal) : undefined;
      const png = v.png !== undefined ? sealToPng(seal) : undefined;
      await writeFileAtomic(v.output, serializeSeal(seal));
      if (svg !== undefined && v.svg) await writeFileAtomic(v.svg, svg);
      if (png !== undefined && v.png) await writeFileAtomic(v.png, png);
      printSeal(io, seal, v.output, !!v.json);
      return 0;
    }
    case 'import': {
      if (positionals.length !== 1)
        throw usage('Give exactly one scanned image', '请指定且只指定一个扫描图片');
      if (!v.output) throw usage('Missing -o SEAL.json', '缺少 -o SEAL.json');
      const scan = positionals[0]!;
      let bytes: Buffer;
      try {
        bytes = await readFile(scan);
      } catch (e) {
        throw sealError('SEAL_IMAGE_UNSUPPORTED', { file: scan }, e);
      }
      const widthMm = number('--width-mm', v['width-mm']);
      const imported = importSealImage(bytes, scan, {
        ...(widthMm !== undefined ? { widthMm } : {}),
        ...(v.name !== undefined ? { name: v.name } : {}),
        ...(v.org !== undefined ? { organisation: v.org } : {}),
      });
      await writeFileAtomic(v.output, serializeSeal(imported.seal));
      if (v.png) await writeFileAtomic(v.png, imported.previewPng);
      printSeal(io, imported.seal, v.output, !!v.json);
      return 0;
    }
    case 'list': {
      const library = new SealLibrary(sealLibraryDir(io, v.library));
      const seals = await library.list();
      if (v.json) {
        io.stdout.write(
          JSON.stringify({ ok: true, library: library.root, seals: seals.map(summary) }, null, 2) +
            '\n',
        );
      } else if (seals.length === 0) {
        io.stdout.write(
          t(io, `印章库 ${library.root} 中没有印章。\n`, `No seals in ${library.root}.\n`),
        );
      } else {
        for (const s of seals)
          io.stdout.write(
            `${s.id}  ${s.type.padEnd(9)} ${String(s.sizeMm.width)}x${String(s.sizeMm.height)} mm  ${s.name}\n`,
          );
      }
      return 0;
    }
    case 'add': {
      if (positionals.length !== 1)
        throw usage('Give exactly one SEAL.json', '请指定且只指定一个 SEAL.json');
      const library = new SealLibrary(sealLibraryDir(io, v.library));
      const seal = await library.import(positionals[0]!);
      printSeal(io, seal, join(library.root, seal.id), !!v.json);
      return 0;
    }
    case 'rename': {
      if (positionals.length !== 2)
        throw usage('Give the seal ID and the new NAME', '请指定印章编号和新名称');
      const [id, name] = positionals as [string, string];
      if (name.trim().length > MAX_SEAL_NAME)
        throw usage(
          `The name has ${name.trim().length} characters; a seal name has at most ${MAX_SEAL_NAME}`,
          `名称有 ${name.trim().length} 个字；印章名称最多 ${MAX_SEAL_NAME} 个字`,
        );
      const library = new SealLibrary(sealLibraryDir(io, v.library));
      const before = await library.get(id);
      const seal = await library.rename(id, name);
      if (v.json) {
        const out = { ok: true, previousName: before.name, seal: summary(seal) };
        io.stdout.write(JSON.stringify(out, null, 2) + '\n');
      } else {
        io.stdout.write(
          t(
            io,
            `印章 ${id} 已改名：“${before.name}” → “${seal.name}”\n`,
            `Seal ${id} renamed: "${before.name}" -> "${seal.name}"\n`,
          ),
        );
      }
      return 0;
    }
    case 'delete': {
      if (positionals.length !== 1)
        throw usage('Give exactly one seal ID', '请指定且只指定一个印章编号');
      const id = positionals[0]!;
      const library = new SealLibrary(sealLibraryDir(io, v.library));
      const seal = await library.get(id);
      await library.delete(id);
      if (v.json) {
        io.stdout.write(JSON.stringify({ ok: true, deleted: summary(seal) }, null, 2) + '\n');
      } else {
        io.stdout.write(
          t(
            io,
            `已从印章库删除印章“${seal.name}”（${id}）。\n`,
            `Deleted the seal "${seal.name}" (${id}) from the library.\n`,
          ),
        );
      }
      return 0;
    }
    case 'export': {
      if (positionals.length !== 1)
        throw usage('Give exactly one seal ID', '请指定且只指定一个印章编号');
      if (!v.output) throw usage('Missing -o SEAL.json', '缺少 -o SEAL.json');
      const id = positionals[0]!;
      const library = new SealLibrary(sealLibraryDir(io, v.library));
      const seal = await library.get(id);
      await library.export(id, v.output);
      printSeal(io, seal, v.output, !!v.json);
      return 0;
    }
    default:
      throw usage(
        `Unknown seal command "${sub}": use create, import, list, add, rename, delete or export`,
        `未知的 seal 子命令“${sub}”：请使用 create、import、list、add、rename、delete 或 export`,
      );
  }
}

/** A seal name's length, as the UI contract allows it (preload/contract seals.rename). */
const MAX_SEAL_NAME = 60;

const opt = <K extends string>(k: K, v: string | undefined): Partial<Record<K, string>> =>
  (v !== undefined ? { [k]: v } : {}) as Partial<Record<K, string>>;

function summary(s: Seal) {
  return {
    id: s.id,
    name: s.name,
    type: s.type,
    organisation: s.organisation ?? null,
    sizeMm: s.sizeMm,
    source: s.source,
    createdAt: s.createdAt,
  };
}

function printSeal(io: CliIo, seal: Seal, where: string, json: boolean): void {
  if (json) {
    io.stdout.write(JSON.stringify({ ok: true, file: where, seal: summary(seal) }, null, 2) + '\n');
    return;
  }
  io.stdout.write(
    t(
      io,
      `印章：${seal.name}（${seal.sizeMm.width} x ${seal.sizeMm.height} 毫米）\n  已写入：${where}\n`,
      `Seal: ${seal.name} (${seal.sizeMm.width} x ${seal.sizeMm.height} mm)\n  written: ${where}\n`,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The seal flags of `sealdesk sign`.

interface ArgToken {
  readonly kind: string;
  readonly name?: string;
  readonly value?: string | undefined;
}

/**
 * Builds the appearance from the sign command's tokens: --page/--at pairs in order; a pair after
 * --date-stamp places the date stamp. Returns undefined when no seal flag was given.
 */
export async function appearanceFromArgs(
  io: CliIo,
  tokens: readonly ArgToken[],
  values: {
    seal?: string | undefined;
    pages?: string | undefined;
    'date-format'?: string | undefined;
    'time-zone'?: string | undefined;
    'paging-seal'?: boolean | undefined;
    'seal-text'?: boolean | undefined;
  },
): Promise<SignatureAppearance | undefined> {
  const usage = (en: string, zh: string) =>
    cliErrors('CLI_USAGE', { problem: t(io, zh, en), command: 'sign' });
  const placements: Array<{ page: number; xMm: number; yMm: number }> = [];
  let dateStamp: { page: number; xMm: number; yMm: number } | undefined;
  let inDate = false;
  let page: number | undefined;
  for (const tok of tokens) {
    if (tok.kind !== 'option') continue;
    if (tok.name === 'date-stamp') inDate = true;
    else if (tok.name === 'page') {
      if (page !== undefined)
        throw usage('--page N must be followed by --at X,Y', '--page N 后必须跟 --at X,Y');
      const n = Number(tok.value);
      if (!Number.isInteger(n) || n < 1)
        throw usage(
          `--page ${tok.value ?? ''}: give a page number from 1`,
          `--page ${tok.value ?? ''}：页码从 1 开始`,
        );
      page = n;
    } else if (tok.name === 'at') {
      if (page === undefined)
        throw usage('--at X,Y must follow --page N', '--at X,Y 必须跟在 --page N 之后');
      const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(tok.value ?? '');
      if (!m)
        throw usage(
          `--at ${tok.value ?? ''}: give X,Y in millimetres, e.g. 150,240`,
          `--at ${tok.value ?? ''}：请以毫米给出 X,Y，如 150,240`,
        );
      const p = { page, xMm: Number(m[1]), yMm: Number(m[2]) };
      if (inDate) {
        if (dateStamp)
          throw usage('Only one --date-stamp placement', '只能有一个 --date-stamp 位置');
        dateStamp = p;
      } else placements.push(p);
      page = undefined;
    }
  }
  if (page !== undefined)
    throw usage('--page N must be followed by --at X,Y', '--page N 后必须跟 --at X,Y');
  if (inDate && !dateStamp)
    throw usage('--date-stamp needs --page N --at X,Y', '--date-stamp 需要 --page N --at X,Y');
  if (!values.seal && !values['paging-seal'] && placements.length === 0 && !dateStamp)
    return undefined;
  if (!values.seal && (placements.length > 0 || values['paging-seal']))
    throw usage('Seal placements need --seal SEAL.json', '盖章位置需要 --seal SEAL.json');
  if (values.pages !== undefined && !values['paging-seal'])
    throw usage('--pages belongs to --paging-seal', '--pages 只用于 --paging-seal');
  let seal: Seal | undefined;
  if (values.seal) {
    let text: string;
    try {
      text = await readFile(values.seal, 'utf8');
    } catch (e) {
      throw sealError(
        'SEAL_FILE_INVALID',
        { file: values.seal, reason: (e as NodeJS.ErrnoException).code ?? 'unreadable' },
        e,
      );
    }
    seal = parseSeal(text, values.seal);
  }
  const timeZone = values['time-zone'];
  const format = values['date-format'];
  const dateOpts = {
    ...(format !== undefined ? { format } : {}),
    ...(timeZone !== undefined ? { timeZone } : {}),
  };
  return {
    ...(seal ? { seal } : {}),
    placements,
    ...(values['paging-seal']
      ? { pagingSeal: { pages: parsePages(values.pages ?? 'all', usage) } }
      : {}),
    ...(dateStamp ? { dateStamp: { ...dateStamp, ...dateOpts } } : {}),
    ...(values['seal-text'] ? { textLine: { signerName: true, date: true, ...dateOpts } } : {}),
  };
}

function parsePages(text: string, usage: (en: string, zh: string) => Error): 'all' | number[] {
  if (text === 'all') return 'all';
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m)
      throw usage(
        `--pages ${text}: use all, 1-5 or 1,3,5`,
        `--pages ${text}：请使用 all、1-5 或 1,3,5`,
      );
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (a < 1 || b < a || b - a > 1000)
      throw usage(
        `--pages ${text}: use all, 1-5 or 1,3,5`,
        `--pages ${text}：请使用 all、1-5 或 1,3,5`,
      );
    for (let i = a; i <= b; i++) out.push(i);
  }
  return out;
}
