/**
 * Language choice for messages. Owns: mapping an environment (LC_ALL/LC_MESSAGES/LANG) or an
 * explicit choice to one of the two supported languages. zh-CN is the product default.
 */
export type Lang = 'zh-CN' | 'en';

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

export function parseLang(value: string | undefined): Lang | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  if (v.startsWith('zh')) return 'zh-CN';
  if (v.startsWith('en') || v === 'c' || v.startsWith('c.') || v === 'posix') return 'en';
  return undefined;
}

/** The language the environment asks for; zh-CN when it says nothing we understand. */
export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  for (const key of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const lang = parseLang(env[key]);
    if (lang) return lang;
  }
  return 'zh-CN';
}
