import type { Cell, TableColumn } from './print-table.js';

/** What the harness hands every benchmark. */
export interface BenchContext {
  /** Smaller sizes and fewer settings, so the whole suite runs in under two minutes. */
  readonly quick: boolean;
  /** Opt-in large scale (hnsw: 1,000,000 vectors); never on by default. */
  readonly large: boolean;
  /** The project root (the current directory). */
  readonly projectRoot: string;
  /** `../shared` beside the project root, or `--shared-dir`. */
  readonly sharedDir: string;
  /** A scratch folder for this run, removed afterwards. */
  readonly tmpDir: string;
  /** Prints a table at once, so long runs show results as they are measured. */
  table(title: string, columns: readonly TableColumn[], rows: readonly (readonly Cell[])[]): void;
  /** Prints one progress or finding line. */
  log(message: string): void;
  /**
   * "met" or "MISSED" for a target. Quick runs are too small to judge one (fixed costs weigh more on a small corpus,
   * a p99 of 100 questions is the worst one), so a quick miss says to judge on a full run.
   */
  verdict(met: boolean): string;
}

/** Figures a benchmark returns: printed as one `BENCH_JSON` line and written to `--json-out`. */
export type BenchFigures = Record<string, unknown>;

/**
 * One benchmark: a file in `bench/` exporting this, plus one line in `bench/registry.ts`.
 * A benchmark prints tables as it goes and returns its figures; comparisons are ratios measured in the same run.
 */
export interface Benchmark {
  readonly name: string;
  /** One line for `--help`. */
  readonly description: string;
  /** Paths under the shared folder it reads; when one is missing the benchmark is skipped with a message (exit 0). */
  readonly needsShared: readonly string[];
  run(ctx: BenchContext): Promise<BenchFigures>;
}
