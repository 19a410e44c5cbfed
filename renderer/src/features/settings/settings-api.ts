/** The settings feature's calls to main: language and the trust store. */
import type { Lang } from '../../../../preload/contract';
import { invoke } from '../../app/contract-client';

export const settingsApi = {
  info: () => invoke('app.info', {}),
  setLang: (lang: Lang) => invoke('settings.set', { lang }),
  trustList: () => invoke('trust.list', {}),
  trustImport: (path: string) => invoke('trust.import', { path }),
  trustRemove: (fingerprint: string) => invoke('trust.remove', { fingerprint }),
};
