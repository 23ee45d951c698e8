import { execFile } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext } from '../lib/benchmark.js';
import { benchEnv } from './accord-setup.js';

const run = promisify(execFile);

/** What `npm run index -- --json` printed, with the wall time of the whole process. */
interface CliRun {
  readonly wallMs: number;
  readonly upToDate: boolean;
  readonly durationMs: number;
  readonly timingsMs: Record<string, number>;
}

/**
 * Runs the compiled CLI's `index --json` as `npm run index` does (without npm's own start-up, about 0.3 s), in
 * lexical mode over the given folders: the process's wall time, start-up and model-free up-to-date check included.
 */
async function cliIndex(ctx: BenchContext, corpusDir: string, indexDir: string): Promise<CliRun> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...benchEnv(ctx.sharedDir, corpusDir, indexDir), RETRIEVAL_MODE: 'lexical' };
  const started = performance.now();
  const { stdout } = await run(process.execPath, ['scripts/run-compiled.mjs', 'cli/main.js', 'index', '--json'], { cwd: ctx.projectRoot, env, maxBuffer: 64 << 20 });
  const wallMs = performance.now() - started;
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`index --json printed no JSON: ${stdout.slice(-500)}`);
  return { wallMs, ...(JSON.parse(line) as Omit<CliRun, 'wallMs'>) };
}

export interface CliReindexFigures {
  readonly oneChangeMs: number;
  readonly oneChangeBuildMs: number;
  readonly oneChangeTimingsMs: Record<string, number>;
  readonly noChangeMs: number;
}

/**
 * One changed file and then no change, each as its own `index` process over an existing lexical index (the
 * compiled CLI is built first, so no run pays the compilation). Median of `rounds` of each.
 */
export async function measureCliReindex(ctx: BenchContext, corpusDir: string, indexDir: string, changedFile: string, rounds: number): Promise<CliReindexFigures> {
  await run(process.execPath, ['scripts/run-compiled.mjs', '--build'], { cwd: ctx.projectRoot });
  await cliIndex(ctx, corpusDir, indexDir); // brings the index up to date with the corpus as it is now
  const one: CliRun[] = [];
  const none: CliRun[] = [];
  for (let round = 0; round < rounds; round++) {
    await appendFile(path.join(corpusDir, changedFile), `\nA sentence added for the command-line benchmark, round ${round}.\n`);
    const changed = await cliIndex(ctx, corpusDir, indexDir);
    if (changed.upToDate) throw new Error('the CLI found no change after a file was changed');
    one.push(changed);
    const unchanged = await cliIndex(ctx, corpusDir, indexDir);
    if (!unchanged.upToDate) throw new Error('the CLI found a change where there was none');
    none.push(unchanged);
  }
  const middle = <T extends CliRun>(runs: T[]): T => [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)] as T;
  const oneChange = middle(one);
  return { oneChangeMs: oneChange.wallMs, oneChangeBuildMs: oneChange.durationMs, oneChangeTimingsMs: oneChange.timingsMs, noChangeMs: middle(none).wallMs };
}
