/**
 * Errors raised while talking to PKCS#11 modules and tokens (main/pkcs11).
 *
 * Owns: the catalogue of PKCS11_* codes. Token return codes (CKR_*) reach the user through
 * `{reasonEn}` / `{reasonZh}` sentences from ./return-codes, never as bare numbers.
 * Must never: carry a PIN (or its length) in params; params hold paths, labels, counts, flags.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const pkcs11Errors = defineErrors({
  PKCS11_MODULE_LOAD_FAILED: {
    category: 'key',
    en: 'Cannot use the token driver {path}: {reasonEn}. Check the driver path in Settings > Tokens, or reinstall the token software from its vendor.',
    zh: '无法使用令牌驱动 {path}：{reasonZh}。请在“设置 > 令牌”中检查驱动路径，或从厂商处重新安装令牌软件。',
  },
  PKCS11_MODULE_PATH_INVALID: {
    category: 'usage',
    en: 'The token driver path "{path}" is not an absolute path to a file. Give the full path of the PKCS#11 library (.so, .dylib or .dll).',
    zh: '令牌驱动路径“{path}”不是文件的绝对路径。请填写 PKCS#11 库（.so、.dylib 或 .dll）的完整路径。',
  },
  PKCS11_SETTINGS_WRITE_FAILED: {
    category: 'io',
    en: 'Cannot save the token driver list to {file}: {reason}. Check that the folder is writable.',
    zh: '无法将令牌驱动列表保存到 {file}：{reason}。请检查该文件夹是否可写。',
  },
  PKCS11_TOKEN_NOT_FOUND: {
    category: 'key',
    en: 'No token labelled "{label}" is present in {path}. Tokens present: {available}. Insert the token or choose one of these.',
    zh: '驱动 {path} 中没有标签为“{label}”的令牌。当前存在的令牌：{available}。请插入该令牌或从中选择一个。',
  },
  PKCS11_KEY_NOT_FOUND: {
    category: 'key',
    en: 'The token "{token}" has no signing key {key}. Keys on it: {available}. Choose one of these.',
    zh: '令牌“{token}”上没有签名密钥 {key}。令牌上的密钥：{available}。请从中选择一个。',
  },
  PKCS11_KEY_AMBIGUOUS: {
    category: 'usage',
    en: 'The token "{token}" has {count} keys labelled "{key}". Choose the key by its id instead: {available}.',
    zh: '令牌“{token}”上有 {count} 个标签为“{key}”的密钥。请改用密钥 ID 选择：{available}。',
  },
  PKCS11_CERTIFICATE_NOT_FOUND: {
    category: 'key',
    en: 'The key {key} on token "{token}" has no certificate with the same id (CKA_ID) on the token. Import the certificate onto the token with its vendor tool.',
    zh: '令牌“{token}”上的密钥 {key} 没有相同 ID（CKA_ID）的证书。请使用厂商工具将证书导入令牌。',
  },
  PKCS11_PIN_LOCKED: {
    category: 'key',
    en: 'The user PIN of token "{token}" is locked. Sealdesk made no attempt. Unlock it with the security officer PIN using the vendor tool.',
    zh: '令牌“{token}”的用户 PIN 已被锁定。Sealdesk 未做任何尝试。请使用厂商工具以管理员（SO）PIN 解锁。',
  },
  PKCS11_PIN_FINAL_TRY_UNCONFIRMED: {
    category: 'key',
    en: 'Token "{token}" allows only one more PIN attempt: a wrong PIN will lock it. Sealdesk made no attempt; confirm that you want to use the last try.',
    zh: '令牌“{token}”只剩最后一次 PIN 尝试机会：输错将锁定令牌。Sealdesk 未做任何尝试；请确认要使用最后一次机会。',
  },
  PKCS11_PIN_REQUIRED: {
    category: 'usage',
    en: 'Token "{token}" needs a PIN to log in, and none was given. Enter the PIN.',
    zh: '登录令牌“{token}”需要 PIN，但未提供。请输入 PIN。',
  },
  PKCS11_PIN_INCORRECT: {
    category: 'key',
    en: 'The PIN for token "{token}" is incorrect. {triesEn}',
    zh: '令牌“{token}”的 PIN 不正确。{triesZh}',
  },
  PKCS11_NOT_LOGGED_IN: {
    category: 'usage',
    en: 'Token "{token}" is not logged in. Enter the PIN before signing.',
    zh: '尚未登录令牌“{token}”。请在签署前输入 PIN。',
  },
  PKCS11_CONTEXT_PIN_REQUIRED: {
    category: 'usage',
    en: 'The key {key} on token "{token}" asks for its PIN again for every signature, and no PIN prompt is available. Sign interactively.',
    zh: '令牌“{token}”上的密钥 {key} 每次签名都需要再次输入 PIN，但当前无法提示输入。请以交互方式签署。',
  },
  PKCS11_CANCELLED: {
    category: 'cancelled',
    en: 'Signing with token "{token}" was cancelled at the PIN prompt. Nothing was signed.',
    zh: '已在 PIN 输入时取消使用令牌“{token}”签署。未签署任何内容。',
  },
  PKCS11_SCHEME_UNSUPPORTED: {
    category: 'key',
    en: 'The key {key} on token "{token}" cannot sign with {scheme}. It offers: {available}.',
    zh: '令牌“{token}”上的密钥 {key} 不支持 {scheme} 签名。它支持：{available}。',
  },
  PKCS11_TOKEN_REMOVED: {
    category: 'key',
    en: 'Token "{token}" was removed or its session was lost ({reasonEn}). Nothing was signed. Insert the token and sign again.',
    zh: '令牌“{token}”已被拔出或会话已丢失（{reasonZh}）。未签署任何内容。请插入令牌后重新签署。',
  },
  PKCS11_SIGNER_CLOSED: {
    category: 'usage',
    en: 'The connection to token "{token}" was already closed. Open the token again to sign.',
    zh: '与令牌“{token}”的连接已关闭。请重新打开令牌后签署。',
  },
  PKCS11_OPERATION_FAILED: {
    category: 'key',
    en: 'Token "{token}" refused to {operation}: {reasonEn}.',
    zh: '令牌“{token}”拒绝{operationZh}：{reasonZh}。',
  },
});

export type Pkcs11ErrorCode = keyof typeof pkcs11Errors.definitions;
