import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccordError } from '../../src/errors.js';
import {
  calibrationFile,
  loadCalibrations,
  readCalibration,
  serializeCalibration,
  uncalibratedModel,
  UNCALIBRATED_DENSE_WEIGHT,
  type Calibration,
} from '../../src/retrieval/calibration.js';

const model = (features: string[]) => ({ features, means: features.map(() => 0.5), scales: features.map(() => 2), weights: features.map((_, i) => i - 0.5), bias: -1.25 });

const calibration = (modelId: string | null, denseWeight = 0.4): Calibration => ({
  modelId,
  fittedAt: '2026-12-01T00:00:00.000Z',
  fittedOn: [{ file: 'eval/questions.dev', questions: 50 }],
  denseWeight,
  quote: model(['coverage', 'typeHeld']),
  answer: model(['bestQuote']),
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'accord-calibration-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The AccordError `attempt` throws (fails the test when it throws nothing or something else). */
function accordErrorOf(attempt: () => unknown): AccordError {
  try {
    attempt();
  } catch (e: unknown) {
    expect(e).toBeInstanceOf(AccordError);
    return e as AccordError;
  }
  throw new Error('expected an AccordError, nothing was thrown');
}

describe('calibrationFile', () => {
  it('names the lexical calibration lexical.json and a model’s after its id, without path separators', () => {
    expect(calibrationFile('/c', null)).toBe(path.join('/c', 'lexical.json'));
    expect(calibrationFile('/c', 'Xenova/all-MiniLM-L6-v2')).toBe(path.join('/c', 'Xenova__all-MiniLM-L6-v2.json'));
    expect(path.dirname(calibrationFile('/c', '../../etc/passwd'))).toBe('/c');
  });
});

describe('readCalibration', () => {
  it('reads back what serializeCalibration wrote', () => {
    const file = path.join(dir, 'm.json');
    const original = calibration('Xenova/all-MiniLM-L6-v2');
    writeFileSync(file, serializeCalibration(original));
    expect(readCalibration(file)).toEqual(original);
    expect(JSON.parse(serializeCalibration(original))).toMatchObject({ format: 1 });
  });

  it('returns null when the file does not exist', () => {
    expect(readCalibration(path.join(dir, 'missing.json'))).toBeNull();
  });

  it('rejects a file that is not JSON, naming the file', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{"format": 1,');
    const error = accordErrorOf(() => readCalibration(file));
    expect(error.message).toContain(file);
    expect(error.message).toContain('not valid JSON');
    expect(error.hint).toContain('npm run calibrate');
  });

  it('rejects JSON of the wrong shape, naming the file and what is wrong', () => {
    const file = path.join(dir, 'shape.json');
    const good = JSON.parse(serializeCalibration(calibration(null))) as Record<string, unknown>;
    const cases: Record<string, unknown>[] = [
      { ...good, format: 2 },
      { ...good, denseWeight: 1.5 },
      { ...good, quote: { ...model(['coverage']), weights: [1, 2] } },
      { ...good, answer: { ...model(['bestQuote']), scales: [0] } },
      { format: 1 },
    ];
    for (const json of cases) {
      writeFileSync(file, JSON.stringify(json));
      const error = accordErrorOf(() => readCalibration(file));
      expect(error.message).toContain(file);
      expect(error.message).toContain('not in the expected format');
    }
    writeFileSync(file, JSON.stringify({ ...good, denseWeight: 1.5 }));
    expect(accordErrorOf(() => readCalibration(file)).message).toContain('denseWeight');
  });
});

describe('loadCalibrations', () => {
  const write = (c: Calibration) => writeFileSync(calibrationFile(dir, c.modelId), serializeCalibration(c));

  it('loads the lexical calibration alone in lexical mode', () => {
    write(calibration(null));
    expect(loadCalibrations(dir, null)).toEqual({ lexical: calibration(null), model: null });
  });

  it('loads the configured model’s calibration beside the lexical one', () => {
    write(calibration(null));
    write(calibration('org/model', 0.7));
    const choice = loadCalibrations(dir, 'org/model');
    expect(choice.model).toEqual(calibration('org/model', 0.7));
    expect(choice.notice).toBeUndefined();
  });

  it('returns no model calibration, and a notice naming the model, when the model has none', () => {
    write(calibration(null));
    const choice = loadCalibrations(dir, 'org/uncalibrated-model');
    expect(choice.model).toBeNull();
    expect(choice.lexical).toEqual(calibration(null));
    expect(choice.notice).toContain('org/uncalibrated-model');
    expect(choice.notice).toContain('npm run calibrate');
  });

  it('fails with an AccordError naming lexical.json when the lexical calibration is missing', () => {
    write(calibration('org/model'));
    const error = accordErrorOf(() => loadCalibrations(dir, 'org/model'));
    expect(error.message).toContain(path.join(dir, 'lexical.json'));
    expect(error.message).toContain('missing');
    expect(() => loadCalibrations(path.join(dir, 'nowhere'), null)).toThrow(AccordError);
  });

  it('fails rather than skip a model calibration that is invalid', () => {
    write(calibration(null));
    writeFileSync(calibrationFile(dir, 'org/model'), 'not json');
    expect(accordErrorOf(() => loadCalibrations(dir, 'org/model')).message).toContain(calibrationFile(dir, 'org/model'));
  });

  it('loads the calibration Accord ships', () => {
    const shipped = loadCalibrations(fileURLToPath(new URL('../../calibration', import.meta.url)), null).lexical;
    expect(shipped.modelId).toBeNull();
    expect(shipped.answer.features.length).toBeGreaterThan(0);
  });
});

describe('uncalibratedModel', () => {
  it('answers with the lexical models and gives the dense ranking the conservative fusion weight', () => {
    const lexical = calibration(null, 0);
    const model = uncalibratedModel(lexical, 'org/model');
    expect(model).toEqual({ ...lexical, modelId: 'org/model', denseWeight: UNCALIBRATED_DENSE_WEIGHT });
    expect(UNCALIBRATED_DENSE_WEIGHT).toBeGreaterThan(0);
    expect(UNCALIBRATED_DENSE_WEIGHT).toBeLessThan(1);
  });
});
