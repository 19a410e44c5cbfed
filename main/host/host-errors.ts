/**
 * The errors of the application host (main/host/sealdesk-host.ts and its host-*.ts parts).
 * Owns: codes a door shows when the contract is misused or a host-level rule refuses a call.
 * Must never: include a PIN, passphrase or document content in a message.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const hostErrors = defineErrors({
  CONTRACT_INVALID_INPUT: {
    category: 'usage',
    en: 'The request {method} was malformed ({problem}). Nothing was done; reload the window and try again.',
    zh: '请求 {method} 格式不正确（{problem}）。未执行任何操作；请重新加载窗口后再试。',
  },
  CONTRACT_UNKNOWN_METHOD: {
    category: 'usage',
    en: 'Sealdesk has no operation called {method}. Reload the window; if it persists, update Sealdesk.',
    zh: 'Sealdesk 没有名为 {method} 的操作。请重新加载窗口；如仍出现，请更新 Sealdesk。',
  },
  DOC_NOT_OPEN: {
    category: 'usage',
    en: 'The document {docId} is not open (it was closed). Open the file again.',
    zh: '文档 {docId} 未打开（已被关闭）。请重新打开该文件。',
  },
  DOC_NOT_A_FILE: {
    category: 'input',
    en: 'Cannot open {file}: {reason}. Choose an existing PDF file.',
    zh: '无法打开 {file}：{reason}。请选择一个存在的 PDF 文件。',
  },
  DOC_REVISION_BEYOND_END: {
    category: 'input',
    en: 'Cannot show the signed version of {file}: the revision ends at byte {length} but the file has only {size} bytes. Verify the file again; it may have been truncated.',
    zh: '无法显示 {file} 的签署版本：该修订版结束于第 {length} 字节，但文件只有 {size} 字节。请重新验证该文件，它可能已被截断。',
  },
  DOC_TOO_MANY_OPEN: {
    category: 'usage',
    en: 'Already {count} documents are open. Close some tabs before opening {file}.',
    zh: '已打开 {count} 个文档。请先关闭一些标签页，再打开 {file}。',
  },
  INTENT_NOT_FOUND: {
    category: 'usage',
    en: 'This signing confirmation has expired or was already used. Prepare the signature again.',
    zh: '此签署确认已过期或已使用。请重新准备签署。',
  },
  INTENT_BUSY: {
    category: 'usage',
    en: 'This signing is already running. Wait for it to finish or cancel it.',
    zh: '此签署正在进行中。请等待完成或取消。',
  },
  SIGN_SECRET_MISSING: {
    category: 'key',
    en: 'Enter the {what} to sign with {identity}.',
    zh: '请输入{whatZh}以使用 {identity} 签署。',
  },
  SIGN_NO_SEAL_FOR_PLACEMENT: {
    category: 'usage',
    en: 'Seal placements were given but no seal was chosen. Choose a seal from the library.',
    zh: '已指定印章位置，但未选择印章。请从印章库中选择一枚印章。',
  },
  SIGN_CERTIFICATE_CHANGED: {
    category: 'key',
    en: 'The PKCS#12 file {file} now holds a different certificate from the one you confirmed. Nothing was signed; add the file again.',
    zh: 'PKCS#12 文件 {file} 中的证书与您确认的证书不同。未签署任何内容；请重新添加该文件。',
  },
  SIGN_KEY_NOT_FOUND: {
    category: 'key',
    en: 'No key {key} on token {token}. Check the token is inserted and choose the key again.',
    zh: '令牌 {token} 上没有密钥 {key}。请确认令牌已插入并重新选择密钥。',
  },
  P12_NOT_ADDED: {
    category: 'usage',
    en: 'The PKCS#12 file {file} is not in your identities. Add it in Identities first.',
    zh: 'PKCS#12 文件 {file} 不在您的签名身份中。请先在“签名身份”中添加。',
  },
  P12_NO_CERTIFICATE: {
    category: 'key',
    en: 'The PKCS#12 file {file} holds no certificate. Ask your CA for a file with the certificate.',
    zh: 'PKCS#12 文件 {file} 中没有证书。请向 CA 索取包含证书的文件。',
  },
  SEAL_IMPORT_TYPE: {
    category: 'input',
    en: 'Cannot import {file} as a seal. Choose a PNG or JPEG scan, or a SEAL.json file.',
    zh: '无法将 {file} 导入为印章。请选择 PNG 或 JPEG 扫描件，或 SEAL.json 文件。',
  },
  SEAL_EXPORT_EXISTS: {
    category: 'io',
    en: '{file} already exists; Sealdesk does not overwrite it. Choose another name or folder.',
    zh: '{file} 已存在；Sealdesk 不会覆盖它。请换一个名称或文件夹。',
  },
  REPORT_EXISTS: {
    category: 'io',
    en: 'The report {file} already exists; Sealdesk does not overwrite it. Choose another name.',
    zh: '报告 {file} 已存在；Sealdesk 不会覆盖它。请换一个名称。',
  },
});
