import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lazyEmbedder } from '../app/load-embedder.js';
import { AccordError } from '../errors.js';
import { parseEvalSet, type EvalSet } from '../eval/eval-sets.js';
import { fitCalibration, type TrainingSet } from '../eval/fit-calibration.js';
import { calibrationFile, serializeCalibration } from '../retrieval/calibration.js';
import type { CliContext } from './context.js';

export interface CalibrateOptions {
  readonly lexical?: boolean;
  /** Training files for quote choice and fusion only (see `TrainingSet`). */
  readonly quotesOnly?: readonly string[];
}

/**
 * The training material used when none is named: SQuAD 2 train beside the project and the project's typed questions on
 * the seed corpus (`tests/fixtures/questions.typed.jsonl`) train everything; the project's paraphrases and near misses
 * (`calibration/training/`) train quote choice and fusion only: its near misses were written to share the answer's
 * words, and on it every answer signal separates answerable from not at chance (AUROC 0.44–0.57, README
 * "Calibration"). All were written from the documents, never from a test set; the paraphrased questions in
 * `calibration/validation/` were written separately and are held out: `npm run eval` measures on them.
 */
function defaultTrainingSets(projectRoot: string): { both: string[]; quotesOnly: string[] } {
  const exists = (spec: string) => existsSync(spec.split('=')[0]!);
  const corpus = path.resolve(projectRoot, 'corpus');
  return {
    both: [
      path.resolve(projectRoot, '..', 'shared', 'bench-corpus', 'squad2', 'train.jsonl'),
      `${path.resolve(projectRoot, 'tests', 'fixtures', 'questions.typed.jsonl')}=${corpus}`,
    ].filter(exists),
    quotesOnly: [`${path.resolve(projectRoot, 'calibration', 'training', 'accord-questions.train.jsonl')}=${corpus}`].filter(exists),
  };
}

/**
 * `calibrate [questions.jsonl[=corpus]…]`: fits the calibration of the configured embedding model (or, with
 * --lexical, of lexical mode) on training questions and writes it to CALIBRATION_DIR. Never give it a test set.
 */
export async function runCalibrateCommand(ctx: CliContext, specs: readonly string[], options: CalibrateOptions): Promise<number> {
  const { config } = ctx;
  const named = specs.length > 0 || (options.quotesOnly?.length ?? 0) > 0;
  const given = named ? { both: [...specs], quotesOnly: [...(options.quotesOnly ?? [])] } : defaultTrainingSets(config.projectRoot);
  if (given.both.length === 0) {
    throw new AccordError(
      named
        ? 'No training questions for the answer model given: --quotes-only files train quote choice only.'
        : 'No training questions for the answer model given, and ../shared/bench-corpus/squad2/train.jsonl is not there.',
      {
        hint: 'Run npm run calibrate -- train.jsonl[=corpus-folder] [--quotes-only hard.jsonl…] with questions that are not in any test set; name the answer model’s files before --quotes-only, which takes every file after it.',
      },
    );
  }
  const training: TrainingSet[] = [
    ...given.both.map((spec) => ({ set: questionSet(spec, config.corpusDir), answers: true })),
    ...given.quotesOnly.map((spec) => ({ set: questionSet(spec, config.corpusDir), answers: false })),
  ];
  let embedder = null;
  if (!options.lexical) {
    const state = await lazyEmbedder(config, 'indexing')();
    if (state.embedder === null) {
      throw new AccordError(`The embedding model ${config.embedding.modelId} cannot be loaded: ${state.reason}.`, {
        hint: 'Calibrate lexical mode with --lexical, or make the model available (README, "The embedding model").',
      });
    }
    embedder = state.embedder;
  }
  const report = await fitCalibration(config, training, embedder, (m) => console.error(m));
  const file = calibrationFile(config.calibrationDir, report.calibration.modelId);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, serializeCalibration(report.calibration));
  await rename(`${file}.tmp`, file);
  const f = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));
  console.log(
    [
      `Calibration for ${report.calibration.modelId ?? 'lexical mode'} written to ${path.relative(process.cwd(), file)}`,
      `  questions: ${report.questions} (${report.calibration.fittedOn.map((s) => `${s.file} ${s.questions}${s.answers === false ? ' for quotes only' : ''}`).join(', ')}), candidate quotes: ${report.candidates}`,
      ...(report.fusionMrr.length ? [`  dense weight in fusion: ${report.calibration.denseWeight} (MRR@10 by weight: ${report.fusionMrr.map((s) => `${s.denseWeight}→${s.mrr.toFixed(3)}`).join(', ')})`] : []),
      `  on the training questions (a sanity check, not a result): quote AUROC ${f(report.trainingAuroc.quote)}, answer AUROC ${f(report.trainingAuroc.answer)}`,
      '  Measure it on test sets with npm run eval.',
    ].join('\n'),
  );
  return 0;
}

function questionSet(spec: string, corpusDir: string): TrainingSet['set'] {
  const set: EvalSet = parseEvalSet(spec, process.cwd(), corpusDir);
  if (set.kind !== 'questions') throw new AccordError(`Calibration fits on question files, not on BEIR folders (got ${spec}).`);
  return set;
}
