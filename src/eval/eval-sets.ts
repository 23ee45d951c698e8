import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AccordError } from '../errors.js';
import { isBeirDir } from './beir.js';

/**
 * What `npm run eval` and `npm run calibrate` run on. A question file (`{id, kind, question, evidence}` lines) is
 * answered from its own corpus: the one named after `=`, else a `corpus/` folder beside the file, else the
 * configured CORPUS_DIR. A folder in BEIR layout is a ranking benchmark over its own corpus.
 */
export type EvalSet =
  | { readonly kind: 'questions'; readonly name: string; readonly file: string; readonly corpusDir: string }
  | { readonly kind: 'beir'; readonly name: string; readonly dir: string };

/** Names a set by its file and folder: `squad2/test`, `eval/questions.dev`, `beir/scifact`. */
function setName(file: string): string {
  const parts = path.resolve(file).split(path.sep);
  const base = (parts.pop() ?? file).replace(/\.jsonl$/, '');
  return `${parts.pop() ?? ''}/${base}`;
}

/** Parses `file.jsonl`, `file.jsonl=corpus-dir` or a BEIR folder, relative to `cwd`. */
export function parseEvalSet(spec: string, cwd: string, defaultCorpusDir: string): EvalSet {
  const [target = '', corpus] = spec.split('=');
  const resolved = path.resolve(cwd, target);
  if (!existsSync(resolved)) throw new AccordError(`${target} does not exist.`, { hint: 'Give a question file (.jsonl), file.jsonl=corpus-folder, or a BEIR dataset folder.' });
  if (statSync(resolved).isDirectory()) {
    if (!isBeirDir(resolved)) {
      throw new AccordError(`${target} is a folder but not a BEIR dataset (queries.jsonl and qrels/test.tsv are missing).`, {
        hint: 'Give a question file (.jsonl), file.jsonl=corpus-folder, or a BEIR dataset folder.',
      });
    }
    return { kind: 'beir', name: setName(resolved), dir: resolved };
  }
  const beside = path.join(path.dirname(resolved), 'corpus');
  const corpusDir = corpus ? path.resolve(cwd, corpus) : existsSync(beside) ? beside : defaultCorpusDir;
  if (!existsSync(corpusDir)) throw new AccordError(`The corpus folder ${corpus ?? corpusDir} does not exist.`, { hint: 'Write file.jsonl=corpus-folder with an existing folder.' });
  return { kind: 'questions', name: setName(resolved), file: resolved, corpusDir };
}

/**
 * What `npm run eval` runs with no arguments: the question and benchmark sets in ../shared that exist, and the
 * project's own paraphrased questions on the seed corpus, held out from calibration.
 */
export function defaultEvalSets(projectRoot: string, defaultCorpusDir: string): EvalSet[] {
  const shared = path.resolve(projectRoot, '..', 'shared');
  const candidates = [
    path.join(shared, 'eval', 'questions.dev.jsonl'),
    `${path.join(projectRoot, 'calibration', 'validation', 'accord-questions.jsonl')}=${path.join(projectRoot, 'corpus')}`,
    path.join(shared, 'bench-corpus', 'squad2', 'test.jsonl'),
    path.join(shared, 'bench-corpus', 'beir', 'scifact'),
  ];
  return candidates.filter((c) => existsSync(c.split('=')[0]!)).map((c) => parseEvalSet(c, projectRoot, defaultCorpusDir));
}

/** A cache folder name for a corpus: readable, and unique per absolute path. */
export function cacheKey(name: string, corpusDir: string): string {
  const hash = createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 10);
  return `${name.replace(/[^\w.-]+/g, '_')}-${hash}`;
}
