/** The language switch (top bar and settings page). */
import { Select } from 'antd';
import type { Lang } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';
import { useLanguage } from './use-language';

export function LanguageSelect({ id }: { readonly id?: string }) {
  const t = useT();
  const { lang, change } = useLanguage();
  const options: { value: Lang; label: string }[] = [
    { value: 'zh-CN', label: t('lang.zh-CN') },
    { value: 'en', label: t('lang.en') },
  ];
  return (
    <Select<Lang>
      {...(id ? { id } : {})}
      aria-label={t('topbar.language')}
      data-testid="language-select"
      value={lang}
      options={options}
      onChange={(v) => void change(v)}
      style={{ width: 120 }}
    />
  );
}
