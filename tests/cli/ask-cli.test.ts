import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = process.cwd();
const devQuestions = path.resolve(root, '../shared/eval/questions.dev.jsonl');
const hasShared = existsSync(devQuestions);

/** The dev figures measured in lexical mode with the shipped calibration (README, Evaluation). */
const DEV_FLOORS = { hitAt3: 0.92, firstQuote: 0.7, answered: 0.8, abstention: 0.75, auroc: 0.8 };

let tmp: string;
let env: NodeJS.ProcessEnv;

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env, maxBuffer: 32 * 1024 * 1024 });
  return stdout;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-cli-'));
  // Lexical mode: the mode that runs on a machine without the model, fast and deterministic.
  env = { ...process.env, INDEX_DIR: path.join(tmp, 'index'), EVAL_CACHE_DIR: path.join(tmp, 'eval'), RETRIEVAL_MODE: 'lexical', LOG_LEVEL: 'silent', TOP_K: '5' };
  await cli('index', '--json');
}, 120_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('npm run ask', () => {
  it('quotes the Piorun sentence, cited, for the README example', async () => {
    const out = await cli('ask', 'How many Piorun systems is Belgium buying?');
    expect(out).toContain('> Under the agreement, Belgium is set to purchase between 200 and 300 Piorun systems.');
    expect(out).toMatch(/\[1\] .+¶ \d+/);
    expect(out).toContain('mode: lexical fallback');
  });

  it('prints exactly the documented JSON shape, TOP_K passages, offsets into the file text', async () => {
    const line = JSON.parse(await cli('ask', '--json', 'Where will the NATO-Ukraine training center be located?'));
    expect(Object.keys(line).sort()).toEqual(['answered', 'confidence', 'id', 'mode', 'passages', 'question', 'quotes']);
    expect(line.confidence).toBeGreaterThanOrEqual(0);
    expect(line.confidence).toBeLessThanOrEqual(1);
    expect(line.passages).toHaveLength(5);
    for (const q of line.quotes) {
      expect(Object.keys(q).sort()).toEqual(['docId', 'end', 'page', 'paragraph', 'paragraphOnPage', 'path', 'score', 'source', 'start', 'text', 'textPath', 'title']);
      expect((await readFile(path.join(root, q.path), 'utf8')).slice(q.start, q.end)).toBe(q.text);
      expect((await readFile(path.resolve(root, q.textPath), 'utf8')).slice(q.start, q.end)).toBe(q.text);
      expect(q.page).toBeNull(); // .txt documents have no pages
    }
    for (const p of line.passages) {
      expect(Object.keys(p).sort()).toEqual(['chunkId', 'docId', 'end', 'path', 'score', 'start', 'text', 'textPath']);
      expect((await readFile(path.join(root, p.path), 'utf8')).slice(p.start, p.end)).toBe(p.text);
    }
  });

  it('says so instead of quoting when the corpus does not answer', async () => {
    const out = await cli('ask', 'What is a good recipe for banana bread?');
    expect(out).toContain('The corpus does not answer this question.');
    expect(out).not.toContain('> ');
  });

  it('rejects a question file with bad lines, listing each', async () => {
    const file = path.join(tmp, 'bad.jsonl');
    await writeFile(file, '{"id":"a","question":"ok?"}\nnot json\n{"id":"c"}\n');
    await expect(cli('ask', '--json', '--file', file)).rejects.toMatchObject({ stderr: expect.stringMatching(/line 2: not valid JSON[\s\S]*line 3/) });
  });
});

describe.skipIf(!hasShared)('over the dev questions (../shared)', () => {
  it('answers every question with quotes that are verbatim at their offsets, in input order', async () => {
    const lines = (await cli('ask', '--json', '--file', devQuestions)).trim().split('\n').map((l) => JSON.parse(l));
    const ids = (await readFile(devQuestions, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).id);
    expect(lines.map((l) => l.id)).toEqual(ids);
    let quotes = 0;
    for (const line of lines) {
      for (const q of line.quotes) {
        quotes++;
        expect((await readFile(path.join(root, q.path), 'utf8')).slice(q.start, q.end)).toBe(q.text);
      }
    }
    expect(quotes).toBeGreaterThan(20);
  });

  // Floors at the figures measured with the shipped calibration (README, Evaluation), so that a change that makes
  // answers worse on the dev set fails here; the bars are reported, not asserted, where they are not met.
  it('stays at or above the measured dev figures in lexical mode, broken down by kind', async () => {
    const { results } = JSON.parse(await cli('eval', '--json', devQuestions));
    expect(results).toHaveLength(1);
    const [result] = results;
    expect(result).toMatchObject({ set: 'eval/questions.dev', kind: 'questions', mode: 'lexical' });
    expect(Object.keys(result.byKind).sort()).toEqual(['multi', 'none', 'single']);
    const report = result.all;
    expect(report.hitAt3).toBeGreaterThanOrEqual(DEV_FLOORS.hitAt3);
    expect(report.firstQuoteAccuracy).toBeGreaterThanOrEqual(DEV_FLOORS.firstQuote);
    expect(report.answeredRate).toBeGreaterThanOrEqual(DEV_FLOORS.answered);
    expect(report.abstentionAccuracy).toBeGreaterThanOrEqual(DEV_FLOORS.abstention);
    expect(report.auroc).toBeGreaterThanOrEqual(DEV_FLOORS.auroc);
    expect(report.quoteVerbatimRate).toBe(1);
  });
});
