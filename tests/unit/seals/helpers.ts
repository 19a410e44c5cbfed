// Shared helpers for the seals tests: fixed deps, glyph hulls.
import { flatten, type Point } from '../../../main/seals/geometry';
import type { Seal, SealShape } from '../../../main/seals/seal-model';
export { FIXED } from '../../fixtures/seals/golden-specs';

/** Convex hull (monotone chain) of a shape's flattened outline: contains the whole glyph. */
export function hull(shape: SealShape): Point[] {
  const pts = flatten(shape.d)
    .flat()
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const cross = (o: Point, a: Point, b: Point): number =>
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (const p of [...pts].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export const shapesOf = (seal: Seal, role: SealShape['role']): SealShape[] =>
  (seal.vector?.shapes ?? []).filter((s) => s.role === role);

/** A name of n distinct common characters. */
export function nameOf(n: number): string {
  const pool =
    '华夏东方科技信息网络发展实业投资控股集团股份有限公司北京上海深圳广州天津重庆杭州南京武汉成都西安苏州';
  return Array.from(pool).slice(0, n).join('');
}
