import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export interface TaggerRequest {
  readonly id: number;
  readonly text: string;
}

export type TaggerReply = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string };

/** What the worker is started with (tagger-worker.ts). */
export interface TaggerWorkerData {
  readonly port: MessagePort;
  /** Counts the replies sent, so the caller can sleep on it (Atomics.wait) until the next one. */
  readonly replies: Int32Array;
}

/**
 * How long a call waits for the thread before giving up on it and tagging locally: loading takes about half a
 * second, a few seconds on a busy machine. (A thread that cannot start at all says nothing the sleeping caller can
 * hear, so this bounds that case.)
 */
const GIVE_UP_MS = 10_000;

/**
 * compromise's tagger (tag-words.ts) loaded in a worker thread and called synchronously (its caller, deep in
 * retrieval, is synchronous): the caller posts the text and sleeps until the reply arrives, after doing, once, other
 * loading it will need (`whileWaiting`: wink-nlp's model). A cold `ask` whose question needs both taggers loads them
 * side by side this way, one per core: compromise 0.35–0.5 s, wink-nlp 0.15–0.35 s (README, Performance). Each
 * answer is {@link tagWords}'s own, on the same text, so it is the same answer. When the thread fails or does not
 * answer in time, `call` returns undefined and the caller tags in its own thread, as without one.
 */
export class TaggerThread {
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private readonly replies = new Int32Array(new SharedArrayBuffer(4));
  private received = 0;
  private nextId = 0;
  private broken = false;
  /** Replies received for requests not yet collected. */
  private readonly results = new Map<number, TaggerReply>();

  /**
   * @param whileWaiting run once, the first time a call has to wait for the thread, on this thread
   * @param entry the worker module (tests name one that fails)
   */
  constructor(
    private whileWaiting: (() => void) | null = null,
    entry: string = workerEntry(),
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerCode(entry), { eval: true, workerData: { port: port2, replies: this.replies } satisfies TaggerWorkerData, transferList: [port2] });
    this.worker.unref(); // never keeps the process alive
    this.worker.on('error', () => {
      this.broken = true;
    });
  }

  /** The tagger's result for `text`, or undefined when the thread cannot give it (then tag locally). */
  call(text: string): unknown {
    if (this.broken) return undefined;
    const id = this.nextId++;
    this.port.postMessage({ id, text } satisfies TaggerRequest);
    const deadline = Date.now() + GIVE_UP_MS;
    for (;;) {
      const reply = this.results.get(id);
      if (reply !== undefined) {
        this.results.delete(id);
        if ('error' in reply) return this.fail();
        return reply.result;
      }
      const message = receiveMessageOnPort(this.port);
      if (message !== undefined) {
        const got = message.message as TaggerReply;
        this.received++;
        if (got.id === -1) return this.fail();
        this.results.set(got.id, got);
        continue;
      }
      if (this.broken || Date.now() > deadline) return this.fail();
      if (this.whileWaiting) {
        const work = this.whileWaiting;
        this.whileWaiting = null;
        work();
        continue;
      }
      // Sleeps until the worker counts another reply (or 50 ms pass: a crashed worker counts none).
      Atomics.wait(this.replies, 0, this.received, 50);
    }
  }

  private fail(): undefined {
    this.broken = true;
    void this.worker.terminate();
    return undefined;
  }
}

/** The compiled `tagger-worker.js` beside this module, or `tagger-worker.ts` when running from sources (tsx, vitest). */
function workerEntry(): string {
  return new URL(import.meta.url.endsWith('.ts') ? './tagger-worker.ts' : './tagger-worker.js', import.meta.url).href;
}

/** The worker's bootstrap: imports `entry`, after registering tsx in the thread for a `.ts` one (a worker's `--import tsx` does not reach its entry). */
function workerCode(entry: string): string {
  const register = entry.endsWith('.ts') ? `(await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register();` : '';
  // Should the entry fail to load, or the thread fail later, a reply with id -1 says so at once (the caller is
  // asleep and cannot see the worker's 'error' event).
  const failed = `(e) => { const { workerData: d } = require('node:worker_threads'); d.port.postMessage({ id: -1, error: String(e) }); Atomics.add(d.replies, 0, 1); Atomics.notify(d.replies, 0); }`;
  // The same reply for an error thrown later, outside any request (the worker would die without a word).
  return `process.on('uncaughtException', ${failed}); (async () => { ${register} await import(${JSON.stringify(entry)}); })().catch(${failed});`;
}
