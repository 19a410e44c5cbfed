// A Signer over a PEM key and certificates, for CMS tests: independent of the PKCS#12 code, so
// CMS tests fail only for CMS reasons. Records each request so tests can look at them.
import { constants, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import type { SignatureScheme, Signer, SignRequest } from '../../../main/sign/signer';

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(
    Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64'),
  );
}

export class KeyPemSigner implements Signer {
  readonly requests: SignRequest[] = [];
  constructor(
    private readonly keyPem: string,
    private readonly certPems: readonly string[],
    private readonly offered: readonly SignatureScheme[],
  ) {}
  certificates(): Promise<readonly Uint8Array[]> {
    return Promise.resolve(this.certPems.map(pemToDer));
  }
  schemes(): Promise<readonly SignatureScheme[]> {
    return Promise.resolve(this.offered);
  }
  sign(request: SignRequest): Promise<Uint8Array> {
    this.requests.push(request);
    const key = createPrivateKey(this.keyPem);
    const hashLen = { sha256: 32, sha384: 48, sha512: 64 }[request.hash];
    const sig =
      request.scheme === 'rsa-pss'
        ? cryptoSign(request.hash, request.data, {
            key,
            padding: constants.RSA_PKCS1_PSS_PADDING,
            saltLength: hashLen,
          })
        : request.scheme === 'ecdsa'
          ? cryptoSign(request.hash, request.data, { key, dsaEncoding: 'der' })
          : cryptoSign(request.hash, request.data, key);
    return Promise.resolve(new Uint8Array(sig));
  }
}
