/**
 * The bot's reindex host: a small process the bot starts once, before it loads the model and the index, that
 * starts one reindex-worker.ts per reindex and relays its messages. Why not fork the worker from the bot: fork()
 * copies the caller's page tables, which blocked the bot's event loop for 20 ms at 260 MB and 40–55 ms at 680 MB
 * RSS (measured on the 2-core VM, README Performance); this process is a fraction of that size. A worker that
 * stops without reporting (killed, out of memory, a native crash) is reported as a failure saying so.
 */
import type { ChildProcess } from 'node:child_process';
import { forkModule } from './fork-module.js';
import type { FromReindexProcess, ToReindexProcess } from './reindex-protocol.js';

if (!process.send) throw new Error('reindex-host runs only as a child process started by the bot');
// The bot may have gone before this process was ready (it failed to start): nothing to tell, and no error to throw.
const send = (message: FromReindexProcess) => process.connected && process.send?.(message);

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
    child = forkModule('reindex-worker', import.meta.url);
  } catch (e: unknown) {
    send({ type: 'failed', message: `The reindex process could not be started: ${(e as Error).message}.`, hint: 'Check the bot’s log and its memory; the current index is still being served.', accord: true });
    return;
  }
  worker = child;
  let reported = false;
  child.on('message', (m: FromReindexProcess) => {
    if (m.type === 'finished' || m.type === 'failed') {
      // The worker released the lock before reporting: the next job may start while this one is still exiting.
      reported = true;
      if (worker === child) worker = null;
    }
    send(m);
  });
  // A worker that could not be spawned emits 'error' and 'close' but never 'exit': 'close' frees the host in both cases.
  child.on('close', () => {
    if (worker === child) worker = null;
  });
  child.on('error', (e) => {
    if (reported) return;
    reported = true;
    send({ type: 'failed', message: `The reindex process could not run: ${e.message}.`, hint: 'Check the bot’s log; the current index is still being served.', accord: true });
  });
  child.on('exit', (code, signal) => {
    if (worker === child) worker = null;
    if (reported) return;
    reported = true;
    send({
      type: 'failed',
      message: `The reindex process (pid ${child.pid ?? '?'}) stopped before it reported (${signal ?? `exit code ${code}`}). The bot still serves the version it served before.`,
      hint: 'Try again: the next reindex finishes what is left and serves the newest version. If it stops again, check the bot’s log and its memory: the system may have killed it for lack of memory.',
      accord: true,
    });
  });
  send({ type: 'started', pid: child.pid ?? -1 });
  child.send(message);
});

send({ type: 'ready' });
