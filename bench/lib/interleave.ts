/**
 * Runs `once` for every arm in each of `rounds` rounds, rotating the order every round, so drifts and bursts of load
 * from other processes on a shared machine hit all arms alike. Returns each arm's samples, in arm order.
 */
export async function interleave<A, S>(arms: readonly A[], rounds: number, once: (arm: A, round: number) => Promise<S>): Promise<S[][]> {
  const samples: S[][] = arms.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < arms.length; k++) {
      const i = (k + round) % arms.length;
      samples[i]?.push(await once(arms[i] as A, round));
    }
  }
  return samples;
}

/** The median of `values` (NaN when empty). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
