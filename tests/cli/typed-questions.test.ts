import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Questions as people type them, through the real CLI path (`ask --json --file`) on the seed corpus in lexical
 * mode: typos, letter–digit joins, abbreviations, filler, and names the corpus lacks.
 */
const run = promisify(execFile);
const root = process.cwd();

interface Line {
  readonly id: string;
  readonly answered: boolean;
  readonly quotes: readonly { readonly text: string }[];
}

/** id → [question, a phrase the first quote must contain, or null when the question must be refused]. */
const CASES: Record<string, readonly [string, string | null]> = {
  typos: ['how many piorun sistems will belgum by', 'between 200 and 300 Piorun systems'],
  // "@everyone" is Discord markup, removed by clean-question.ts (issue 12) before retrieval; the rest is asked here.
  mention: ['how many Piorun systems is Belgium going to buy?', 'between 200 and 300 Piorun systems'],
  joins: ['Where are the F35 pilots from Belgium and Poland training?', 'joint training in the United States'],
  abbreviation: ['How many UAV makers does Ukraine have?', 'over 500 UAV manufacturers'],
  lowercase: ['who is the polish pm', 'Prime Minister Donald Tusk'],
  filler: ['hey plz how many piorun systems will belgium buy thx', 'between 200 and 300 Piorun systems'],
  scholz: ['What did Olaf Scholz say about the IRIS-T?', null],
  denmark: ['How many drones will Denmark buy?', null],
};

let tmp: string;
let answers: Map<string, Line>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-typed-'));
  const env = { ...process.env, INDEX_DIR: path.join(tmp, 'index'), CORPUS_DIR: 'corpus', RETRIEVAL_MODE: 'lexical', LOG_LEVEL: 'silent' };
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env, maxBuffer: 32 * 1024 * 1024 });
  await cli('index', '--json');
  const file = path.join(tmp, 'questions.jsonl');
  await writeFile(file, Object.entries(CASES).map(([id, [question]]) => JSON.stringify({ id, question })).join('\n') + '\n');
  const { stdout } = await cli('ask', '--json', '--file', file);
  answers = new Map(stdout.trim().split('\n').map((line) => JSON.parse(line) as Line).map((line) => [line.id, line]));
}, 180_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('typed questions on the seed corpus (lexical mode)', () => {
  for (const [id, [question, expected]] of Object.entries(CASES)) {
    it(expected === null ? `refuses "${question}"` : `answers "${question}" with the right sentence`, () => {
      const answer = answers.get(id);
      expect(answer).toBeDefined();
      if (expected === null) {
        expect(answer?.answered).toBe(false);
      } else {
        expect(answer?.answered).toBe(true);
        expect(answer?.quotes[0]?.text).toContain(expected);
      }
    });
  }
});
