/**
 * A logistic regression over named features: what turns several measured signals into one calibrated probability
 * (whether a sentence holds the answer; whether the corpus answers a question). Features are standardised with the
 * training set's mean and spread, so weights are comparable and one ill-scaled signal cannot dominate the fit.
 */

export interface LogisticModel {
  readonly features: readonly string[];
  readonly means: readonly number[];
  readonly scales: readonly number[];
  readonly weights: readonly number[];
  readonly bias: number;
}

export type FeatureRow = Readonly<Record<string, number>>;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Largest change of one standardised weight in one Newton step (also used by the quote ranker's fit). */
export const MAX_NEWTON_STEP = 2;

/** The model's probability for one row; a feature missing from the row counts as 0. */
export function predict(model: LogisticModel, row: FeatureRow): number {
  let z = model.bias;
  model.features.forEach((name, i) => {
    z += (model.weights[i]! * ((row[name] ?? 0) - model.means[i]!)) / model.scales[i]!;
  });
  return sigmoid(z);
}

export interface FitOptions {
  /** L2 penalty on the standardised weights (not the bias), per example. */
  readonly l2?: number;
  readonly iterations?: number;
  /** Per-example weights (default 1): balances sources of different sizes. */
  readonly sampleWeights?: readonly number[];
  /**
   * The direction each named signal may act in (1: more means likelier, -1: less likely). A weight that the data
   * would give the other sign is held at 0 instead: a signal known to count against an answer (a missing name) must
   * never count for one because of a quirk of the training set.
   */
  readonly signs?: Readonly<Record<string, 1 | -1>>;
}

/**
 * Fits with sign constraints by an active set: fit, hold at 0 the weight furthest on the wrong side, fit again,
 * until every free weight has its allowed sign.
 */
export function fitLogistic(features: readonly string[], rows: readonly FeatureRow[], labels: readonly boolean[], options: FitOptions = {}): LogisticModel {
  const held = new Set<string>();
  for (;;) {
    const model = fitUnconstrained(features, rows, labels, options, held);
    // Hold one signal at a time, the one furthest on the wrong side: with correlated signals, holding one often
    // brings another back to its own side.
    let worst: string | undefined;
    let worstValue = 0;
    features.forEach((f, i) => {
      const value = (options.signs?.[f] ?? 0) * model.weights[i]!;
      if (!held.has(f) && value < worstValue) [worst, worstValue] = [f, value];
    });
    if (worst === undefined) return model;
    held.add(worst);
  }
}

/**
 * Fits by Newton's method (iteratively reweighted least squares), which converges in a few dozen steps for the
 * handful of features used here. A feature that never varies, or is held, gets weight 0.
 */
function fitUnconstrained(
  features: readonly string[],
  rows: readonly FeatureRow[],
  labels: readonly boolean[],
  options: FitOptions,
  held: ReadonlySet<string>,
): LogisticModel {
  const l2 = options.l2 ?? 1e-3;
  const n = rows.length;
  const d = features.length;
  const sampleWeight = (i: number) => options.sampleWeights?.[i] ?? 1;
  const totalWeight = rows.reduce((s, _, i) => s + sampleWeight(i), 0);
  const means = features.map((f) => rows.reduce((s, r, i) => s + sampleWeight(i) * (r[f] ?? 0), 0) / totalWeight);
  const scales = features.map((f, j) => {
    const variance = rows.reduce((s, r, i) => s + sampleWeight(i) * ((r[f] ?? 0) - means[j]!) ** 2, 0) / totalWeight;
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  const constant = features.map((f, j) => held.has(f) || (scales[j] === 1 && rows.every((r) => (r[features[j]!] ?? 0) === means[j])));
  const x = rows.map((r) => [1, ...features.map((f, j) => (constant[j] ? 0 : ((r[f] ?? 0) - means[j]!) / scales[j]!))]);
  const beta = new Array<number>(d + 1).fill(0);
  for (let iteration = 0; iteration < (options.iterations ?? 50); iteration++) {
    const gradient = new Array<number>(d + 1).fill(0);
    const hessian = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const p = sigmoid(xi.reduce((s, v, j) => s + v * beta[j]!, 0));
      const w = sampleWeight(i) / totalWeight;
      const residual = w * (p - (labels[i] ? 1 : 0));
      const curvature = w * Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a <= d; a++) {
        gradient[a]! += residual * xi[a]!;
        for (let b = 0; b <= d; b++) hessian[a]![b]! += curvature * xi[a]! * xi[b]!;
      }
    }
    for (let a = 1; a <= d; a++) {
      gradient[a]! += l2 * beta[a]!;
      hessian[a]![a]! += l2;
    }
    const step = solveLinear(hessian, gradient);
    // A damped step: on nearly separable data a full Newton step can overshoot far enough to diverge.
    const largest = Math.max(...step.map(Math.abs));
    const damping = largest > MAX_NEWTON_STEP ? MAX_NEWTON_STEP / largest : 1;
    let change = 0;
    for (let a = 0; a <= d; a++) {
      beta[a]! -= damping * step[a]!;
      change = Math.max(change, Math.abs(step[a]!));
    }
    if (change < 1e-8) break;
  }
  return { features: [...features], means, scales, weights: beta.slice(1).map((w, j) => (constant[j] ? 0 : w)), bias: beta[0]! };
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite here). */
export function solveLinear(matrix: readonly (readonly number[])[], vector: readonly number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-15) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r]![col]! / p;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  return a.map((row, i) => (Math.abs(row[i]!) < 1e-15 ? 0 : row[n]! / row[i]!));
}
