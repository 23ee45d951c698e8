import type { Embedder } from '../../src/retrieval/embedder.js';

/** FNV-1a, 32 bits: a stable hash so the fake vectors are the same in every process. */
function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A deterministic bag-of-words vector: each lower-cased word adds 1 to its hashed bucket; unit length. */
export function hashWords(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const bucket = fnv1a(word) % dimensions;
    vector[bucket] = (vector[bucket] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    vector[0] = 1;
    return vector;
  }
  return vector.map((v) => v / norm);
}

export interface HashingEmbedderOptions {
  readonly modelId?: string;
  readonly dimensions?: number;
  /** Awaited before every call: lets a test hold a build in the middle of embedding. */
  readonly beforeEmbed?: (texts: readonly string[]) => Promise<void>;
}

/**
 * A fake {@link Embedder}: hashed bag-of-words vectors (16 dimensions by default) that records every text it
 * was asked to embed, so tests can count how much work a build did.
 */
export class HashingEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  /** Every text embedded, in order: passages during builds, questions while answering. */
  readonly embedded: string[] = [];
  private readonly beforeEmbed: ((texts: readonly string[]) => Promise<void>) | undefined;

  constructor(options: HashingEmbedderOptions = {}) {
    this.modelId = options.modelId ?? 'fake/hashed-words';
    this.dimensions = options.dimensions ?? 16;
    this.beforeEmbed = options.beforeEmbed;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    await this.beforeEmbed?.(texts);
    this.embedded.push(...texts);
    return texts.map((text) => hashWords(text, this.dimensions));
  }

  /**
   * The passage texts embedded so far. A build embeds `title + "\n" + passage`; a question is whitespace-collapsed
   * before it is embedded, so it never contains a line break.
   */
  passageTexts(): string[] {
    return this.embedded.filter((text) => text.includes('\n'));
  }

  reset(): void {
    this.embedded.length = 0;
  }
}
