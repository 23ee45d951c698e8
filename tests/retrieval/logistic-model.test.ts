import { describe, expect, it } from 'vitest';
import { fitLogistic, predict, type LogisticModel } from '../../src/retrieval/logistic-model.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('predict', () => {
  it('standardises each feature with its mean and scale, then applies the weights and bias', () => {
    const model: LogisticModel = { features: ['a', 'b'], means: [1, 10], scales: [2, 5], weights: [0.5, -1], bias: 0.25 };
    expect(predict(model, { a: 3, b: 20 })).toBeCloseTo(sigmoid(0.25 + 0.5 * 1 - 1 * 2), 12);
    expect(predict(model, { a: 1, b: 10 })).toBeCloseTo(sigmoid(0.25), 12);
  });

  it('counts a feature missing from the row as 0 and ignores features the model does not know', () => {
    const model: LogisticModel = { features: ['a'], means: [1], scales: [1], weights: [2], bias: 0 };
    expect(predict(model, {})).toBeCloseTo(sigmoid(-2), 12);
    expect(predict(model, { a: 1, unknown: 100 })).toBe(0.5);
  });
});

describe('fitLogistic', () => {
  const xs = [-2, -1.5, -1, 1, 1.5, 2];
  const rows = xs.map((x) => ({ x }));
  const labels = xs.map((x) => x > 0);

  it('fits a separable set: every training row lands on its side of 0.5, and the weight has the right sign', () => {
    const model = fitLogistic(['x'], rows, labels);
    rows.forEach((row, i) => expect(predict(model, row) > 0.5, `x = ${row.x}`).toBe(labels[i]));
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(predict(model, { x: 0 })).toBeCloseTo(0.5, 6);
    // The features are standardised with the training set's mean and spread.
    expect(model.features).toEqual(['x']);
    expect(model.means[0]).toBeCloseTo(0, 12);
    expect(model.scales[0]).toBeCloseTo(Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length), 12);
    // Reversed labels give the mirror image.
    const reversed = fitLogistic(['x'], rows, labels.map((l) => !l));
    expect(reversed.weights[0]).toBeCloseTo(-(model.weights[0] ?? 0), 6);
  });

  it('gives a feature that never varies weight 0 and scale 1', () => {
    const model = fitLogistic(['x', 'constant'], rows.map((r) => ({ ...r, constant: 7 })), labels);
    expect(model.weights[1]).toBe(0);
    expect(model.scales[1]).toBe(1);
    expect(model.means[1]).toBe(7);
    expect(predict(model, { x: 2, constant: 7 })).toBeGreaterThan(0.5);
    // A constant feature does not change the fit of the others.
    expect(model.weights[0]).toBeCloseTo(fitLogistic(['x'], rows, labels).weights[0] ?? NaN, 6);
  });

  it('learns the base rate with the bias when no feature carries a signal', () => {
    const flat = [{ x: 0 }, { x: 0 }, { x: 0 }, { x: 0 }];
    expect(predict(fitLogistic(['x'], flat, [true, true, true, false]), { x: 0 })).toBeCloseTo(0.75, 6);
  });

  it('shifts the fit towards the examples with larger sample weights', () => {
    // At x = 1 one example says yes and one says no: even weights give 0.5, weighting the "yes" 3:1 gives 0.75.
    const mixed = [{ x: 0 }, { x: 0 }, { x: 1 }, { x: 1 }];
    const outcome = [false, true, false, true];
    const even = fitLogistic(['x'], mixed, outcome, { l2: 0 });
    expect(predict(even, { x: 1 })).toBeCloseTo(0.5, 6);
    const weighted = fitLogistic(['x'], mixed, outcome, { l2: 0, sampleWeights: [1, 1, 1, 3] });
    expect(predict(weighted, { x: 1 })).toBeCloseTo(0.75, 6);
    expect(predict(weighted, { x: 0 })).toBeCloseTo(0.5, 6);
    // Sample weights also weigh the mean used to standardise.
    expect(weighted.means[0]).toBeCloseTo(4 / 6, 12);
  });

  it('keeps separable weights finite through the L2 penalty, smaller as it grows', () => {
    const loose = fitLogistic(['x'], rows, labels, { l2: 1e-3 });
    const tight = fitLogistic(['x'], rows, labels, { l2: 1 });
    expect(Number.isFinite(loose.weights[0])).toBe(true);
    expect(tight.weights[0]).toBeGreaterThan(0);
    expect(tight.weights[0]).toBeLessThan(loose.weights[0] ?? 0);
  });
});
