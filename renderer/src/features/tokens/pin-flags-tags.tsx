/** The PIN flags of a token as tags: tries low, final try, locked, PIN pad. */
import { Tag } from 'antd';
import type { PinFlags } from '../../../../preload/contract';
import { useT } from '../../i18n/i18n';

export function PinFlagsTags({ pin }: { readonly pin: PinFlags }) {
  const t = useT();
  if (pin.locked) return <Tag color="red">{t('identities.pin.locked')}</Tag>;
  return (
    <>
      {pin.finalTry && <Tag color="red">{t('identities.pin.finalTry')}</Tag>}
      {pin.countLow && !pin.finalTry && <Tag color="orange">{t('identities.pin.countLow')}</Tag>}
      {pin.protectedAuthenticationPath && <Tag color="blue">{t('identities.pin.pad')}</Tag>}
      {!pin.finalTry && !pin.countLow && <Tag color="green">{t('identities.pin.ok')}</Tag>}
    </>
  );
}
