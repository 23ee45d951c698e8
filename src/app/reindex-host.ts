/**
 * The bot's reindex host: a small process the bot starts once, before it loads the model and the index, that
 * starts one reindex-worker.ts per reindex and relays its messages. Why not fork the worker from the bot: fork()
 * copies the caller's page tables, which blocked the bot's event loop for 20 ms at 260 MB and 40–55 ms at 680 MB
 * RSS (measured on the 2-core VM, README Performance); this process is a fraction of that size. A worker that
 * stops without reporting (killed, out of memory, a native crash) is reported as a failure saying so; one that
 * reports no progress for the job's `reindex.stallTimeoutMs` is killed and reported as stalled; one that cannot be
 * started at all is reported as `unavailable`, and the bot reindexes in its own process.
 */
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { BuildProgress } from '../index/build-index.js';
import { forkModule } from './fork-module.js';
import type { FromReindexProcess, ReindexFailure, ToReindexProcess } from './reindex-protocol.js';

if (!process.send) throw new Error('reindex-host runs only as a child process started by the bot');
// The bot may have gone before this process was ready (it failed to start): nothing to tell, and no error to throw.
const send = (message: FromReindexProcess) => process.connected && process.send?.(message);
// Tests start a worker module or a Node executable that does not exist (reindex-process.ts names them).
const { values: options } = parseArgs({ options: { worker: { type: 'string', default: 'reindex-worker' }, 'worker-exec-path': { type: 'string' } } });

let worker: ChildProcess | null = null;
// The bot went away: a reindex it will never serve is not worth finishing (its .building folder is removed later).
process.on('disconnect', () => {
  worker?.kill('SIGKILL');
  process.exit(0);
});

process.on('message', (message: ToReindexProcess) => {
  if (message.type !== 'reindex') return;
  if (worker) {
    send({ type: 'failed', message: 'A reindex is already running in the reindex process.', hint: 'Wait for it to finish, then try again.', accord: true });
    return;
  }
  let child: ChildProcess;
  try {
    const execPath = options['worker-exec-path'];
    child = forkModule(options.worker, import.meta.url, execPath === undefined ? {} : { execPath });
  } catch (e: unknown) {
    send({ type: 'unavailable', reason: `the fork failed: ${(e as Error).message}` });
    return;
  }
  worker = child;
  let up = false;
  let reported = false;
  let last: BuildProgress | null = null;
  const stallMs = message.job.config.reindex.stallTimeoutMs;
  let watchdog: NodeJS.Timeout | undefined;
  /** (Re)starts the no-progress limit: at the start, and on every message from the worker. */
  const watch = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => stalled(), stallMs);
  };
  watch();
  /** Says what became of the job, once; frees the host for the next job (a stalled worker may take a while to die). */
  const report = (outcome: FromReindexProcess) => {
    clearTimeout(watchdog);
    if (worker === child) worker = null;
    if (reported) return;
    reported = true;
    send(outcome);
  };
  const stalled = () => {
    child.kill('SIGKILL');
    report({ type: 'failed', ...stallFailure(child.pid, stallMs, last) });
  };
  child.on('message', (m: FromReindexProcess) => {
    if (reported) return;
    watch();
    if (m.type === 'ready') {
      up = true;
      send({ type: 'started', pid: child.pid ?? -1 });
      child.send(message);
      return;
    }
    if (m.type === 'progress') last = m.progress;
    // The worker released the lock before it reported: the next job may start while this one is still exiting.
    if (m.type === 'finished' || m.type === 'failed') report(m);
    else send(m);
  });
  // A worker that could not be spawned emits 'error' and 'close' but never 'exit': 'close' frees the host in both cases.
  child.on('close', () => {
    clearTimeout(watchdog);
    if (worker === child) worker = null;
  });
  child.on('error', (e) => {
    if (!up) report({ type: 'unavailable', reason: `it could not be spawned: ${e.message}` });
    else report({ type: 'failed', message: `The reindex process could not run: ${e.message}.`, hint: 'Check the bot’s log; the current index is still being served.', accord: true });
  });
  child.on('exit', (code, signal) => {
    const how = signal ?? `exit code ${code}`;
    if (!up) {
      report({ type: 'unavailable', reason: `it stopped before it was up (${how}; the bot’s log shows its output)` });
      return;
    }
    report({
      type: 'failed',
      message: `The reindex process (pid ${child.pid ?? '?'}) stopped before it reported (${how}). The bot still serves the version it served before.`,
      hint: 'Try again: the next reindex finishes what is left and serves the newest version. If it stops again, check the bot’s log and its memory: the system may have killed it for lack of memory.',
      accord: true,
    });
  });
});

/** What a moderator is told about a worker that made no progress for `stallMs`, and was killed for it. */
function stallFailure(pid: number | undefined, stallMs: number, last: BuildProgress | null): ReindexFailure {
  const seconds = Math.round(stallMs / 1000);
  return {
    message: `The reindex process (pid ${pid ?? '?'}) made no progress for ${seconds} s ${lastStep(last)} and was stopped. The bot still serves the version it served before.`,
    hint:
      'Try again: the next reindex starts over and serves the newest version. Should it stall again at the same point, look for what it reads there ' +
      '(a file on a network folder that does not answer, a document whose extraction hangs) and remove it. ' +
      `Should the work only be slow (a large model with a large EMBEDDING_BATCH_SIZE), raise REINDEX_STALL_SECONDS (now ${seconds}).`,
    accord: true,
  };
}

function lastStep(last: BuildProgress | null): string {
  if (last === null) return 'before it reported any progress';
  if (last.phase === 'reading') return `while reading documents (${last.documentsRead} of ${last.documentsTotal} read)`;
  if (last.phase === 'embedding') return `while embedding or placing passages (${last.passagesEmbedded} of ${last.passagesTotal} embedded)`;
  return `while ${last.phase} the new version`;
}

send({ type: 'ready' });
