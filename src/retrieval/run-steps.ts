/**
 * Work written as a generator that yields between steps, so one body serves two callers: {@link runSteps} runs it
 * at once, {@link runStepsPaced} lets the event loop run at each yield (a bot loading an index while it answers).
 */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export async function runStepsPaced<T>(steps: Steps<T>, pause: () => Promise<void>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await pause();
  }
}
