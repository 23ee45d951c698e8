import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Argument, Command } from 'commander';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { startOtherLoadMonitor } from './lib/other-load.js';
import { formatTable } from './lib/print-table.js';
import { benchmarks } from './registry.js';

/** Prefix of the one machine-readable line each benchmark prints. */
const JSON_PREFIX = 'BENCH_JSON ';

interface Options {
  readonly quick: boolean;
  readonly large: boolean;
  readonly jsonOut?: string;
  readonly sharedDir: string;
}

function describeMachine(): Record<string, unknown> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

async function runOne(bench: Benchmark, options: Options, mode: string): Promise<Record<string, unknown>> {
  const missing = bench.needsShared.map((p) => path.join(options.sharedDir, p)).filter((p) => !existsSync(p));
  if (missing.length > 0) {
    const reason = `not found: ${missing.join(', ')} (the shared folder sits beside the project; --shared-dir points elsewhere)`;
    console.log(`SKIP ${bench.name}: ${reason}`);
    return { benchmark: bench.name, mode, skipped: reason };
  }
  console.log(`\n== ${bench.name} (${mode}) — ${bench.description}`);
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), `accord-bench-${bench.name}-`));
  const ctx: BenchContext = {
    quick: options.quick,
    large: options.large,
    projectRoot: process.cwd(),
    sharedDir: options.sharedDir,
    tmpDir,
    table: (title, columns, rows) => console.log(formatTable(title, columns, rows)),
    log: (message) => console.log(`  ${message}`),
    verdict: (met) => (met ? 'met' : options.quick ? 'missed in this quick run: judge on a full run' : 'MISSED'),
  };
  const machine = describeMachine();
  const otherLoad = startOtherLoadMonitor();
  const started = Date.now();
  try {
    const figures = await bench.run(ctx);
    const otherLoadCores = otherLoad.stop();
    if (otherLoadCores !== undefined && otherLoadCores >= 0.2) {
      console.log(
        `  WARNING: other processes kept ${otherLoadCores} of ${os.availableParallelism()} cores busy during this benchmark: ` +
          'its timings are slower and noisier than on an idle machine',
      );
    }
    const harness = { benchmark: bench.name, mode, durationS: (Date.now() - started) / 1000, machine: { ...machine, otherLoadCores } };
    for (const key of Object.keys(harness).filter((k) => k in figures)) {
      console.log(`  WARNING: ${bench.name} returned "${key}", which the harness sets: rename it (its value is dropped from BENCH_JSON)`);
    }
    return { ...figures, ...harness };
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const names = benchmarks.map((b) => b.name);
  const program = new Command()
    .name('npm run bench --')
    .description('Accord benchmarks: prints a table and one BENCH_JSON line per benchmark.')
    .addArgument(new Argument('[names...]', 'benchmarks to run (default: all)').choices(names))
    .option('--quick', 'smaller sizes and fewer settings (whole suite under 2 minutes)', false)
    .option('--large', 'hnsw at 1,000,000 vectors instead of 100,000 (about 6 GiB of memory and an hour on 2 cores)', false)
    .option('--json-out <file>', 'also write all results as a JSON array to this file')
    .option('--shared-dir <dir>', 'the shared folder with models and corpora', path.resolve(process.cwd(), '../shared'))
    .addHelpText('after', `\nBenchmarks:\n${benchmarks.map((b) => `  ${b.name.padEnd(12)} ${b.description}`).join('\n')}`)
    .parse();
  const options = program.opts<Options>();
  const selected = program.processedArgs[0] as string[];
  const toRun = selected.length === 0 ? benchmarks : benchmarks.filter((b) => selected.includes(b.name));
  const mode = options.quick ? 'quick' : options.large ? 'large' : 'full';

  const results: Record<string, unknown>[] = [];
  let failed = 0;
  for (const bench of toRun) {
    try {
      const result = await runOne(bench, options, mode);
      results.push(result);
      console.log(JSON_PREFIX + JSON.stringify(result));
    } catch (e: unknown) {
      failed++;
      console.error(`FAIL ${bench.name}:`, e);
      results.push({ benchmark: bench.name, mode, error: e instanceof Error ? e.message : String(e) });
    }
  }
  if (options.jsonOut !== undefined) {
    await writeFile(options.jsonOut, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nwrote ${options.jsonOut}`);
  }
  if (failed > 0) process.exitCode = 1;
}

await main();
