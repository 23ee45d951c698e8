import { createPrng } from './prng.js';

/** A mixture of Gaussian clusters on the unit sphere, standing in for sentence embeddings. */
export interface ClusterMixture {
  readonly dims: number;
  /** `clusters × dims` unit-length centres. */
  readonly centres: Float32Array;
  /** Per-cluster noise standard deviation per dimension. */
  readonly spreads: Float32Array;
  /** Cumulative cluster weights (last is 1): clusters differ in size, as topics do. */
  readonly cumulativeWeights: Float64Array;
}

/**
 * Noise per dimension such that two points of one cluster have cosine ≈ 1 / (1 + dims·σ²) ≈ 0.6 on average
 * (0.45–0.75 across clusters): nearest-neighbour similarities then fall in the 0.5–0.8 seen with MiniLM on prose.
 */
const BASE_SPREAD_TIMES_SQRT_DIMS = 0.82;

function normalise(v: Float32Array, offset: number, dims: number): void {
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += (v[offset + d] ?? 0) ** 2;
  const scale = 1 / Math.sqrt(norm);
  for (let d = 0; d < dims; d++) v[offset + d] = (v[offset + d] ?? 0) * scale;
}

export function createClusterMixture(dims: number, clusters: number, seed: number): ClusterMixture {
  const prng = createPrng(seed);
  const centres = new Float32Array(clusters * dims);
  for (let i = 0; i < centres.length; i++) centres[i] = prng.gaussian();
  for (let c = 0; c < clusters; c++) normalise(centres, c * dims, dims);
  const base = BASE_SPREAD_TIMES_SQRT_DIMS / Math.sqrt(dims);
  const spreads = Float32Array.from({ length: clusters }, () => base * (0.75 + 0.6 * prng.next()));
  const weights = Array.from({ length: clusters }, () => Math.exp(0.7 * prng.gaussian()));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulativeWeights = new Float64Array(clusters);
  let acc = 0;
  weights.forEach((w, i) => {
    acc += w / total;
    cumulativeWeights[i] = acc;
  });
  cumulativeWeights[clusters - 1] = 1;
  return { dims, centres, spreads, cumulativeWeights };
}

function pickCluster(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 1) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `count` unit-length points (`count × dims`, row-major): a centre drawn by weight, plus Gaussian noise.
 * Pass a SharedArrayBuffer-backed `out` to share the points with workers without copying.
 */
export function sampleMixture(
  mixture: ClusterMixture,
  count: number,
  seed: number,
  out: Float32Array = new Float32Array(count * mixture.dims),
): Float32Array {
  const { dims, centres, spreads, cumulativeWeights } = mixture;
  const prng = createPrng(seed);
  for (let i = 0; i < count; i++) {
    const c = pickCluster(cumulativeWeights, prng.next());
    const spread = spreads[c] ?? 0;
    const offset = i * dims;
    for (let d = 0; d < dims; d++) out[offset + d] = (centres[c * dims + d] ?? 0) + spread * prng.gaussian();
    normalise(out, offset, dims);
  }
  return out;
}

/** A Float32Array of `length` on shared memory, so workers read it in place. */
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * Float32Array.BYTES_PER_ELEMENT));
}
