/**
 * Error catalogue of long-term validation data (main/ltv): fetching revocation data, adding a DSS.
 *
 * Owns: the codes and messages main/ltv raises across its boundary.
 * Must never: carry credentials or document contents in params (file names, URLs, reasons only).
 */
import { defineErrors } from '../errors/sealdesk-error';

export const ltvError = defineErrors({
  LTV_EMPTY_CHAIN: {
    category: 'usage',
    en: 'No certificate was given to fetch revocation data for. Pass the signer certificate first, then its issuers.',
    zh: '未提供需要获取吊销信息的证书。请先传入签名证书，再传入其颁发者证书。',
  },
  LTV_BAD_CERTIFICATE: {
    category: 'input',
    en: 'Certificate {index} of the chain could not be read ({reason}). Check the signature or certificate file.',
    zh: '证书链中第 {index} 个证书无法读取（{reason}）。请检查签名或证书文件。',
  },
  LTV_DAMAGED_PDF: {
    category: 'input',
    en: '{file} had to be repaired to be read, so long-term validation data cannot be appended safely. Ask the sender for an undamaged copy.',
    zh: '{file} 需要修复才能读取，因此无法安全地追加长期验证数据。请向发送方索取未损坏的副本。',
  },
  LTV_ENCRYPTED_PDF: {
    category: 'usage',
    en: '{file} is encrypted; adding long-term validation data to encrypted files is not supported yet. Decrypt a copy first.',
    zh: '{file} 已加密，暂不支持向加密文件添加长期验证数据。请先解密一份副本。',
  },
  LTV_INPUT_CHANGED: {
    category: 'io',
    en: '{file} changed while long-term validation data was being added. Nothing was written; try again when no other program writes the file.',
    zh: '添加长期验证数据时 {file} 被修改。未写入任何内容；请在没有其他程序写入该文件时重试。',
  },
  LTV_CANCELLED: {
    category: 'cancelled',
    en: 'Adding long-term validation data to {file} was cancelled. Nothing was written.',
    zh: '已取消向 {file} 添加长期验证数据。未写入任何内容。',
  },
  LTV_NOTHING_TO_ADD: {
    category: 'usage',
    en: 'There is no validation data to add to {file}. Fetch certificates and revocation data first.',
    zh: '没有可添加到 {file} 的验证数据。请先获取证书和吊销信息。',
  },
  LTV_TOKEN_TOO_LARGE: {
    category: 'internal',
    en: 'The time-stamp token for {file} ({bytes} bytes) did not fit the space reserved ({hole} bytes), even after one retry. Nothing was written; try again or report this.',
    zh: '{file} 的时间戳令牌（{bytes} 字节）超出预留空间（{hole} 字节），重试一次后仍然如此。未写入任何内容；请重试或报告此问题。',
  },
  LTV_LEVEL_UNREACHABLE: {
    category: 'io',
    en: '{file} could not be raised to PAdES {level}: {reason}. Nothing was written; it stays queued and is retried when the services are reachable.',
    zh: '无法将 {file} 提升到 PAdES {level}：{reason}。未写入任何内容；该文件仍在队列中，服务可用时会自动重试。',
  },
  LTV_NO_SIGNATURE: {
    category: 'usage',
    en: '{file} has no signature to add long-term validation data for. Sign it first.',
    zh: '{file} 中没有签名，无法添加长期验证数据。请先签署。',
  },
  LTV_CHECK_FAILED: {
    category: 'internal',
    en: 'The augmented copy of {file} did not pass the check ({reason}). Nothing was replaced; report this.',
    zh: '{file} 的增强副本未通过检查（{reason}）。未替换任何文件；请报告此问题。',
  },
  LTV_QUEUE_DAMAGED: {
    category: 'io',
    en: 'The long-term validation queue {file} could not be read ({reason}). Fix or remove the file; the documents themselves are untouched.',
    zh: '长期验证队列文件 {file} 无法读取（{reason}）。请修复或删除该文件；文档本身未受影响。',
  },
  LTV_TOO_LARGE: {
    category: 'input',
    en: '{file} is larger than a PDF timestamp can cover (9.9 GB). Split the document.',
    zh: '文件 {file} 超出 PDF 时间戳可覆盖的大小（9.9 GB）。请拆分文档。',
  },
});
