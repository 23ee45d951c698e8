import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AccordError } from '../errors.js';
import type { LogisticModel } from './logistic-model.js';

/**
 * What retrieval learns from training questions for one embedding model (or for lexical mode): how much the dense
 * ranking weighs in fusion, how a candidate sentence's signals combine into the probability that it holds the
 * answer, and how a question's signals combine into the probability that the corpus answers it. Similarity scales
 * differ from model to model, so every model gets its own, written by `npm run calibrate`.
 */
export interface Calibration {
  /** The embedding model it was fitted for; null for lexical mode. */
  readonly modelId: string | null;
  readonly fittedAt: string;
  /** The question files it was fitted on, and how many questions each gave. */
  /** Each training file; `answers: false` when it trained quote choice and fusion only, not answerability. */
  readonly fittedOn: readonly { readonly file: string; readonly questions: number; readonly answers?: boolean | undefined }[];
  /** Weight of the dense ranking in weighted reciprocal rank fusion; the lexical ranking weighs 1. */
  readonly denseWeight: number;
  readonly quote: LogisticModel;
  readonly answer: LogisticModel;
}

export const CALIBRATION_FORMAT = 1;

const modelSchema = z
  .object({
    features: z.array(z.string()).min(1),
    means: z.array(z.number()),
    scales: z.array(z.number().positive()),
    weights: z.array(z.number()),
    bias: z.number(),
  })
  .refine((m) => m.means.length === m.features.length && m.scales.length === m.features.length && m.weights.length === m.features.length, {
    message: 'features, means, scales and weights must have the same length',
  });

export const calibrationSchema = z.object({
  format: z.literal(CALIBRATION_FORMAT),
  modelId: z.string().nullable(),
  fittedAt: z.string(),
  fittedOn: z.array(z.object({ file: z.string(), questions: z.number().int().nonnegative(), answers: z.boolean().optional() })),
  denseWeight: z.number().min(0).max(1),
  quote: modelSchema,
  answer: modelSchema,
});

/** The file a model's calibration lives in: `lexical.json`, or the model id with `/` as `__`. */
export function calibrationFile(dir: string, modelId: string | null): string {
  return path.join(dir, modelId === null ? 'lexical.json' : `${modelId.replace(/[^\w.-]+/g, '__')}.json`);
}

export function serializeCalibration(calibration: Calibration): string {
  return `${JSON.stringify({ format: CALIBRATION_FORMAT, ...calibration }, null, 1)}\n`;
}

/** Reads a calibration; null when the file does not exist, an AccordError when it exists but is not valid. */
export function readCalibration(file: string): Calibration | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AccordError(`Cannot read the calibration ${file}.`, { hint: 'Check its permissions, or run npm run calibrate to write it again.', cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e: unknown) {
    throw new AccordError(`The calibration ${file} is not valid JSON.`, { hint: 'Run npm run calibrate to write it again.', cause: e });
  }
  const parsed = calibrationSchema.safeParse(json);
  if (!parsed.success) {
    throw new AccordError(`The calibration ${file} is not in the expected format: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`, {
      hint: 'Run npm run calibrate to write it again.',
    });
  }
  const { format: _format, ...calibration } = parsed.data;
  return calibration;
}

/** The calibrations retrieval runs with, and a sentence saying what was missing, if anything. */
export interface CalibrationChoice {
  readonly lexical: Calibration;
  /** For the configured model; null when the model has none (hybrid then falls back as `notice` says). */
  readonly model: Calibration | null;
  readonly notice?: string;
}

/**
 * Loads the lexical calibration and the configured model's (small files, read synchronously at start-up). The lexical one ships with Accord; a model without one
 * runs hybrid retrieval conservatively (see {@link uncalibratedModel}) and says so.
 */
export function loadCalibrations(dir: string, modelId: string | null): CalibrationChoice {
  const lexicalFile = calibrationFile(dir, null);
  const lexical = readCalibration(lexicalFile);
  if (lexical === null) {
    throw new AccordError(`The lexical calibration ${lexicalFile} is missing.`, {
      hint: 'It ships with Accord: restore it from git (git checkout -- calibration/lexical.json), or set CALIBRATION_DIR to the folder that holds it.',
    });
  }
  if (modelId === null) return { lexical, model: null };
  const model = readCalibration(calibrationFile(dir, modelId));
  if (model !== null) return { lexical, model };
  return {
    lexical,
    model: null,
    notice:
      `no calibration for ${modelId} in ${dir}: the dense ranking weighs ${UNCALIBRATED_DENSE_WEIGHT} in fusion and answers are judged by ` +
      'the lexical calibration. Run npm run calibrate to fit one for this model (README, "Calibration").',
  };
}

/**
 * Fusion weight of the dense ranking for a model nobody calibrated. Its similarities may mean little (a random or
 * badly matched model), and a weak dense side drags a good lexical ranking down (measured with GloVe on SciFact:
 * plain RRF, weight 1, fell from 0.623 to 0.454 nDCG@10), so an unknown model only breaks near-ties.
 */
export const UNCALIBRATED_DENSE_WEIGHT = 0.2;

/** The calibration to answer with: the model's own, or the lexical one with the conservative fusion weight. */
export function uncalibratedModel(lexical: Calibration, modelId: string): Calibration {
  return { ...lexical, modelId, denseWeight: UNCALIBRATED_DENSE_WEIGHT };
}
