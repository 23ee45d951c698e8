/** Messages between {@link startWorkerEmbedder} and its worker thread. */
export interface ToWorker {
  readonly id: number;
  readonly texts: readonly string[];
}

export type FromWorker =
  | { readonly type: 'ready'; readonly modelId: string; readonly dimensions: number }
  | { readonly type: 'failed'; readonly message: string; readonly hint: string | undefined }
  /** One request's vectors, row after row (transferred, not copied). */
  | { readonly type: 'vectors'; readonly id: number; readonly flat: Float32Array }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly hint: string | undefined };
