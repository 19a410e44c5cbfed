/**
 * Error catalogue of the PDF standard security handler (ISO 32000-2 §7.6): passwords and
 * encryption the reader cannot open.
 *
 * Owns: the codes and the en / zh-CN messages; each names the file, what is wrong and what to do.
 * Must never: put a password, a key or any derived secret into params or messages.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const securityError = defineErrors({
  PDF_PASSWORD_REQUIRED: {
    category: 'input',
    en: '{file} is encrypted and needs its open password: pass --password-env VAR (the name of an environment variable holding it) or type it when asked.',
    zh: '{file} 已加密，需要打开密码：请使用 --password-env 变量名（该环境变量中保存密码）传入，或在提示时输入。',
  },
  PDF_PASSWORD_WRONG: {
    category: 'input',
    en: 'The password given for {file} is neither its open (user) password nor its owner password. Check the password and try again.',
    zh: '为 {file} 提供的密码既不是打开（用户）密码，也不是所有者密码。请检查密码后重试。',
  },
  PDF_ENCRYPTION_UNSUPPORTED: {
    category: 'input',
    en: '{file} uses encryption Sealdesk cannot open ({reason}). Remove the encryption with the program that made it, or ask the sender for an unencrypted copy.',
    zh: '{file} 使用了 Sealdesk 无法打开的加密方式（{reason}）。请用生成它的程序去除加密，或向发送者索取未加密的副本。',
  },
  PDF_ENCRYPTION_DAMAGED: {
    category: 'input',
    en: '{file} has a damaged encryption dictionary ({reason}), so it cannot be decrypted. Ask the sender for an intact copy.',
    zh: '{file} 的加密字典已损坏（{reason}），无法解密。请向发送者索取完好的副本。',
  },
});
