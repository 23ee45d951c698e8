import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Returns a function to call inside long synchronous loops: it lets the event loop run (Discord heartbeats,
 * questions arriving during a reindex) whenever `budgetMs` of work has passed since the last pause.
 */
export function eventLoopYielder(budgetMs = 25): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTurn();
    since = performance.now();
  };
}
