import type { EmbedderOptions } from '../retrieval/embedder.js';

/** Messages from {@link startWorkerEmbedder} to its embedding process. */
export type ToWorker =
  | { readonly type: 'init'; readonly options: EmbedderOptions }
  | { readonly type: 'embed'; readonly id: number; readonly texts: readonly string[] };

/** Messages from the embedding process (sent with Node's "advanced" serialization, so typed arrays survive). */
export type FromWorker =
  | { readonly type: 'ready'; readonly modelId: string; readonly dimensions: number }
  | { readonly type: 'failed'; readonly message: string; readonly hint: string | undefined }
  /** One request's vectors, row after row. */
  | { readonly type: 'vectors'; readonly id: number; readonly flat: Float32Array }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly hint: string | undefined };
