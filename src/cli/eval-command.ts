import { lazyEmbedder } from '../app/load-embedder.js';
import { retrieverSettings } from '../app/create-services.js';
import { AccordError } from '../errors.js';
import { defaultEvalSets, parseEvalSet, type EvalSet } from '../eval/eval-sets.js';
import { runEval, type SetResult } from '../eval/run-eval.js';
import type { RetrievalMode } from '../retrieval/types.js';
import type { CliContext } from './context.js';
import { formatEvalResults } from './format-eval.js';

export interface EvalOptions {
  readonly json?: boolean;
  readonly mode?: string;
  readonly limit?: string;
}

/**
 * `eval [sets…]`: every question file and BEIR folder given (or, with none, every set in ../shared), in lexical and
 * hybrid mode, one table per set broken down by question kind, then all sets side by side.
 */
export async function runEvalCommand(ctx: CliContext, specs: readonly string[], options: EvalOptions): Promise<number> {
  const { config } = ctx;
  const sets: EvalSet[] = specs.length
    ? specs.map((s) => parseEvalSet(s, process.cwd(), config.corpusDir))
    : defaultEvalSets(config.projectRoot, config.corpusDir);
  if (sets.length === 0) {
    throw new AccordError('No question sets given, and none found in ../shared.', { hint: 'Run npm run eval -- questions.jsonl (or a BEIR folder).' });
  }
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new AccordError(`--limit must be a whole number above 0 (got "${options.limit}").`);
  const wanted = options.mode ?? 'both';
  if (!['lexical', 'hybrid', 'both'].includes(wanted)) throw new AccordError(`--mode must be lexical, hybrid or both (got "${wanted}").`);

  const { embedder, reason } = wanted === 'lexical' ? { embedder: null, reason: '--mode lexical' } : await lazyEmbedder(config, 'indexing')();
  if (wanted === 'hybrid' && embedder === null) {
    throw new AccordError(`Hybrid mode needs the embedding model, which is unavailable: ${reason}.`, { hint: 'See README, "The embedding model", or run with --mode lexical.' });
  }
  const modes: RetrievalMode[] = embedder === null ? ['lexical'] : wanted === 'both' ? ['lexical', 'hybrid'] : [wanted as RetrievalMode];
  if (embedder === null && wanted === 'both') console.error(`Lexical mode only: ${reason}.`);
  const settings = retrieverSettings(config);
  if (embedder && settings.calibrations.notice) console.error(`Note: ${settings.calibrations.notice}`);

  const results: SetResult[] = await runEval(
    { config, settings, embedder, modes, ...(limit === undefined ? {} : { limit }), onProgress: (m) => ctx.logger.info(m) },
    sets,
  );
  console.log(options.json ? JSON.stringify({ modelId: embedder?.modelId ?? null, results }) : formatEvalResults(results, embedder?.modelId ?? null));
  return 0;
}
