/** Switching the language: saved in main (the session's language for messages) and shown. */
import type { Lang } from '../../../../preload/contract';
import { useAction } from '../../app/use-action';
import { useLangStore } from '../../i18n/i18n';
import { settingsApi } from './settings-api';

export function useLanguage() {
  const lang = useLangStore((s) => s.lang);
  const { run } = useAction();
  const change = (next: Lang) =>
    run(async () => {
      const s = await settingsApi.setLang(next);
      useLangStore.getState().setLang(s.lang);
    });
  return { lang, change };
}
