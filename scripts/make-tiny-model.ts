/**
 * Writes a tiny BERT-style feature-extraction model that @xenova/transformers loads through its real loading
 * path (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx and onnx/model_quantized.onnx),
 * so integration tests exercise transformers.js and onnxruntime-node without downloading weights.
 *
 * The "model" is a single ONNX `Gather` from a seeded random embedding table: mean pooling over it gives
 * vectors that differ for different texts and are identical run to run. It is not trained; it knows nothing.
 * Output is byte-for-byte deterministic (tests/integration/transformers-embedder.test.ts checks the committed copy).
 *
 * Usage: `npx tsx scripts/make-tiny-model.ts [modelsDir]` (default `tests/fixtures/tiny-model`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

// onnx-proto is CommonJS (`module.exports = $root`), so Node's ESM loader exposes no named `onnx` export.
const { onnx } = onnxProto;

export const TINY_MODEL_ID = 'accord/tiny-bert';
export const TINY_MODEL_DIMENSIONS = 32;
/** Small on purpose, so tests can show that over-long texts are truncated rather than crashing. */
export const TINY_MODEL_MAX_TOKENS = 64;
const SEED = 0x4acc0fd;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
const PUNCTUATION = '.,;:!?\'"()-/%&'.split('');
const SUFFIXES = ['es', 'ed', 'ing', 'ly', 'er', 'ers', 'ion', 'ions', 'al', 'ment', 'ity', 'ive', 'ian'];
const WORDS = `
the of and to in is it that for on was with as by at be this are from or an have not which but has were
its their they we he she you all been more will would can may one two three first new other some any
year years day week month time people state states country countries government ministry minister
army forces force military defence defense security war peace border attack support aid help
poland polish ukraine ukrainian belgium belgian nato europe european union russia russian germany
france united kingdom america american lithuania latvia estonia romania warsaw kyiv brussels
drone drones piorun missile missiles air tank tanks weapon weapons system systems equipment ammunition
training center centre agreement agreements cooperation contract contracts deal signed sign partner
partners joint exercise exercises soldiers troops officer officers unit units command navy naval
industry company companies production produce supply deliver delivery delivered order orders
budget million billion percent cost price money fund funds investment
president prime general chief head office report reports news said says told according announced
plan plans program programme project research technology technologies development develop
cyber space satellite radar artillery howitzer vehicle vehicles helicopter aircraft fighter jet
ship ships submarine base bases camp site region area city north south east west eastern western
meeting summit talks question answer what when where who why how does did do about
into over under after before between during against within without through also only just very
most many much such same own each both few than then there here these those our your his her them
`.trim().split(/\s+/);

/** Every token of the vocabulary in id order; letters and digits with `##` forms let any ASCII word tokenize. */
export function tinyVocabulary(): string[] {
  const tokens = [
    ...SPECIAL_TOKENS,
    ...PUNCTUATION,
    ...LETTERS,
    ...LETTERS.map((c) => `##${c}`),
    ...SUFFIXES.map((s) => `##${s}`),
    ...WORDS,
  ];
  const duplicates = tokens.filter((token, i) => tokens.indexOf(token) !== i);
  if (duplicates.length > 0) throw new Error(`make-tiny-model: duplicate tokens ${duplicates.join(' ')}`);
  return tokens;
}

/** mulberry32: a tiny seeded PRNG with integer arithmetic only, so values are identical on every platform. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The embedding table as little-endian float32 bytes, `[PAD]` all zeros, other values uniform in [-1, 1). */
function embeddingTable(vocabSize: number, dims: number): Uint8Array {
  const random = seededRandom(SEED);
  const view = new DataView(new ArrayBuffer(vocabSize * dims * 4));
  for (let i = dims; i < vocabSize * dims; i++) view.setFloat32(i * 4, random() * 2 - 1, true);
  return new Uint8Array(view.buffer);
}

function tensorInput(name: string, elemType: number, shape: readonly (string | number)[]): OnnxTypes.IValueInfoProto {
  const dim = shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/** `last_hidden_state[b, s, :] = embeddings[input_ids[b, s], :]`; `attention_mask` is declared so it is fed, but unused. */
export function tinyOnnxModel(vocabSize: number, dims: number): Uint8Array {
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'accord/scripts/make-tiny-model.ts',
    graph: {
      name: 'tiny_bert',
      initializer: [{ name: 'embeddings', dataType: FLOAT, dims: [vocabSize, dims], rawData: embeddingTable(vocabSize, dims) }],
      node: [{ name: 'lookup', opType: 'Gather', input: ['embeddings', 'input_ids'], output: ['last_hidden_state'] }],
      input: [tensorInput('input_ids', INT64, ['batch', 'sequence']), tensorInput('attention_mask', INT64, ['batch', 'sequence'])],
      output: [tensorInput('last_hidden_state', FLOAT, ['batch', 'sequence', dims])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function tokenizerJson(vocab: readonly string[]): object {
  const id = (token: string): number => vocab.indexOf(token);
  const special = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]'), { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, i) => [token, i])),
    },
  };
}

/** All files of the model, keyed by path relative to `<modelsDir>/<TINY_MODEL_ID>/`. */
export function tinyModelFiles(): Map<string, Uint8Array> {
  const vocab = tinyVocabulary();
  const json = (value: object) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  const onnxBytes = tinyOnnxModel(vocab.length, TINY_MODEL_DIMENSIONS);
  return new Map([
    ['config.json', json({
      _comment: 'Test fixture written by scripts/make-tiny-model.ts: one embedding lookup, not a trained model.',
      architectures: ['BertModel'], model_type: 'bert', hidden_size: TINY_MODEL_DIMENSIONS, num_hidden_layers: 0,
      num_attention_heads: 1, intermediate_size: TINY_MODEL_DIMENSIONS, max_position_embeddings: TINY_MODEL_MAX_TOKENS,
      type_vocab_size: 2, vocab_size: vocab.length, pad_token_id: 0,
    })],
    ['tokenizer.json', json(tokenizerJson(vocab))],
    ['tokenizer_config.json', json({
      tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: TINY_MODEL_MAX_TOKENS,
      clean_up_tokenization_spaces: true, cls_token: '[CLS]', mask_token: '[MASK]', pad_token: '[PAD]',
      sep_token: '[SEP]', unk_token: '[UNK]',
    })],
    ['onnx/model.onnx', onnxBytes],
    // Same graph: there is nothing to quantize in a lookup table this small; the copy lets `quantized: true` load.
    ['onnx/model_quantized.onnx', onnxBytes],
  ]);
}

/** Writes the model to `<modelsDir>/accord/tiny-bert/` and returns that folder. */
export async function writeTinyModel(modelsDir: string): Promise<string> {
  const modelDir = join(modelsDir, TINY_MODEL_ID);
  for (const [relativePath, bytes] of tinyModelFiles()) {
    const path = join(modelDir, relativePath);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, bytes);
  }
  return modelDir;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const modelDir = await writeTinyModel(process.argv[2] ?? 'tests/fixtures/tiny-model');
  console.log(`Wrote ${modelDir}`);
}
