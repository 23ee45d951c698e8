import type { ChildProcess } from 'node:child_process';
import { AccordError } from '../errors.js';
import type { BuildProgress } from '../index/build-index.js';
import { forkModule } from './fork-module.js';
import type { FromReindexProcess, ReindexJob, ReindexWorkerResult, ToReindexProcess } from './reindex-protocol.js';

/** The reindex host could not be started: the caller reindexes in its own process instead. */
export class ReindexProcessUnavailable extends Error {
  override readonly name = 'ReindexProcessUnavailable';
}

/** Runs reindexes in other processes, one at a time (the caller keeps it to one). */
export interface ReindexProcess {
  /**
   * Runs one reindex in a fresh worker process. Resolves with what it built; rejects with an AccordError when the
   * reindex failed in a way a moderator may read (including a worker that stopped without reporting), with a
   * plain Error for anything else, and with {@link ReindexProcessUnavailable} when no process could be started.
   */
  run(job: ReindexJob, onProgress: (progress: BuildProgress) => void, onStarted: (pid: number) => void): Promise<ReindexWorkerResult>;
  close(): Promise<void>;
}

interface Host {
  readonly child: ChildProcess;
  readonly ready: Promise<boolean>;
}

/** How long a reindex waits for the host to say it is ready (a node process that imports little: well under a second). */
const HOST_READY_TIMEOUT_MS = 20_000;

/** Which modules to start, beside this one: tests name ones that do not exist, or a Node executable that does not. */
export interface ReindexProcessModules {
  readonly hostModule?: string;
  readonly workerModule?: string;
  readonly workerExecPath?: string;
}

/**
 * Starts the reindex host (reindex-host.ts) now: call it before loading the model and the index, while this
 * process is small, because fork() blocks the caller in proportion to its memory. Should the host stop, the next
 * run starts another (then from the full-sized process); should one not start at all, no other is tried and every
 * run says so ({@link ReindexProcessUnavailable}: the bot then reindexes in its own process). A run whose worker
 * cannot be started by the host says so too; the next run tries again (the host is small, a try costs little).
 */
export function startReindexProcess(modules: ReindexProcessModules = {}): ReindexProcess {
  const { hostModule = 'reindex-host', workerModule, workerExecPath } = modules;
  const hostArgs = [...(workerModule === undefined ? [] : ['--worker', workerModule]), ...(workerExecPath === undefined ? [] : ['--worker-exec-path', workerExecPath])];
  let current: { resolve: (r: ReindexWorkerResult) => void; reject: (e: unknown) => void; onProgress: (p: BuildProgress) => void; onStarted: (pid: number) => void } | null = null;
  const settle = (outcome: { result: ReindexWorkerResult } | { error: unknown }) => {
    const call = current;
    current = null;
    host?.child.channel?.unref();
    if (!call) return;
    if ('result' in outcome) call.resolve(outcome.result);
    else call.reject(outcome.error);
  };
  const start = (): Host => {
    const child = forkModule(hostModule, import.meta.url, { args: hostArgs });
    let markReady: (ok: boolean) => void = () => {};
    const ready = new Promise<boolean>((resolve) => (markReady = resolve));
    child.on('message', (m: FromReindexProcess) => {
      if (m.type === 'ready') markReady(true);
      else if (m.type === 'started') current?.onStarted(m.pid);
      else if (m.type === 'progress') current?.onProgress(m.progress);
      else if (m.type === 'finished') settle({ result: m.result });
      else if (m.type === 'unavailable') settle({ error: new ReindexProcessUnavailable(`the reindex host could not start a reindex worker: ${m.reason}`) });
      else settle({ error: m.accord ? new AccordError(m.message, m.hint === undefined ? {} : { hint: m.hint }) : new Error(m.message) });
    });
    const gone = (why: string) => {
      markReady(false);
      if (host?.child === child) host = null;
      settle({
        error: new AccordError(`The reindex host process stopped (${why}) before the reindex reported. The bot still serves the version it served before.`, {
          hint: 'Try again: a new reindex process is started, and the next reindex finishes what is left and serves the newest version.',
        }),
      });
    };
    child.on('error', (e) => gone(e.message));
    child.on('exit', (code, signal) => gone(signal ?? `exit code ${code}`));
    // An idle host must not keep the process alive (one-shot commands, tests); a reindex under way does.
    child.unref();
    child.channel?.unref();
    return { child, ready };
  };
  // Once a host could not be started, none is tried again: each try would fork the full-sized bot for nothing.
  let unavailable: string | null = null;
  const tryStart = (): Host | null => {
    try {
      return start();
    } catch (e: unknown) {
      unavailable = `the reindex host process could not be forked: ${(e as Error).message}`;
      return null;
    }
  };
  let host: Host | null = tryStart();
  return {
    async run(job, onProgress, onStarted) {
      if (current) throw new Error('the reindex process is already running a reindex');
      const running = unavailable === null ? (host ??= tryStart()) : null;
      if (running === null) throw new ReindexProcessUnavailable(unavailable ?? 'the reindex host process could not be forked');
      let timer: NodeJS.Timeout | undefined;
      const tooLate = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), HOST_READY_TIMEOUT_MS)));
      const ready = await Promise.race([running.ready, tooLate]);
      clearTimeout(timer);
      if (!ready) {
        if (host === running) host = null;
        if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
        unavailable = 'the reindex host process did not start';
        throw new ReindexProcessUnavailable(unavailable);
      }
      return new Promise<ReindexWorkerResult>((resolve, reject) => {
        current = { resolve, reject, onProgress, onStarted };
        running.child.channel?.ref();
        running.child.send({ type: 'reindex', job } satisfies ToReindexProcess);
      });
    },
    async close() {
      const closing = host;
      host = null;
      // A host never spawned (no pid) or already gone has nothing to wait for: it emits no 'exit' again.
      if (!closing || closing.child.pid === undefined || closing.child.exitCode !== null || closing.child.signalCode !== null) return;
      // Referenced again, or a process with nothing else to do would end before the host has gone.
      closing.child.ref();
      const exited = new Promise<void>((resolve) => closing.child.once('exit', () => resolve()));
      if (closing.child.connected) closing.child.disconnect();
      else closing.child.kill();
      await exited;
    },
  };
}
