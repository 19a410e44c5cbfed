/**
 * The DER requests the LTV clients send, read back with an independent decoder (pkijs), and
 * the VRI key rule.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { buildTimeStampReq } from '../../../main/cms/tsa-client';
import { vriKey } from '../../../main/ltv/dss-update';

const decode = (der: Uint8Array): asn1js.AsnType => {
  const d = asn1js.fromBER(Uint8Array.from(der));
  expect(d.offset).toBe(der.length);
  return d.result;
};

describe('LTV request encoding', () => {
  it('encodes a TimeStampReq with imprint, policy, a positive nonce and certReq', () => {
    const digest = new Uint8Array(createHash('sha256').update('x').digest());
    const nonce = Uint8Array.from([0xff, 1, 2, 3, 4, 5, 6, 7]);
    const { der } = buildTimeStampReq(digest, 'sha256', nonce, '1.2.3.4');
    const req = new pkijs.TimeStampReq({ schema: decode(der) });
    expect(req.version).toBe(1);
    expect(req.messageImprint.hashAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    expect(Buffer.from(req.messageImprint.hashedMessage.valueBlock.valueHexView)).toEqual(
      Buffer.from(digest),
    );
    expect(req.reqPolicy).toBe('1.2.3.4');
    expect(req.certReq).toBe(true);
    const n = req.nonce!.valueBlock.valueHexView;
    expect(n[0]! & 0x80).toBe(0); // positive
    expect(n.length).toBe(8);
  });

  it('leaves reqPolicy out when none is asked for', () => {
    const { der } = buildTimeStampReq(new Uint8Array(48), 'sha384', new Uint8Array(8), undefined);
    const req = new pkijs.TimeStampReq({ schema: decode(der) });
    expect(req.reqPolicy).toBeUndefined();
    expect(req.messageImprint.hashAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.2');
  });

  it('keys a VRI entry by the uppercase hex SHA-1 of the /Contents bytes', () => {
    const contents = Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x01, 0, 0, 0]);
    expect(vriKey(contents)).toBe(createHash('sha1').update(contents).digest('hex').toUpperCase());
    expect(vriKey(contents)).toMatch(/^[0-9A-F]{40}$/);
  });
});
