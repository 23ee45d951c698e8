/**
 * The {@link Embedder} backed by transformers.js. This is the only module that imports `@xenova/transformers`.
 */
import { join, resolve } from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@xenova/transformers';
import { AccordError } from '../errors.js';
import type { Embedder, EmbedderOptions } from './embedder.js';
import { loadWithThreads } from './onnx-threads.js';

export interface TransformersEmbedder extends Embedder {
  /** onnxruntime intra-op threads the session runs with; undefined: onnxruntime's default (one per physical core). */
  readonly intraOpThreads: number | undefined;
}

/**
 * Loads a sentence-embedding model eagerly and returns an {@link Embedder} over it (mean pooling, L2-normalised).
 * Call it once: each call builds a new ONNX session.
 *
 * Files are looked up in `<modelsDir>/<modelId>/` (transformers.js layout). With `allowRemote`, missing files are
 * downloaded from the Hugging Face hub into that same folder (the file cache is `modelsDir` itself), so a first
 * online run leaves exactly the layout an air-gapped install needs.
 *
 * Texts longer than the tokenizer's `model_max_length` (512 tokens for all-MiniLM-L6-v2) are truncated, not
 * rejected: the feature-extraction pipeline always tokenizes with `truncation: true`. Empty or whitespace-only
 * texts are accepted and all embed to the same vector (that of `[CLS] [SEP]`); callers that must not index them
 * filter them out first.
 *
 * With `threads`, the session runs with that many intra-op threads (see `loadWithThreads`); should the model file
 * not be found where transformers.js read it, onnxruntime's default applies and `intraOpThreads` says so.
 *
 * @throws {AccordError} when the model cannot be loaded or run (missing or corrupt files, remote disallowed,
 *   network failure), naming the model, the local folder, the underlying error (kept as `cause`) and the fixes.
 */
export async function loadTransformersEmbedder(options: EmbedderOptions): Promise<TransformersEmbedder> {
  const { modelId, batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new AccordError(`Embedding batch size must be a positive integer, got ${batchSize}.`);
  }
  const modelsDir = resolve(options.modelsDir);
  let extract: (texts: string[]) => Promise<Float32Array[]>;
  let dimensions: number;
  let intraOpThreads: number | undefined;
  try {
    const load = () => {
      // `env` is transformers.js global state: set it right before the pipeline reads it (loads run one at a time).
      env.localModelPath = modelsDir;
      env.cacheDir = modelsDir;
      env.allowLocalModels = true;
      env.allowRemoteModels = options.allowRemote;
      return pipeline('feature-extraction', modelId, { quantized: options.quantized });
    };
    const loaded = await loadWithThreads(options.threads, join(modelsDir, modelId, onnxFileOf(options)), load);
    const extractor = loaded.result;
    intraOpThreads = loaded.applied ? options.threads : undefined;
    extract = (texts) => extractRows(extractor, texts);
    const [probe] = await extract(['dimension probe']);
    dimensions = probe?.length ?? 0;
  } catch (error: unknown) {
    throw loadError(options, modelsDir, error);
  }

  return {
    modelId,
    dimensions,
    intraOpThreads,
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await extract(texts.slice(start, start + batchSize))));
      }
      return vectors;
    },
  };
}

/** One forward pass; each row is copied out so the vectors do not keep the batch tensor alive. */
async function extractRows(extractor: FeatureExtractionPipeline, texts: string[]): Promise<Float32Array[]> {
  const output = await extractor(texts, { pooling: 'mean', normalize: true });
  const [rows, dims] = output.dims;
  if (!(output.data instanceof Float32Array) || rows !== texts.length || dims === undefined || dims < 1) {
    throw new Error(`expected a float32 [${texts.length}, dims] sentence embedding, got ${output.type} [${output.dims.join(', ')}]`);
  }
  const data = output.data;
  return Array.from({ length: rows }, (_, row) => data.slice(row * dims, (row + 1) * dims));
}

const onnxFileOf = (options: EmbedderOptions) => (options.quantized ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx');

function loadError(options: EmbedderOptions, modelsDir: string, error: unknown): AccordError {
  const localDir = join(modelsDir, options.modelId);
  const onnxFile = onnxFileOf(options);
  const otherFile = options.quantized ? 'onnx/model.onnx' : 'onnx/model_quantized.onnx';
  const where = options.allowRemote ? `${localDir} or the Hugging Face hub` : localDir;
  const fixes = [
    `put the model files in ${localDir}/ (config.json, tokenizer.json, tokenizer_config.json, ${onnxFile})`,
    options.allowRemote
      ? 'check network access to huggingface.co and that the model id exists there'
      : 'set ALLOW_REMOTE_MODELS=true on a machine with network access to download it there',
    `set EMBEDDING_QUANTIZED=${String(!options.quantized)} if only ${otherFile} is present`,
  ];
  let why = describeChain(error);
  if (why.includes("Can't create a session")) {
    // transformers.js retries a failed onnxruntime-node session on the wasm backend and reports only the retry's
    // error; onnxruntime's own reason (e.g. "protobuf parsing failed") is the console.warn just before it.
    why += ` — onnxruntime rejected ${join(localDir, onnxFile)}: corrupt or partly downloaded, or an unsupported operator`;
  }
  return new AccordError(
    `Could not load embedding model ${options.modelId} (${onnxFile}) from ${where}: ${why}`,
    { hint: `${fixes.join('; or ')}.`, cause: error },
  );
}

/** `fetch failed (getaddrinfo ENOTFOUND huggingface.co)`: undici hides the useful part in `cause`. */
function describeChain(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error; e !== undefined && messages.length < 4; e = e instanceof Error ? e.cause : undefined) {
    messages.push(e instanceof Error ? e.message : String(e));
  }
  const [first, ...rest] = messages;
  return rest.length === 0 ? (first ?? '') : `${first} (${rest.join('; ')})`;
}
