/**
 * Signing use cases: turn a request from any door (CLI, Electron, web) into a Signer and a call
 * to the PAdES signing pipeline.
 *
 * Owns: choosing and opening the signing identity, and closing it whatever happens.
 * Must never: keep a passphrase or PIN after the Signer is opened, or log one.
 */
import { Pkcs12Signer } from '../sign/pkcs12-signer';
import { signPdf, type SignPdfOptions, type SignPdfResult } from '../sign/pades-signer';
import type { Signer } from '../sign/signer';

export interface Pkcs12Identity {
  readonly kind: 'p12';
  readonly path: string;
  readonly passphrase: string;
}

export type SigningIdentity = Pkcs12Identity;

export type SignRequest = Omit<SignPdfOptions, 'signer'> & { readonly identity: SigningIdentity };

export async function openSigner(identity: SigningIdentity): Promise<Signer> {
  switch (identity.kind) {
    case 'p12':
      return Pkcs12Signer.fromFile(identity.path, identity.passphrase);
  }
}

/** Signs one document with the given identity; the signer is closed afterwards. */
export async function signDocument(request: SignRequest): Promise<SignPdfResult> {
  const { identity, ...rest } = request;
  const signer = await openSigner(identity);
  try {
    return await signPdf({ ...rest, signer });
  } finally {
    await signer.close?.();
  }
}
