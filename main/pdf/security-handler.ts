/**
 * The security-handler port (ISO 32000-2 §7.6): how the reader decrypts and the incremental
 * writer encrypts strings and streams of an encrypted document.
 *
 * Owns: the interface only. The standard security handler (§7.6.4, RC4 / AES-128 / AES-256)
 * implements it in standard-security.ts.
 * Must never: keep or expose the password it was opened with beyond authentication.
 */
import type { PdfDict, PdfRef } from './objects';

export interface SecurityHandler {
  /** 'owner' when the owner password (or an empty user password with owner rights) opened it. */
  readonly authenticatedAs: 'user' | 'owner';
  /** /EncryptMetadata (default true): when false, /Type /Metadata streams stay in clear. */
  readonly encryptMetadata: boolean;
  /** The permission flags /P as a signed 32-bit integer. */
  readonly permissions: number;
  decryptString(bytes: Uint8Array, ref: PdfRef): Uint8Array;
  /** `dict` is the stream's dictionary (for /Crypt filters and /Type /Metadata handling). */
  decryptStream(bytes: Uint8Array, ref: PdfRef, dict: PdfDict): Uint8Array;
  encryptString(bytes: Uint8Array, ref: PdfRef): Uint8Array;
  encryptStream(bytes: Uint8Array, ref: PdfRef, dict: PdfDict): Uint8Array;
}
