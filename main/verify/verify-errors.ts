/**
 * Error catalogue of main/verify.
 *
 * Owns: the errors verification throws when an input cannot be read at all (garbage bytes,
 * unreadable policy or trust files). A signature that parses but fails a check is NOT an
 * error: it is a Verdict (see indications.ts).
 * Must never: carry secrets; messages name files and reasons only.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const verifyError = defineErrors({
  VERIFY_CMS_MALFORMED: {
    category: 'input',
    en: 'The signature data ({what}) is not valid CMS (RFC 5652): {reason}. The signature is damaged or was not made by a CMS signer; ask the sender for a new copy.',
    zh: '签名数据（{what}）不是有效的 CMS（RFC 5652）结构：{reason}。签名已损坏或并非由 CMS 签名工具生成，请向发送方索取新的副本。',
  },
  VERIFY_OCSP_MALFORMED: {
    category: 'input',
    en: 'The OCSP response ({what}) cannot be read: {reason}. It is damaged; fetch a new response from the CA.',
    zh: 'OCSP 响应（{what}）无法读取：{reason}。该响应已损坏，请从 CA 重新获取。',
  },
  VERIFY_CRL_MALFORMED: {
    category: 'input',
    en: 'The certificate revocation list ({what}) cannot be read: {reason}. It is damaged; download a new CRL from the CA.',
    zh: '证书吊销列表（{what}）无法读取：{reason}。该列表已损坏，请从 CA 重新下载。',
  },
  VERIFY_CERT_MALFORMED: {
    category: 'input',
    en: 'The certificate ({what}) cannot be read: {reason}. Check that the file holds a PEM or DER X.509 certificate.',
    zh: '证书（{what}）无法读取：{reason}。请确认文件中是 PEM 或 DER 格式的 X.509 证书。',
  },
  VERIFY_POLICY_UNREADABLE: {
    category: 'input',
    en: 'The algorithm policy file {file} cannot be used: {reason}. Fix the file (see resources/policy/default-policy.json for the format) or remove the option.',
    zh: '算法策略文件 {file} 无法使用：{reason}。请修正该文件（格式见 resources/policy/default-policy.json）或去掉该选项。',
  },
  TRUST_FILE_UNREADABLE: {
    category: 'input',
    en: 'The trust anchor file {file} cannot be read: {reason}. Give a PEM, DER or P7B certificate file, or a folder of them.',
    zh: '信任锚文件 {file} 无法读取：{reason}。请提供 PEM、DER 或 P7B 证书文件，或包含这些文件的文件夹。',
  },
  TRUST_NO_CERTIFICATES: {
    category: 'input',
    en: 'No certificate was found in {file}. Give a PEM, DER or P7B certificate file, or a folder of them.',
    zh: '在 {file} 中没有找到证书。请提供 PEM、DER 或 P7B 证书文件，或包含这些文件的文件夹。',
  },
  TRUST_NOT_FOUND: {
    category: 'usage',
    en: 'No trusted certificate has the fingerprint {fingerprint}. List the trust store to see the fingerprints.',
    zh: '信任库中没有指纹为 {fingerprint} 的证书。请先列出信任库查看指纹。',
  },
  TRUST_STORE_WRITE_FAILED: {
    category: 'io',
    en: 'The trust store in {folder} cannot be written: {reason}. Check the disk space and the folder permissions.',
    zh: '无法写入信任库 {folder}：{reason}。请检查磁盘空间和文件夹权限。',
  },
});
