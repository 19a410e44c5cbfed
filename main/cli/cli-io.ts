/**
 * What a CLI command may touch of the outside world, passed in so tests can drive commands
 * in-process: streams, environment, language, a secret prompt and a cancel signal.
 */
import type { Lang } from '../i18n/locale';

export interface CliIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly lang: Lang;
  /** True when a person can answer prompts (stdin and stderr are terminals). */
  readonly interactive: boolean;
  /** Asks for a secret without echoing it; undefined when not interactive. */
  readonly promptSecret?: (question: string) => Promise<string>;
  /** Asks a question with a visible answer (yes/no); absent: the process terminal is used. */
  readonly ask?: (question: string) => Promise<string>;
  /** The whole of stdin when it is piped; absent: the process stdin is read. */
  readonly readStdin?: () => Promise<string>;
  readonly signal: AbortSignal;
}

/** Picks the text for the current language. */
export const t = (io: Pick<CliIo, 'lang'>, zh: string, en: string): string =>
  io.lang === 'en' ? en : zh;
