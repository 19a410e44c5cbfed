import { describe, expect, it } from 'vitest';
import { parsePdfDate } from '../../../main/verify/pdf-signatures';

describe('parsePdfDate (ISO 32000-2 §7.9.4)', () => {
  it('reads a UTC date', () => {
    expect(parsePdfDate('D:20250301080000Z')?.toISOString()).toBe('2025-03-01T08:00:00.000Z');
  });
  it("applies a +08'00' offset", () => {
    expect(parsePdfDate("D:20250301160000+08'00'")?.toISOString()).toBe('2025-03-01T08:00:00.000Z');
  });
  it('fills missing parts with their defaults', () => {
    expect(parsePdfDate('D:2025')?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });
  it('refuses a date with a 13th month or trailing garbage', () => {
    expect(parsePdfDate('D:20251301000000Z')).toBeUndefined();
    expect(parsePdfDate('D:20250301080000Zjunk')).toBeUndefined();
  });
});
