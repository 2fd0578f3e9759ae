/**
 * Upstream's helper.DefaultNormalizeScore: scale scores so the highest becomes
 * `maxPriority` (integer division, as Go), optionally reversed so fewer is better.
 * When every score is 0, reversed scores all become `maxPriority`.
 *
 * Worked example (TaintToleration, reversed): intolerable taint counts [0, 1, 2]
 * -> 100*c/2 = [0, 50, 100] -> 100 - x = [100, 50, 0].
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array): void {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++)
    if ((scores[i] as number) > maxCount) maxCount = scores[i] as number;
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let score = Math.trunc((maxPriority * (scores[i] as number)) / maxCount);
    if (reverse) score = maxPriority - score;
    scores[i] = score;
  }
}
