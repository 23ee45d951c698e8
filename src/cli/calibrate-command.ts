import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lazyEmbedder } from '../app/load-embedder.js';
import { AccordError } from '../errors.js';
import { parseEvalSet, type EvalSet } from '../eval/eval-sets.js';
import { fitCalibration } from '../eval/fit-calibration.js';
import { calibrationFile, serializeCalibration } from '../retrieval/calibration.js';
import type { CliContext } from './context.js';

export interface CalibrateOptions {
  readonly lexical?: boolean;
}

/**
 * The training material used when none is named: SQuAD 2 train beside the project, and the project's own questions
 * on the seed corpus (typed and paraphrased questions and near misses, written from the documents, never from a test
 * set: `tests/fixtures/questions.typed.jsonl`, `calibration/training/`). The paraphrased questions in
 * `calibration/validation/` were written separately and are held out: `npm run eval` measures on them.
 */
function defaultTrainingSets(projectRoot: string): string[] {
  return [
    path.resolve(projectRoot, '..', 'shared', 'bench-corpus', 'squad2', 'train.jsonl'),
    `${path.resolve(projectRoot, 'tests', 'fixtures', 'questions.typed.jsonl')}=${path.resolve(projectRoot, 'corpus')}`,
    `${path.resolve(projectRoot, 'calibration', 'training', 'accord-questions.train.jsonl')}=${path.resolve(projectRoot, 'corpus')}`,
  ].filter((spec) => existsSync(spec.split('=')[0]!));
}

/**
 * `calibrate [questions.jsonl[=corpus]…]`: fits the calibration of the configured embedding model (or, with
 * --lexical, of lexical mode) on training questions and writes it to CALIBRATION_DIR. Never give it a test set.
 */
export async function runCalibrateCommand(ctx: CliContext, specs: readonly string[], options: CalibrateOptions): Promise<number> {
  const { config } = ctx;
  const given = specs.length ? specs : defaultTrainingSets(config.projectRoot);
  if (given.length === 0) {
    throw new AccordError('No training questions given, and ../shared/bench-corpus/squad2/train.jsonl is not there.', {
      hint: 'Run npm run calibrate -- train.jsonl[=corpus-folder] with questions that are not in any test set.',
    });
  }
  const sets = given.map((s) => parseEvalSet(s, process.cwd(), config.corpusDir));
  const questionSets = sets.filter((s): s is Extract<EvalSet, { kind: 'questions' }> => s.kind === 'questions');
  if (questionSets.length !== sets.length) throw new AccordError('Calibration fits on question files, not on BEIR folders.');
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
  const report = await fitCalibration(config, questionSets, embedder, (m) => console.error(m));
  const file = calibrationFile(config.calibrationDir, report.calibration.modelId);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, serializeCalibration(report.calibration));
  await rename(`${file}.tmp`, file);
  const f = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));
  console.log(
    [
      `Calibration for ${report.calibration.modelId ?? 'lexical mode'} written to ${path.relative(process.cwd(), file)}`,
      `  questions: ${report.questions} (${report.calibration.fittedOn.map((s) => `${s.file} ${s.questions}`).join(', ')}), candidate quotes: ${report.candidates}`,
      ...(report.fusionMrr.length ? [`  dense weight in fusion: ${report.calibration.denseWeight} (MRR@10 by weight: ${report.fusionMrr.map((s) => `${s.denseWeight}→${s.mrr.toFixed(3)}`).join(', ')})`] : []),
      `  on the training questions (a sanity check, not a result): quote AUROC ${f(report.trainingAuroc.quote)}, answer AUROC ${f(report.trainingAuroc.answer)}`,
      '  Measure it on test sets with npm run eval.',
    ].join('\n'),
  );
  return 0;
}
