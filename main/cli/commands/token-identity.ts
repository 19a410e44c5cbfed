/**
 * Turning `--pkcs11 --module --token --key|--key-id --pin-env --confirm-final-try` into a token
 * identity for main/host, and the final-try question.
 *
 * Owns: finding the driver (named, or the known driver that sees the token), choosing the key
 * (named, or the only one on the token), the PIN source (environment variable or a prompt that
 * first shows the token's PIN flags in words), the per-signature PIN of CKA_ALWAYS_AUTHENTICATE
 * keys, and asking "use the last try?" when the host refuses with
 * PKCS11_PIN_FINAL_TRY_UNCONFIRMED.
 * Must never: print, log or keep a PIN; the Buffers made here are zeroed by main/host.
 */
import { isSealdeskError } from '../../errors/sealdesk-error';
import { defaultDataDir } from '../../host/data-dir';
import type { Pkcs11Identity, Pkcs11KeyLocation } from '../../host/signing';
import { keysOnToken, moduleForToken } from '../../host/tokens';
import { t, type CliIo } from '../cli-io';
import { cliErrors } from './cli-errors';
import { confirm, pinFlagsInWords } from './interaction';

export interface TokenArgs {
  readonly module?: string | undefined;
  readonly token?: string | undefined;
  readonly key?: string | undefined;
  readonly keyId?: string | undefined;
  readonly pinEnv?: string | undefined;
  readonly confirmFinalTry?: boolean | undefined;
}

const usage = (io: CliIo, en: string, zh: string, command: string) =>
  cliErrors('CLI_USAGE', { problem: t(io, zh, en), command });

export async function tokenLocation(
  io: CliIo,
  args: TokenArgs,
  command: string,
): Promise<Pkcs11KeyLocation> {
  const tokenLabel = args.token;
  if (!tokenLabel) throw usage(io, 'Missing --token LABEL', '缺少 --token 令牌标签', command);
  if (args.key !== undefined && args.keyId !== undefined) {
    throw usage(io, 'Give --key or --key-id, not both', '--key 与 --key-id 只能指定其一', command);
  }
  const modulePath = args.module ?? (await moduleForToken(tokenLabel, defaultDataDir(io.env)));
  if (!modulePath) {
    throw cliErrors('CLI_TOKEN_DRIVER_UNKNOWN', { token: tokenLabel });
  }
  if (args.key !== undefined)
    return { kind: 'pkcs11', modulePath, tokenLabel, key: { label: args.key } };
  if (args.keyId !== undefined) {
    return { kind: 'pkcs11', modulePath, tokenLabel, key: { idHex: args.keyId } };
  }
  // No key named: the only certified key on the token, or a clear list to choose from.
  const keys = keysOnToken(modulePath, tokenLabel);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only) return { kind: 'pkcs11', modulePath, tokenLabel, key: { idHex: only.keyIdHex } };
  // Let the token report the missing / ambiguous key with its own catalogue message.
  if (keys.length === 0) return { kind: 'pkcs11', modulePath, tokenLabel, key: { idHex: '' } };
  const list = keys.map((k) => `--key-id ${k.keyIdHex} (${k.keyLabel ?? '?'})`).join(', ');
  throw usage(
    io,
    `Token "${tokenLabel}" holds ${keys.length} keys; choose one: ${list}`,
    `令牌“${tokenLabel}”上有 ${keys.length} 个密钥；请选择其一：${list}`,
    command,
  );
}

/** A fresh PIN Buffer from the variable each time one is needed (main/host zeroes it). */
function envPin(io: CliIo, name: string): () => Buffer {
  if (io.env[name] === undefined) throw cliErrors('CLI_ENV_MISSING', { name, flag: '--pin-env' });
  return () => Buffer.from(io.env[name] ?? '', 'utf8');
}

export function tokenIdentity(
  io: CliIo,
  location: Pkcs11KeyLocation,
  args: TokenArgs,
): Pkcs11Identity {
  const token = location.tokenLabel;
  const fromEnv = args.pinEnv !== undefined ? envPin(io, args.pinEnv) : undefined;
  const prompt = io.interactive ? io.promptSecret : undefined;
  return {
    ...location,
    confirmFinalTry: args.confirmFinalTry === true,
    // Whether a PIN can be had is checked only when one is needed (a PIN pad needs none).
    pin: async (state) => {
      if (fromEnv) return fromEnv();
      if (!prompt) {
        throw cliErrors('CLI_SECRET_MISSING', {
          what: t(io, '令牌 PIN', 'token PIN'),
          flag: '--pin-env',
        });
      }
      const words = pinFlagsInWords(io, state.flags).join(t(io, '；', '; '));
      io.stderr.write(t(io, `令牌“${token}”：${words}\n`, `Token "${token}": ${words}\n`));
      return Buffer.from(
        await prompt(t(io, `请输入令牌“${token}”的 PIN：`, `PIN for token "${token}": `)),
        'utf8',
      );
    },
    contextPin: async (request) => {
      if (fromEnv) return fromEnv();
      if (!prompt) return undefined;
      return Buffer.from(
        await prompt(
          t(
            io,
            `密钥 ${request.key} 每次签名都需要 PIN。请再次输入令牌“${token}”的 PIN：`,
            `Key ${request.key} asks for the PIN at every signature. PIN for token "${token}" again: `,
          ),
        ),
        'utf8',
      );
    },
  };
}

/**
 * Runs `open` with the identity; when the token is at its final PIN try and that was not
 * confirmed, asks the person (on a terminal) and runs it once more with the confirmation.
 */
export async function withFinalTryQuestion<T>(
  io: CliIo,
  identity: Pkcs11Identity,
  open: (identity: Pkcs11Identity) => Promise<T>,
): Promise<T> {
  try {
    return await open(identity);
  } catch (e) {
    if (!isSealdeskError(e, 'PKCS11_PIN_FINAL_TRY_UNCONFIRMED') || !io.interactive) throw e;
    io.stderr.write(`${e.localized(io.lang)}\n`);
    const yes = await confirm(
      io,
      t(
        io,
        `令牌“${identity.tokenLabel}”只剩最后一次 PIN 尝试，输错将锁定令牌。确定要继续吗？`,
        `Token "${identity.tokenLabel}" has one PIN try left; a wrong PIN locks it. Use the last try?`,
      ),
    );
    if (!yes) throw e;
    return open({ ...identity, confirmFinalTry: true });
  }
}
