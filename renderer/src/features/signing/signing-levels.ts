/**
 * The PAdES levels (ETSI EN 319 142-1 §6) the signing panel offers, and which can be chosen now:
 * B-B needs nothing but the key; B-T needs a time-stamping authority (TSA), B-LT revocation data
 * too (fetched from the certificates' OCSP/CRL addresses when signing), B-LTA a document
 * timestamp as well. With no TSA configured (Settings), B-T and above are shown disabled with
 * the reason; main refuses them with SIGN_NO_TSA anyway.
 */
import type { MessageKey } from '../../i18n/i18n';
import type { PadesLevel } from './signing-store';

export interface LevelChoice {
  readonly level: PadesLevel;
  readonly describe: MessageKey;
  /** Why it cannot be chosen now; undefined when it can. */
  readonly unavailable: MessageKey | undefined;
}

const DESCRIBE: Record<PadesLevel, MessageKey> = {
  'B-B': 'sign.level.bb',
  'B-T': 'sign.level.bt',
  'B-LT': 'sign.level.blt',
  'B-LTA': 'sign.level.blta',
};

/** The four levels; all but B-B disabled while no TSA is configured. */
export function levelChoices(tsaCount: number): readonly LevelChoice[] {
  return (Object.keys(DESCRIBE) as PadesLevel[]).map((level) => ({
    level,
    describe: DESCRIBE[level],
    unavailable: level !== 'B-B' && tsaCount === 0 ? 'sign.level.needsTsa' : undefined,
  }));
}
