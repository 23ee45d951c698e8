/** A {@link TaggerThread}'s worker: loads compromise at once, then tags each request's text in order. */
import { workerData } from 'node:worker_threads';
import { tagWords } from './tag-words.js';
import type { TaggerReply, TaggerRequest, TaggerWorkerData } from './tagger-thread.js';

const { port, replies } = workerData as TaggerWorkerData;

const reply = (message: TaggerReply) => {
  port.postMessage(message);
  Atomics.add(replies, 0, 1);
  Atomics.notify(replies, 0);
};

port.on('message', ({ id, text }: TaggerRequest) => {
  try {
    reply({ id, result: tagWords(text) });
  } catch (e: unknown) {
    reply({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
// Loads compromise now, before the first request: that is the point of the thread. Should loading fail, each
// request reports the error and the caller tags in its own thread.
try {
  tagWords('');
} catch {
  /* reported per request */
}
