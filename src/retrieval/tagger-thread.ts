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

/** How long a call waits for the thread before giving up on it: loading takes about half a second. */
const GIVE_UP_MS = 20_000;

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

  /** @param whileWaiting run once, the first time a call has to wait for the thread, on this thread */
  constructor(private whileWaiting: (() => void) | null = null) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(workerCode(), { eval: true, workerData: { port: port2, replies: this.replies } satisfies TaggerWorkerData, transferList: [port2] });
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

/**
 * The worker's bootstrap: the compiled `tagger-worker.js` beside this module, or, from TypeScript sources (tsx,
 * vitest), `tagger-worker.ts` after registering tsx in the thread (a worker's `--import tsx` does not reach its entry).
 */
function workerCode(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './tagger-worker.ts' : './tagger-worker.js', import.meta.url).href;
  const register = fromSource ? `(await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})).register();` : '';
  return `(async () => { ${register} await import(${JSON.stringify(entry)}); })();`;
}
