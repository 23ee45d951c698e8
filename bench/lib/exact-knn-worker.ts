import { parentPort, workerData } from 'node:worker_threads';
import { type ExactKnnJob, exactKnnRange } from './exact-knn.js';

// Worker entry for exactKnn: one slice of the queries.
parentPort?.postMessage(exactKnnRange(workerData as ExactKnnJob));
