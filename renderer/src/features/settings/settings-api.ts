/** The settings feature's calls to main: language, time-stamping authorities, the trust store. */
import type { Lang, TsaList } from '../../../../preload/contract';
import { invoke } from '../../app/contract-client';

export const settingsApi = {
  info: () => invoke('app.info', {}),
  setLang: (lang: Lang) => invoke('settings.set', { lang }),
  tsaList: () => invoke('tsa.list', {}),
  tsaSet: (tsas: TsaList['tsas']) => invoke('tsa.set', { tsas }),
  trustList: () => invoke('trust.list', {}),
  trustImport: (path: string) => invoke('trust.import', { path }),
  trustRemove: (fingerprint: string) => invoke('trust.remove', { fingerprint }),
};
