/**
 * Error catalogue for software keys and signing certificates (PKCS#12 files, certificate
 * suitability checks).
 *
 * Owns: the codes and the en / zh messages for opening a .p12/.pfx and for refusing a
 * certificate that must not sign.
 * Must never: take a passphrase (or any part of one) as a param; messages name the file and
 * the certificate subject only.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const keyError = defineErrors({
  P12_NOT_FOUND: {
    category: 'input',
    en: 'The key file {file} does not exist. Check the path, or import the .p12/.pfx file again.',
    zh: '密钥文件 {file} 不存在。请检查路径，或重新导入 .p12/.pfx 文件。',
  },
  P12_READ_FAILED: {
    category: 'io',
    en: 'The key file {file} could not be read ({reason}). Check that you may read it and that the disk is available.',
    zh: '无法读取密钥文件 {file}（{reason}）。请检查读取权限以及磁盘是否可用。',
  },
  P12_UNREADABLE: {
    category: 'input',
    en: '{file} is not a PKCS#12 (.p12/.pfx) key file, or it is damaged. Export the key and certificate again as PKCS#12.',
    zh: '{file} 不是 PKCS#12（.p12/.pfx）密钥文件，或文件已损坏。请重新将密钥和证书导出为 PKCS#12。',
  },
  P12_WRONG_PASSPHRASE: {
    category: 'key',
    en: 'The passphrase for {file} is not correct. Please try again; it is the password set when the file was exported.',
    zh: '{file} 的密码不正确。请重试；该密码是导出此文件时设置的密码。',
  },
  P12_NO_KEY: {
    category: 'key',
    en: '{file} holds no private key, only certificates, so it cannot sign. Export the file again with its private key.',
    zh: '{file} 中没有私钥（只有证书），无法用于签名。请连同私钥重新导出该文件。',
  },
  P12_NO_MATCHING_CERT: {
    category: 'key',
    en: 'The private key in {file} has no matching certificate in the file, so nobody could verify its signatures. Export the key together with its certificate.',
    zh: '{file} 中的私钥在文件内没有对应的证书，其签名将无法被验证。请将私钥与其证书一起导出。',
  },
  P12_UNSUPPORTED_KEY: {
    category: 'key',
    en: 'The key in {file} is a {keyType} key, which Sealdesk cannot sign with yet. Use an RSA or EC key.',
    zh: '{file} 中的密钥类型为 {keyType}，Sealdesk 暂不支持用它签名。请使用 RSA 或 EC 密钥。',
  },
  SIGNER_SCHEME_UNSUPPORTED: {
    category: 'internal',
    en: 'The key in {file} was asked for a {scheme} signature it cannot make. This is a bug; please report it.',
    zh: '要求 {file} 中的密钥生成其不支持的 {scheme} 签名。这是程序缺陷，请报告。',
  },
  CERT_UNREADABLE: {
    category: 'input',
    en: 'The certificate {where} could not be read ({reason}). Import the certificate again.',
    zh: '无法读取证书 {where}（{reason}）。请重新导入证书。',
  },
  CERT_EXPIRED: {
    category: 'key',
    en: 'The certificate {where} expired on {date}. Signatures made with it would not be valid; renew the certificate with your CA.',
    zh: '证书 {where} 已于 {date} 过期，用它签名将无效。请向您的 CA 申请更新证书。',
  },
  CERT_NOT_YET_VALID: {
    category: 'key',
    en: "The certificate {where} is valid only from {date}. Wait until then, or check that this computer's clock is right.",
    zh: '证书 {where} 自 {date} 起才生效。请到时再签名，或检查本机时钟是否正确。',
  },
  CERT_KEY_USAGE: {
    category: 'key',
    en: 'The certificate {where} is not meant for signatures (its key usage is {usage}). Choose your signing certificate instead.',
    zh: '证书 {where} 不是用于签名的证书（其密钥用途为 {usage}）。请改用您的签名证书。',
  },
  CERT_IS_CA: {
    category: 'key',
    en: 'The certificate {where} belongs to a certification authority, not to a person or organisation, and must not sign documents. Choose your own signing certificate.',
    zh: '证书 {where} 属于证书颁发机构（CA），而非个人或单位，不能用于签署文档。请选择您自己的签名证书。',
  },
});
