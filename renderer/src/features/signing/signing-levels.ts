/**
 * The PAdES levels (ETSI EN 319 142-1 §6) the signing panel offers, and which the host can do
 * now: B-B needs nothing but the key; B-T needs a timestamp service, B-LT revocation data too,
 * B-LTA a document timestamp as well. Until the host can reach a TSA from the UI, those are
 * shown disabled with the reason (the host refuses them with SIGN_LEVEL_UNAVAILABLE anyway).
 */
import type { MessageKey } from '../../i18n/i18n';
import type { PadesLevel } from './signing-store';

export interface LevelChoice {
  readonly level: PadesLevel;
  readonly describe: MessageKey;
  /** Why it cannot be chosen now; undefined when it can. */
  readonly unavailable: MessageKey | undefined;
}

export const LEVELS: readonly LevelChoice[] = [
  { level: 'B-B', describe: 'sign.level.bb', unavailable: undefined },
  { level: 'B-T', describe: 'sign.level.bt', unavailable: 'sign.level.needsTsa' },
  { level: 'B-LT', describe: 'sign.level.blt', unavailable: 'sign.level.needsTsa' },
  { level: 'B-LTA', describe: 'sign.level.blta', unavailable: 'sign.level.needsTsa' },
];
