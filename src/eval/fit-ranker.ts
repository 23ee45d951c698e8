import { fitLogistic, MAX_NEWTON_STEP, solveLinear, type FeatureRow, type LogisticModel } from '../retrieval/logistic-model.js';

/**
 * Fits the quote model as a ranker: a conditional logit (McFadden 1974), the softmax over one question's candidates,
 * maximising the probability of the candidates that hold the answer. Choosing a quote is choosing among the
 * candidates of one question, so this fits what is asked of the model, where a pointwise fit also spends its
 * capacity on telling questions apart. A one-signal logistic fit (Platt scaling) then turns the ranking score into
 * a probability, so the result is an ordinary `LogisticModel`.
 */

export interface RankingGroup {
  readonly rows: readonly FeatureRow[];
  readonly labels: readonly boolean[];
  /** The question's weight in the fit. */
  readonly weight: number;
}

export interface RankerOptions {
  readonly l2?: number;
  readonly iterations?: number;
  readonly signs?: Readonly<Record<string, 1 | -1>>;
}

export function fitRanker(features: readonly string[], groups: readonly RankingGroup[], options: RankerOptions = {}): LogisticModel {
  const useful = groups.filter((g) => g.labels.some(Boolean) && g.labels.some((l) => !l));
  const all = useful.flatMap((g) => g.rows);
  const means = features.map((f) => all.reduce((s, r) => s + (r[f] ?? 0), 0) / Math.max(1, all.length));
  const scales = features.map((f, j) => {
    const variance = all.reduce((s, r) => s + ((r[f] ?? 0) - means[j]!) ** 2, 0) / Math.max(1, all.length);
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  const standardised = useful.map((g) => ({ ...g, x: g.rows.map((r) => features.map((f, j) => ((r[f] ?? 0) - means[j]!) / scales[j]!)) }));
  const held = new Set<number>();
  let weights = new Array<number>(features.length).fill(0);
  for (;;) {
    weights = newton(standardised, features.length, held, options.l2 ?? 1e-2, options.iterations ?? 30);
    let worst = -1;
    let worstValue = 0;
    features.forEach((f, j) => {
      const value = (options.signs?.[f] ?? 0) * weights[j]!;
      if (!held.has(j) && value < worstValue) [worst, worstValue] = [j, value];
    });
    if (worst < 0) break;
    held.add(worst);
  }
  const ranking: LogisticModel = { features: [...features], means, scales, weights, bias: 0 };
  // Platt scaling: the probability that a candidate holds the answer, from its ranking score.
  const score = (r: FeatureRow) => features.reduce((s, f, j) => s + (weights[j]! * ((r[f] ?? 0) - means[j]!)) / scales[j]!, 0);
  const rows = groups.flatMap((g) => g.rows.map((r) => ({ score: score(r) })));
  const platt = fitLogistic(['score'], rows, groups.flatMap((g) => g.labels), {
    sampleWeights: groups.flatMap((g) => g.rows.map(() => g.weight)),
  });
  const slope = platt.weights[0]! / platt.scales[0]!;
  return { ...ranking, weights: weights.map((w) => w * slope), bias: platt.bias - slope * platt.means[0]! };
}

/** Newton's method on the weighted conditional log-likelihood with an L2 penalty; held weights stay 0. */
function newton(groups: readonly (RankingGroup & { x: number[][] })[], d: number, held: ReadonlySet<number>, l2: number, iterations: number): number[] {
  const w = new Array<number>(d).fill(0);
  const total = groups.reduce((s, g) => s + g.weight, 0) || 1;
  for (let it = 0; it < iterations; it++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const g of groups) {
      const scores = g.x.map((x) => x.reduce((s, v, j) => s + v * w[j]!, 0));
      // Each softmax is taken against its own largest score, so that neither can underflow to all zeros.
      const moments = (mask: (i: number) => boolean) => {
        const top = Math.max(...scores.filter((_, i) => mask(i)));
        const e = scores.map((s) => Math.exp(s - top));
        let z = 0;
        const mean = new Array<number>(d).fill(0);
        e.forEach((ei, i) => {
          if (!mask(i)) return;
          z += ei;
          g.x[i]!.forEach((v, j) => (mean[j]! += ei * v));
        });
        for (let j = 0; j < d; j++) mean[j]! /= z;
        const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
        e.forEach((ei, i) => {
          if (!mask(i)) return;
          const x = g.x[i]!;
          for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a]![b]! += (ei / z) * (x[a]! - mean[a]!) * (x[b]! - mean[b]!);
        });
        return { mean, cov };
      };
      const all = moments(() => true);
      const pos = moments((i) => g.labels[i] === true);
      const weight = g.weight / total;
      for (let a = 0; a < d; a++) {
        gradient[a]! += weight * (pos.mean[a]! - all.mean[a]!);
        for (let b = 0; b < d; b++) hessian[a]![b]! += weight * (all.cov[a]![b]! - pos.cov[a]![b]!);
      }
    }
    for (let a = 0; a < d; a++) {
      gradient[a]! -= l2 * w[a]!;
      hessian[a]![a]! += l2;
    }
    for (const j of held) {
      gradient[j] = 0;
      hessian[j]!.fill(0);
      hessian.forEach((row) => (row[j] = 0));
      hessian[j]![j] = 1;
    }
    const step = solveLinear(hessian, gradient);
    // A damped step: on nearly separable data a full Newton step can overshoot far enough to diverge.
    const largest = Math.max(...step.map(Math.abs));
    const damping = largest > MAX_NEWTON_STEP ? MAX_NEWTON_STEP / largest : 1;
    let change = 0;
    for (let a = 0; a < d; a++) {
      w[a]! += damping * step[a]!;
      change = Math.max(change, Math.abs(step[a]!));
    }
    if (change < 1e-7) break;
  }
  return w;
}
