import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCalibration } from '../../src/retrieval/calibration.js';

const run = promisify(execFile);
const root = process.cwd();
const typed = path.join(root, 'tests', 'fixtures', 'questions.typed.jsonl');

let tmp: string;
let env: NodeJS.ProcessEnv;

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env, maxBuffer: 32 * 1024 * 1024 });
}

/** A BEIR dataset of three documents and two judged queries (one query has no judgment and must be left out). */
async function writeBeir(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'qrels'), { recursive: true });
  const docs = [
    { _id: 'd1', title: 'Footbridge', text: 'The two river towns will share the cost of a new footbridge across the weir.' },
    { _id: 'd2', title: 'Lighting', text: 'The agreement also covers street lighting and public parks in both towns.' },
    { _id: 'd3', title: 'Orchestra', text: 'The city orchestra performed a new symphony at the summer festival.' },
  ];
  await writeFile(path.join(dir, 'corpus.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n'));
  const queries = [
    { _id: 'q1', text: 'who pays for the footbridge over the weir' },
    { _id: 'q2', text: 'symphony performed at the festival' },
    { _id: 'q3', text: 'unjudged question' },
  ];
  await writeFile(path.join(dir, 'queries.jsonl'), queries.map((q) => JSON.stringify(q)).join('\n'));
  await writeFile(path.join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td3\t1\n');
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-eval-cli-'));
  env = {
    ...process.env,
    INDEX_DIR: path.join(tmp, 'index'),
    EVAL_CACHE_DIR: path.join(tmp, 'eval-cache'),
    CALIBRATION_DIR: path.join(tmp, 'calibration'),
    RETRIEVAL_MODE: 'lexical',
    LOG_LEVEL: 'silent',
  };
  await writeBeir(path.join(tmp, 'beir-mini'));
}, 30_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('npm run calibrate and npm run eval', () => {
  it('fits a lexical calibration on training questions and writes it where CALIBRATION_DIR says', async () => {
    const { stdout } = await cli('calibrate', '--lexical', `${typed}=${path.join(root, 'corpus')}`);
    expect(stdout).toContain('Calibration for lexical mode written to');
    const calibration = readCalibration(path.join(tmp, 'calibration', 'lexical.json'));
    expect(calibration?.modelId).toBeNull();
    expect(calibration?.fittedOn).toEqual([{ file: 'fixtures/questions.typed', questions: 50 }]);
    expect(calibration?.quote.features).toContain('coverage');
    expect(calibration?.answer.features).toContain('specificUnknownShare');
  }, 120_000);

  it('leaves --quotes-only files out of the answer model: near misses there do not change it', async () => {
    const nearMisses = path.join(tmp, 'near-misses.jsonl');
    const lines = ['What did the Piorun systems cost Belgium?', 'On what date did Tusk fly to Kyiv?', 'Which Danish minister signed the Piorun letter?'];
    await writeFile(nearMisses, lines.map((question, i) => JSON.stringify({ id: `nm-${i}`, kind: 'none', question, evidence: [] })).join('\n'));
    const corpus = path.join(root, 'corpus');
    const alone = readCalibration(path.join(tmp, 'calibration', 'lexical.json'));
    const { stdout } = await cli('calibrate', '--lexical', `${typed}=${corpus}`, '--quotes-only', `${nearMisses}=${corpus}`);
    expect(stdout).toMatch(/near-misses 3 for quotes only/);
    const quotesOnly = readCalibration(path.join(tmp, 'calibration', 'lexical.json'));
    expect(quotesOnly?.fittedOn).toEqual([{ file: 'fixtures/questions.typed', questions: 50 }, { file: expect.stringContaining('near-misses'), questions: 3, answers: false }]);
    // Unanswerable questions give the quote model nothing to learn, so with them for quotes only both models are the typed set's.
    expect(quotesOnly?.answer).toEqual(alone?.answer);
    expect(quotesOnly?.quote).toEqual(alone?.quote);
    await cli('calibrate', '--lexical', `${typed}=${corpus}`, `${nearMisses}=${corpus}`);
    expect(readCalibration(path.join(tmp, 'calibration', 'lexical.json'))?.answer).not.toEqual(alone?.answer);
  }, 240_000);

  it('refuses to calibrate with quotes-only files alone: the answer model needs questions of its own', async () => {
    await expect(cli('calibrate', '--lexical', '--quotes-only', `${typed}=${path.join(root, 'corpus')}`)).rejects.toMatchObject({
      stderr: expect.stringContaining('No training questions for the answer model given'),
    });
  }, 60_000);

  it('measures a question set and a BEIR folder in one run, by kind, with AUROC and nDCG', async () => {
    const { stdout } = await cli('eval', '--json', `${typed}=${path.join(root, 'corpus')}`, path.join(tmp, 'beir-mini'));
    const { results } = JSON.parse(stdout);
    expect(results.map((r: { set: string; mode: string }) => [r.set, r.mode])).toEqual([
      ['fixtures/questions.typed', 'lexical'],
      [`${path.basename(tmp)}/beir-mini`, 'lexical'],
    ]);
    const [questions, beir] = results;
    expect(Object.keys(questions.byKind).sort()).toEqual(['none', 'single']);
    expect(questions.all.questions).toBe(50);
    expect(questions.all.auroc).toBeGreaterThan(0.5);
    expect(questions.all.quoteVerbatimRate).toBe(1);
    expect(beir).toMatchObject({ kind: 'beir', queries: 2 });
    expect(beir.ndcgAt10).toBe(1);
    expect(beir.recallAt100).toBe(1);
    const text = (await cli('eval', `${typed}=${path.join(root, 'corpus')}`)).stdout;
    expect(text).toContain('## fixtures/questions.typed');
    expect(text).toMatch(/first quote\s+\d\.\d{3}/);
  }, 120_000);

  it('refuses a folder that is not a BEIR dataset, saying what is missing', async () => {
    await mkdir(path.join(tmp, 'not-beir'), { recursive: true });
    await expect(cli('eval', path.join(tmp, 'not-beir'))).rejects.toMatchObject({ stderr: expect.stringContaining('not a BEIR dataset') });
  }, 60_000);

});
