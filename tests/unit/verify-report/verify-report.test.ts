/**
 * The words and shapes of verification output: a sentence for every sub-indication in both
 * languages, the JSON shape, the exit-code order, HTML escaping and the data folder rules.
 */
import { describe, expect, it } from 'vitest';
import { verifyExitCode } from '../../../main/cli/commands/verify';
import { userDataDir } from '../../../main/host/verification';
import { indicationOf, SubIndication } from '../../../main/verify/indications';
import { verdictMessages } from '../../../main/verify/messages-verdict';
import { renderHtmlReport } from '../../../main/verify/report-html';
import {
  toVerificationJson,
  type DocumentVerification,
  type SignatureVerification,
} from '../../../main/verify/verdict-model';

const sig = (over: Partial<SignatureVerification> = {}): SignatureVerification => ({
  field: 'Signature1',
  kind: 'signature',
  indication: 'TOTAL_PASSED',
  subIndication: null,
  level: 'B-B',
  signer: '张三 (示例科技有限公司)',
  signerSubject: 'CN=张三, O=示例科技有限公司',
  claimedTime: '2026-11-23T08:00:00.000Z',
  provenTime: null,
  coversWholeFile: true,
  revision: 1,
  subFilter: 'ETSI.CAdES.detached',
  certified: null,
  modificationsAfter: [],
  reason: null,
  notes: [],
  chain: [],
  timestamps: [],
  revocation: [],
  digestAlgorithm: 'sha256',
  signatureAlgorithm: 'rsa-pkcs1-sha256',
  messageZh: 'z',
  messageEn: 'e',
  ...over,
});

const doc = (signatures: SignatureVerification[], error: DocumentVerification['error'] = null) =>
  ({
    file: 'a.pdf',
    sha256: 'ab'.repeat(32),
    size: 10,
    revisions: 2,
    validationTime: '2026-11-23T09:00:00.000Z',
    policy: 'p',
    online: false,
    signatures,
    error,
  }) satisfies DocumentVerification;

describe('verdict sentences', () => {
  it('says valid with the signer in full-width brackets and the date, in both languages', () => {
    const m = verdictMessages({ ...sig(), modificationsAfter: [] });
    expect(m.zh).toBe('有效：由 张三（示例科技有限公司） 于 2026-11-23 签署，签署后文档未被修改。');
    expect(m.en).toBe(
      'Valid: signed by 张三 (示例科技有限公司) on 2026-11-23; the document has not been changed since.',
    );
  });

  it('has its own sentence for every sub-indication, never starting with "valid"', () => {
    const seen = new Set<string>();
    for (const sub of Object.values(SubIndication)) {
      const m = verdictMessages({ ...sig(), indication: indicationOf(sub), subIndication: sub });
      expect(m.zh).not.toMatch(/^有效/);
      expect(m.en).not.toMatch(/^Valid/);
      expect(m.en).toMatch(
        indicationOf(sub) === 'TOTAL_FAILED' ? /^Not valid/ : /^Cannot be confirmed/,
      );
      seen.add(m.en);
    }
    expect(seen.size).toBe(Object.values(SubIndication).length);
  });

  it('names disallowed changes and their pages instead of the sub-indication', () => {
    const m = verdictMessages({
      ...sig(),
      indication: 'TOTAL_FAILED',
      subIndication: 'FORMAT_FAILURE',
      disallowedChanges: true,
      modificationsAfter: [
        { revision: 2, kind: 'overlay', allowed: false, pages: [3], details: [], annotations: [] },
      ],
    });
    expect(m.zh).toContain('第 3 页');
    expect(m.en).toContain('on page 3');
    expect(m.en).toMatch(/^Not valid/);
  });
});

describe('verification output', () => {
  it('prints the JSON keys the README documents, with the message in the chosen language', () => {
    const j = toVerificationJson(doc([sig()]), 'zh-CN') as {
      signatures: Record<string, unknown>[];
    };
    expect(Object.keys(j).sort()).toEqual(
      ['error', 'file', 'outcome', 'sha256', 'signatures', 'validationTime'].sort(),
    );
    expect(j.signatures[0]!.message).toBe('z');
  });

  it('orders exit codes: failed over unreadable over indeterminate over unsigned over passed', () => {
    const failed = doc([sig({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' })]);
    const unreadable = doc([], {
      code: 'X',
      subIndication: 'FORMAT_FAILURE',
      messageZh: '',
      messageEn: '',
    });
    const indeterminate = doc([sig({ indication: 'INDETERMINATE', subIndication: 'NO_POE' })]);
    expect(verifyExitCode([doc([sig()])])).toBe(0);
    expect(verifyExitCode([doc([sig()]), doc([])])).toBe(12);
    expect(verifyExitCode([indeterminate, doc([])])).toBe(11);
    expect(verifyExitCode([indeterminate, unreadable])).toBe(3);
    expect(verifyExitCode([unreadable, failed, indeterminate])).toBe(10);
  });

  it('escapes document-controlled text in the HTML report', () => {
    const html = renderHtmlReport([doc([sig({ field: '<img src=x onerror=alert(1)>' })])], 'en');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('puts the data folder in SEALDESK_DATA_DIR, XDG_DATA_HOME or the platform app data folder', () => {
    expect(userDataDir({ SEALDESK_DATA_DIR: '/d' }, 'linux', '/h')).toBe('/d');
    expect(userDataDir({ XDG_DATA_HOME: '/x' }, 'linux', '/h')).toBe('/x/sealdesk');
    expect(userDataDir({}, 'linux', '/h')).toBe('/h/.local/share/sealdesk');
    expect(userDataDir({}, 'darwin', '/h')).toBe('/h/Library/Application Support/Sealdesk');
    expect(userDataDir({ APPDATA: 'C:\\A' }, 'win32', '/h')).toMatch(/Sealdesk$/);
  });
});
