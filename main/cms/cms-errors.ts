/**
 * Error catalogue of the CMS layer.
 *
 * Owns: the codes and messages CMS building raises.
 * Must never: put key material or passphrases into params.
 */
import { defineErrors } from '../errors/sealdesk-error';

export const cmsError = defineErrors({
  CMS_NO_CERTIFICATE: {
    category: 'key',
    en: 'The signing key offered no certificate, so no signature can name its signer. Choose a key that has a certificate.',
    zh: '签名密钥没有提供证书，无法标明签名人。请选择带有证书的密钥。',
  },
  CMS_BAD_CERTIFICATE: {
    category: 'key',
    en: 'The signer certificate could not be read ({reason}). Re-import the certificate or choose another key.',
    zh: '无法读取签名证书（{reason}）。请重新导入证书或选择其他密钥。',
  },
  CMS_UNSUPPORTED_KEY: {
    category: 'key',
    en: 'The signer certificate has a {keyType} key, which Sealdesk cannot sign with yet. Use an RSA or EC (P-256/P-384/P-521) key.',
    zh: '签名证书的密钥类型为 {keyType}，Sealdesk 暂不支持用它签名。请使用 RSA 或 EC（P-256/P-384/P-521）密钥。',
  },
  CMS_SCHEME_UNSUPPORTED: {
    category: 'key',
    en: 'The key for "{subject}" cannot make {scheme} signatures (it offers: {offered}). Choose another signature scheme or key.',
    zh: '“{subject}”的密钥不能生成 {scheme} 签名（它支持：{offered}）。请选择其他签名方案或密钥。',
  },
  CMS_PSS_HASH_MISMATCH: {
    category: 'usage',
    en: 'The RSA-PSS key of "{subject}" may only sign with {keyHash}, but {hash} was asked for. Sign with {keyHash}.',
    zh: '“{subject}”的 RSA-PSS 密钥只能使用 {keyHash} 签名，但请求的是 {hash}。请改用 {keyHash}。',
  },
  CMS_BAD_DIGEST: {
    category: 'internal',
    en: 'The content digest has {length} bytes but {hash} digests have {expected}. This is a bug; please report it.',
    zh: '内容摘要长度为 {length} 字节，而 {hash} 摘要应为 {expected} 字节。这是程序缺陷，请报告。',
  },
  CMS_BAD_SIGNATURE_VALUE: {
    category: 'key',
    en: 'The key returned a malformed {scheme} signature ({reason}). Try again; if it persists, the token or key file may be faulty.',
    zh: '密钥返回了格式错误的 {scheme} 签名（{reason}）。请重试；若仍出现，令牌或密钥文件可能有故障。',
  },
});
