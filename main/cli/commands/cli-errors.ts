/**
 * Errors of the command line itself (usage, missing secrets, questions nobody can answer).
 * Owns: the CLI_* catalogue. Must never: carry a secret in params (names of variables only).
 */
import { defineErrors } from '../../errors/sealdesk-error';

export const cliErrors = defineErrors({
  CLI_USAGE: {
    category: 'usage',
    en: '{problem}. Run "sealdesk {command} --help" for usage.',
    zh: '{problem}。运行“sealdesk {command} --help”查看用法。',
  },
  CLI_SECRET_MISSING: {
    category: 'usage',
    en: 'No {what} given and no terminal to ask on. Put it in an environment variable and pass {flag} VAR.',
    zh: '未提供{what}，且当前没有终端可以询问。请把它放进环境变量，并使用 {flag} 变量名。',
  },
  CLI_ENV_MISSING: {
    category: 'usage',
    en: 'The environment variable {name} named by {flag} is not set.',
    zh: '{flag} 指定的环境变量 {name} 未设置。',
  },
  CLI_TOKEN_DRIVER_UNKNOWN: {
    category: 'key',
    en: 'No known token driver sees a token labelled "{token}". Insert the token, or name its driver with --module PATH (see "sealdesk tokens").',
    zh: '已知的令牌驱动均未发现标签为“{token}”的令牌。请插入令牌，或用 --module 路径 指定其驱动（参见“sealdesk tokens”）。',
  },
  CLI_CONFIRMATION_NEEDED: {
    category: 'usage',
    en: 'Signing {count} documents needs your confirmation, and there is no terminal to ask on. Check the list above and pass --yes.',
    zh: '签署 {count} 份文档需要您的确认，但当前没有终端可以询问。请核对上面的清单后使用 --yes。',
  },
  CLI_DECLINED: {
    category: 'cancelled',
    en: 'You did not confirm. Nothing was signed.',
    zh: '您未确认。未签署任何内容。',
  },
  CLI_KEYCHAIN_SECRET_MISSING: {
    category: 'key',
    en: 'The keychain holds no {kind} named "{name}". Store it with "sealdesk keychain set {name} --kind {kindFlag}".',
    zh: '钥匙串中没有名为“{name}”的{kindZh}。请用“sealdesk keychain set {name} --kind {kindFlag}”保存。',
  },
  CLI_SECRET_EMPTY: {
    category: 'usage',
    en: 'The {what} to store is empty. Nothing was stored.',
    zh: '要保存的{what}为空。未保存任何内容。',
  },
});
