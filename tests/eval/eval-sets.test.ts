import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccordError } from '../../src/errors.js';
import { cacheKey, defaultEvalSets, parseEvalSet } from '../../src/eval/eval-sets.js';

let root: string;
let defaultCorpus: string;

/** Creates `relative` under the temp root (a folder when it ends in /) and returns its absolute path. */
function make(relative: string, content = ''): string {
  const target = path.join(root, relative);
  if (relative.endsWith('/')) {
    mkdirSync(target, { recursive: true });
  } else {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return path.resolve(target);
}

function makeBeir(relative: string): string {
  make(`${relative}/queries.jsonl`, '{"_id":"q1","text":"a question"}\n');
  make(`${relative}/qrels/test.tsv`, 'query-id\tcorpus-id\tscore\nq1\td1\t1\n');
  return path.join(root, relative);
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'accord-eval-sets-'));
  defaultCorpus = make('default-corpus/');
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('parseEvalSet', () => {
  it('answers a question file from the configured corpus when nothing else is given', () => {
    const file = make('eval/questions.dev.jsonl');
    expect(parseEvalSet('eval/questions.dev.jsonl', root, defaultCorpus)).toEqual({ kind: 'questions', name: 'eval/questions.dev', file, corpusDir: defaultCorpus });
  });

  it('answers a question file from the corpus named after =, relative to cwd', () => {
    make('squad2/test.jsonl');
    const corpus = make('squad2-corpus/');
    make('squad2/corpus/');
    expect(parseEvalSet('squad2/test.jsonl=squad2-corpus', root, defaultCorpus)).toMatchObject({ kind: 'questions', name: 'squad2/test', corpusDir: corpus });
  });

  it('answers a question file from a corpus/ folder beside it', () => {
    make('squad2/test.jsonl');
    const beside = make('squad2/corpus/');
    expect(parseEvalSet(path.join(root, 'squad2/test.jsonl'), '/', defaultCorpus)).toMatchObject({ kind: 'questions', corpusDir: beside });
  });

  it('reads a folder in BEIR layout as a ranking benchmark', () => {
    const dir = makeBeir('beir/scifact');
    expect(parseEvalSet('beir/scifact', root, defaultCorpus)).toEqual({ kind: 'beir', name: 'beir/scifact', dir });
  });

  it('rejects a folder that is not a BEIR dataset', () => {
    make('beir/half/queries.jsonl', '{"_id":"q1","text":"a question"}\n');
    expect(() => parseEvalSet('beir/half', root, defaultCorpus)).toThrow(AccordError);
    expect(() => parseEvalSet('beir/half', root, defaultCorpus)).toThrow('beir/half is a folder but not a BEIR dataset');
  });

  it('rejects a path that does not exist, and a corpus that does not exist', () => {
    expect(() => parseEvalSet('eval/nothing.jsonl', root, defaultCorpus)).toThrow(AccordError);
    expect(() => parseEvalSet('eval/nothing.jsonl', root, defaultCorpus)).toThrow('eval/nothing.jsonl does not exist');
    make('eval/questions.jsonl');
    expect(() => parseEvalSet('eval/questions.jsonl=no-such-corpus', root, defaultCorpus)).toThrow(AccordError);
    expect(() => parseEvalSet('eval/questions.jsonl=no-such-corpus', root, defaultCorpus)).toThrow('no-such-corpus does not exist');
    expect(() => parseEvalSet('eval/questions.jsonl', root, path.join(root, 'gone'))).toThrow(AccordError);
  });
});

describe('defaultEvalSets', () => {
  it('lists the sets in ../shared that exist', () => {
    const project = make('project/');
    expect(defaultEvalSets(project, defaultCorpus)).toEqual([]);
    make('shared/eval/questions.dev.jsonl');
    makeBeir('shared/bench-corpus/beir/scifact');
    expect(defaultEvalSets(project, defaultCorpus).map((s) => [s.kind, s.name])).toEqual([
      ['questions', 'eval/questions.dev'],
      ['beir', 'beir/scifact'],
    ]);
  });
});

describe('cacheKey', () => {
  it('is file-safe, readable, and differs between corpus folders of the same name', () => {
    const key = cacheKey('squad2/test', '/a/corpus');
    expect(key).toMatch(/^squad2_test-[0-9a-f]{10}$/);
    expect(cacheKey('squad2/test', '/a/corpus')).toBe(key);
    expect(cacheKey('squad2/test', '/b/corpus')).not.toBe(key);
  });
});
