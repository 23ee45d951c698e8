/**
 * Turns texts into normalised sentence vectors. Retrieval and indexing depend on this interface only,
 * so tests can inject a fake with hand-written vectors.
 */
export interface Embedder {
  /** The model id the vectors come from, e.g. `Xenova/all-MiniLM-L6-v2`: stored in the index manifest. */
  readonly modelId: string;
  /** Vector length, known once the model is loaded. */
  readonly dimensions: number;
  /** One unit-length vector per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export interface EmbedderOptions {
  readonly modelId: string;
  /** Local models folder (transformers.js layout: `<modelsDir>/<modelId>/...`). */
  readonly modelsDir: string;
  /** Whether the model may be downloaded from the Hugging Face hub when not found locally. */
  readonly allowRemote: boolean;
  /** Load `model_quantized.onnx` (true) or `model.onnx` (false). */
  readonly quantized: boolean;
  /** Texts per forward pass. */
  readonly batchSize: number;
  /** onnxruntime intra-op threads; undefined leaves onnxruntime's default (one per physical core). */
  readonly threads?: number | undefined;
}
