/**
 * Generated hostile files (reference loops, a deflate bomb, absurd lengths, deep nesting,
 * garbage, truncation) finish quickly with FORMAT_FAILURE and never throw.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyDocument } from '../../../main/verify/verify-document';
import { hostileFiles, rootAnchor, workspace } from './verify-helpers';

let files: Record<string, string>;
beforeAll(() => {
  files = hostileFiles(workspace());
});

describe('hostile files', () => {
  for (const name of ['loops', 'bomb', 'absurd', 'deep', 'garbage', 'truncated']) {
    it(`answers FORMAT_FAILURE for the ${name} file within a few seconds, without throwing`, async () => {
      const t0 = Date.now();
      const r = await verifyDocument(files[name]!, { trustAnchors: [rootAnchor()] });
      expect(Date.now() - t0).toBeLessThan(5000);
      const subs = [
        ...(r.error ? [r.error.subIndication] : []),
        ...r.signatures.map((s) => s.subIndication),
      ];
      expect(subs.length, JSON.stringify(r)).toBeGreaterThan(0);
      for (const s of subs) expect(s).toBe('FORMAT_FAILURE');
      expect(r.signatures.every((s) => s.indication === 'TOTAL_FAILED')).toBe(true);
    });
  }
});
