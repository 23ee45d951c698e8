import { VectorIndex } from '../../src/retrieval/vector-index.js';
import { elapsedMs, nowNs } from './timer.js';

/** Per-vector costs of handing a Float32Array to hnswlib-node, which only accepts plain arrays. */
export interface ConversionFigures {
  /** `Array.from(float32Array)`: what the wrapper did before. */
  readonly arrayFromUs: number;
  /** An indexed copy into a new number[]: what the wrapper does now. */
  readonly indexedCopyUs: number;
  /**
   * `VectorIndex.add` into a near-trivial graph (M = 2, efConstruction = 2): the per-call floor, mostly the copy
   * plus hnswlib-node reading the 384 array elements one N-API call at a time.
   */
  readonly addFloorUs: number;
}

function perVectorUs(data: Float32Array, dims: number, convert: (v: Float32Array) => number[]): number {
  const count = data.length / dims;
  let sink = 0;
  for (let pass = 0; pass < 2; pass++) {
    const start = nowNs();
    for (let i = 0; i < count; i++) sink += convert(data.subarray(i * dims, (i + 1) * dims)).length;
    if (pass === 1) return (elapsedMs(start) * 1000) / count + (sink < 0 ? 1 : 0);
  }
  return Number.NaN;
}

/** Measures the three costs over `data` (`count × dims`). */
export function measureConversion(data: Float32Array, dims: number): ConversionFigures {
  const arrayFromUs = perVectorUs(data, dims, (v) => Array.from(v));
  const indexedCopyUs = perVectorUs(data, dims, (v) => {
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i] as number;
    return out;
  });
  const count = data.length / dims;
  const index = VectorIndex.create(dims, count, { m: 2, efConstruction: 2, efSearch: 10 });
  const start = nowNs();
  for (let i = 0; i < count; i++) index.add(data.subarray(i * dims, (i + 1) * dims), i);
  return { arrayFromUs, indexedCopyUs, addFloorUs: (elapsedMs(start) * 1000) / count };
}
