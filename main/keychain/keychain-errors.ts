/**
 * Errors raised by the secret store (main/keychain).
 *
 * Owns: the KEYCHAIN_* catalogue. Must never: carry a secret, or any part of one, in params;
 * params name the secret (kind and name), the service and the reason only.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const keychainErrors = defineErrors({
  KEYCHAIN_UNAVAILABLE: {
    category: 'io',
    en: 'No keychain service is running ({detail}); Sealdesk will ask each time and never writes secrets to a file.',
    zh: '没有正在运行的钥匙串服务（{detail}）；Sealdesk 将每次询问，且绝不会把机密写入文件。',
  },
  KEYCHAIN_TOKEN_PIN_NOT_ALLOWED: {
    category: 'usage',
    en: 'Sealdesk does not keep token PINs unless you turn on "Remember token PINs" in Settings. The PIN for {name} was not stored.',
    zh: '除非在“设置”中开启“记住令牌 PIN”，Sealdesk 不会保存令牌 PIN。{name} 的 PIN 未被保存。',
  },
  KEYCHAIN_NAME_INVALID: {
    category: 'usage',
    en: 'The secret name "{name}" is empty or too long (at most 200 characters). Use a shorter name.',
    zh: '机密名称“{name}”为空或过长（最多 200 个字符）。请使用更短的名称。',
  },
  KEYCHAIN_OPERATION_FAILED: {
    category: 'io',
    en: 'The keychain could not {operation} the {kind} "{name}": {reason}. Unlock the keychain and try again.',
    zh: '钥匙串无法{operationZh}{kindZh}“{name}”：{reason}。请解锁钥匙串后重试。',
  },
});
