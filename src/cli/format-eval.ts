import type { EvalReport } from './evaluate.js';
import type { SetResult } from '../eval/run-eval.js';

/**
 * Published plain-BM25 figures for the shared benchmark sets, printed beside Accord's (from the sets' READMEs):
 * SQuAD 2 windows of three sentences, k1=0.9, b=0.4; SciFact BEIR paper and Anserini "flat".
 */
const BASELINES: readonly { readonly set: string; readonly text: string }[] = [
  { set: 'squad2/test', text: 'plain BM25 (shared README): hit@1 0.802, hit@3 0.877, MRR@5 0.845, abstention AUROC 0.539' },
  { set: 'beir/scifact', text: 'plain BM25: nDCG@10 0.665 (BEIR paper), 0.679 (Anserini flat); recall@100 0.929 (shared README)' },
];

const pct = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));

const QUESTION_ROWS: readonly [string, (r: EvalReport) => string][] = [
  ['questions', (r) => String(r.questions)],
  ['hit@1', (r) => (r.answerable ? pct(r.hitAt1) : '—')],
  ['hit@3', (r) => (r.answerable ? pct(r.hitAt3) : '—')],
  ['MRR@5', (r) => (r.answerable ? pct(r.mrrAt5) : '—')],
  ['first quote', (r) => (r.answerable ? pct(r.firstQuoteAccuracy) : '—')],
  ['answered', (r) => (r.answerable ? pct(r.answeredRate) : '—')],
  ['abstention', (r) => (r.unanswerable ? pct(r.abstentionAccuracy) : '—')],
  ['verbatim', (r) => pct(r.quoteVerbatimRate)],
  ['AUROC', (r) => pct(r.auroc)],
  ['calibration error', (r) => pct(r.calibrationError)],
];

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One table per set (columns: mode × question kind), then every set side by side, then the baselines. */
export function formatEvalResults(results: readonly SetResult[], modelId: string | null): string {
  const out: string[] = [];
  for (const set of [...new Set(results.map((r) => r.set))]) {
    const ofSet = results.filter((r) => r.set === set);
    const first = ofSet[0]!;
    if (first.kind === 'beir') {
      const rows = ofSet.flatMap((r) => (r.kind === 'beir' ? [[r.mode, String(r.queries), pct(r.ndcgAt10), pct(r.recallAt100)]] : []));
      out.push(`## ${set}`, table(['mode', 'queries', 'nDCG@10', 'recall@100'], rows));
    } else {
      const columns = ofSet.flatMap((r) => (r.kind === 'questions' ? [[`${r.mode}`, r.all] as const, ...Object.entries(r.byKind).map(([k, rep]) => [`${r.mode} ${k}`, rep] as const)] : []));
      out.push(`## ${set}`, table(['', ...columns.map(([name]) => name)], QUESTION_ROWS.map(([name, get]) => [name, ...columns.map(([, rep]) => get(rep))])));
    }
    const baseline = BASELINES.find((b) => b.set === set);
    if (baseline) out.push(`baseline: ${baseline.text}`);
    out.push('');
  }
  const summary = results.map((r) =>
    r.kind === 'beir'
      ? [r.set, r.mode, `nDCG@10 ${pct(r.ndcgAt10)}`, `recall@100 ${pct(r.recallAt100)}`, '', '', '']
      : [r.set, r.mode, `hit@3 ${pct(r.all.hitAt3)}`, `first quote ${pct(r.all.firstQuoteAccuracy)}`, `answered ${pct(r.all.answeredRate)}`, `abstention ${r.all.unanswerable ? pct(r.all.abstentionAccuracy) : '—'}`, `AUROC ${pct(r.all.auroc)}`],
  );
  out.push(`## all sets${modelId ? ` (hybrid: ${modelId})` : ''}`, table(['set', 'mode', '', '', '', '', ''], summary));
  return out.join('\n');
}
