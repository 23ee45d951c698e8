/**
 * The one error type whose message a user may see (CLI output, a Discord reply).
 * `message` says what was wrong, with the numbers; `hint` says what to do about it.
 * Anything that is not an AccordError is logged, and the user gets a short generic message.
 */
export class AccordError extends Error {
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AccordError';
    this.hint = options.hint;
  }

  /** The message and the hint, as one text for a terminal or a chat reply. */
  describe(): string {
    return this.hint === undefined ? this.message : `${this.message}\n→ ${this.hint}`;
  }
}

/** A readable one-line description of any thrown value, for logs. */
export function describeError(error: unknown): string {
  if (error instanceof AccordError) return error.describe();
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
