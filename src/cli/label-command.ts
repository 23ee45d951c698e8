import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { buildReport } from '../feedback/build-report.js';
import type { QuestionStore } from '../feedback/question-store.js';
import type { Label, LabelCandidates } from '../feedback/types.js';
import type { CliContext } from './context.js';
import { useLogStore } from './open-log-store.js';

const DAY_MS = 86_400_000;
const PREVIEW_CHARS = 400;

/** The answers worth labelling: unlabelled, down-voted first, then flagged, then unanswered; one per question. */
export function answersToLabel(store: QuestionStore, sinceMs: number, days: number): string[] {
  const report = buildReport(store.reportRows(sinceMs), days, sinceMs);
  const ids = [...report.downVoted.filter((d) => d.label === null).map((d) => d.answerId), ...report.unanswered.filter((u) => u.label === null).map((u) => u.answerId)];
  return [...new Set(ids)];
}

/** One answer as the prompt shows it: the question, its votes, and each ranked passage, shortened. */
export function describeCandidates(c: LabelCandidates, index: number, total: number): string {
  const head = `\n[${index}/${total}] ${c.question}\n    ${c.answered ? 'answered' : 'not answered'} · 👍 ${c.votes.up} · 👎 ${c.votes.down} · "should be answerable" ${c.votes.missing}`;
  const passages = c.passages.map((p) => {
    const text = p.text.replace(/\s+/g, ' ');
    return `  ${p.rank}. ${p.docId} [${p.start}-${p.end}]\n     ${text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text}`;
  });
  return [head, ...(passages.length === 0 ? ['  (no passages were ranked)'] : passages)].join('\n');
}

/** Reads one answer to the prompt: a passage rank, `n` (not answerable), `s` (skip) or `q` (quit). */
export function parseChoice(input: string, ranks: readonly number[]): Label | 'skip' | 'quit' | null {
  const text = input.trim().toLowerCase();
  if (text === 'q') return 'quit';
  if (text === 's' || text === '') return 'skip';
  if (text === 'n') return { kind: 'none' };
  const rank = Number(text);
  return Number.isInteger(rank) && ranks.includes(rank) ? { kind: 'passage', rank } : null;
}

/**
 * `feedback label [--days N]`: an interactive prompt over the unlabelled down-voted, flagged and unanswered
 * questions, showing the ranked passages; each choice is saved at once, so quitting loses nothing.
 */
export async function runFeedbackLabel(ctx: CliContext, options: { days: number }, io: { input: Readable; output: Writable } = { input: process.stdin, output: process.stdout }): Promise<number> {
  return useLogStore(ctx.config, 'write', (store) => promptLabels(store, options.days, io));
}

async function promptLabels(store: QuestionStore, days: number, io: { input: Readable; output: Writable }): Promise<number> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  const say = (text: string) => io.output.write(`${text}\n`);
  let saved = 0;
  try {
    const ids = answersToLabel(store, Date.now() - days * DAY_MS, days);
    if (ids.length === 0) say(`Nothing to label: no unlabelled down-voted, flagged or unanswered questions in the last ${days} days.`);
    const lines = rl[Symbol.asyncIterator]();
    for (const [i, id] of ids.entries()) {
      const candidates = store.candidates(id);
      if (candidates === null) continue;
      say(describeCandidates(candidates, i + 1, ids.length));
      const ranks = candidates.passages.map((p) => p.rank);
      let choice: Label | 'skip' | 'quit' | null = null;
      while (choice === null) {
        io.output.write(`Which passage answers it? ${ranks.length === 0 ? '' : `${ranks[0]}-${ranks.at(-1)}, `}n = not answerable, s = skip, q = quit: `);
        const next = await lines.next();
        if (next.done === true) return finish();
        choice = parseChoice(String(next.value), ranks);
        if (choice === null) say(`"${String(next.value).trim()}" is not one of the choices.`);
      }
      if (choice === 'quit') break;
      if (choice === 'skip') continue;
      store.label(id, choice, null, Date.now());
      saved += 1;
      say(choice.kind === 'none' ? '  saved: not answerable' : `  saved: passage ${choice.rank}`);
    }
    return finish();
  } finally {
    rl.close();
  }

  function finish(): number {
    say(`\n${saved} label(s) saved. Export them with: npm run feedback -- export --out my-questions.jsonl`);
    return 0;
  }
}
