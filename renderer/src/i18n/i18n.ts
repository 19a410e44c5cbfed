/**
 * Translation: `t(key, params)` over the catalogue of the session's language, and a hook that
 * re-renders when the language changes. Owns: the language state of the UI. Must never: show a
 * key or a hard-coded string instead of a catalogue entry.
 */
import { create } from 'zustand';
import type { Lang } from '../../../preload/contract';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-cn';

export type { MessageKey };
export const catalogues: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Params = Readonly<Record<string, string | number>>;

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  return catalogues[lang][key].replace(/\{(\w+)\}/g, (m, k: string) =>
    params[k] === undefined ? m : String(params[k]),
  );
}

interface LangState {
  readonly lang: Lang;
  readonly setLang: (lang: Lang) => void;
}

export const useLangStore = create<LangState>((set) => ({
  lang: 'zh-CN',
  setLang: (lang) => set({ lang }),
}));

export type Translate = (key: MessageKey, params?: Params) => string;

/** The translate function of the current language (re-renders on a language change). */
export function useT(): Translate {
  const lang = useLangStore((s) => s.lang);
  return (key, params) => translate(lang, key, params);
}

/** Dates and numbers in the user's locale. */
export const formatDate = (lang: Lang, iso: string): string =>
  new Date(iso).toLocaleDateString(lang === 'en' ? 'en-GB' : 'zh-CN');
export const formatBytes = (lang: Lang, n: number): string => {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toLocaleString(lang, { maximumFractionDigits: 1 })} ${units[u]}`;
};
