/** A {@link TaggerThread}'s worker for wink-nlp: loads its model at once, then types each request's text in order. */
import { workerData } from 'node:worker_threads';
import { answerTypesOf, loadAnswerTypes } from './answer-types.js';
import type { TaggerReply, TaggerRequest, TaggerWorkerData } from './tagger-thread.js';

const { port, replies } = workerData as TaggerWorkerData;

const reply = (message: TaggerReply) => {
  port.postMessage(message);
  Atomics.add(replies, 0, 1);
  Atomics.notify(replies, 0);
};

port.on('message', ({ id, text }: TaggerRequest) => {
  try {
    reply({ id, result: answerTypesOf(text) });
  } catch (e: unknown) {
    reply({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
// Loads the model now, before the first request: that is the point of the thread. Should loading fail, each
// request reports the error and the caller types in its own thread.
try {
  loadAnswerTypes();
} catch {
  /* reported per request */
}
