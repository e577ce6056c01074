/**
 * Sorted, non-overlapping ranges (parallel arrays of starts and ends, as the IP tables hold them):
 * the index of the range containing `x` (the last start at or before it, by binary search), or -1.
 */
export const findRange = <N extends number | bigint>(
  starts: ArrayLike<N>,
  ends: ArrayLike<N>,
  x: N,
): number => {
  let lo = 0;
  let hi = starts.length - 1;
  let hit = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as N) <= x) {
      hit = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return hit >= 0 && x <= (ends[hit] as N) ? hit : -1;
};
