import type { Embedder } from '../../src/retrieval/embedder.js';

/**
 * A stand-in embedder for scale runs: each word adds to a hashed bucket, then unit length. Instant, so a
 * benchmark measures what the index does with vectors, not the model (whose cost is measured separately).
 */
export class HashedEmbedder implements Embedder {
  readonly modelId = 'bench/hashed-words';
  constructor(readonly dimensions = 384) {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    return texts.map((text) => {
      const v = new Float32Array(this.dimensions);
      for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
        let h = 0x811c9dc5;
        for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
        const bucket = (h >>> 0) % this.dimensions;
        v[bucket] = (v[bucket] ?? 0) + ((h >>> 31) & 1 ? 1 : -1);
      }
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    });
  }
}
