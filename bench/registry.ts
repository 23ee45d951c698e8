import { embedBenchmark } from './embed.js';
import { hnswBenchmark } from './hnsw.js';
import type { Benchmark } from './lib/benchmark.js';
import { indexBuildBenchmark } from './index-build.js';
import { questionsBenchmark } from './questions.js';
import { coldStartBenchmark } from './cold-start.js';
import { longDocsBenchmark } from './long-docs.js';
import { questionLogBenchmark } from './question-log.js';
import { pdfDocsBenchmark } from './pdf-docs.js';
import { reindexBenchmark } from './reindex.js';
import { botReindexBenchmark } from './bot-reindex.js';

/** Every benchmark, in the order `npm run bench` runs them. Adding one: a file in bench/ and a line here. */
export const benchmarks: readonly Benchmark[] = [
  embedBenchmark,
  hnswBenchmark,
  indexBuildBenchmark,
  questionsBenchmark,
  coldStartBenchmark,
  longDocsBenchmark,
  questionLogBenchmark,
  pdfDocsBenchmark,
  reindexBenchmark,
  botReindexBenchmark,
];
