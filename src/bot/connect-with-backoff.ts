import { DiscordAPIError } from 'discord.js';
import { AccordError } from '../errors.js';

/** Waits between attempts: 1 s, 2 s, 4 s … doubling up to a minute, so a long outage costs one try a minute. */
export function backoffDelayMs(attempt: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.min(attempt, 6));
}

/** Whether a failure to reach Discord may pass by itself (network, DNS, Discord's 5xx), as opposed to a bad token. */
export function isTransient(error: unknown): boolean {
  if (error instanceof DiscordAPIError) return error.status >= 500 || error.status === 429;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'TokenInvalid' || code === 'DisallowedIntents') return false;
  return error instanceof Error;
}

/** The reason a connection failed, in a few words: the system error code and message, or the HTTP status. */
export function describeConnectFailure(error: unknown): string {
  if (error instanceof DiscordAPIError) return `Discord answered ${error.status}: ${error.message}`;
  const cause = (error as { cause?: unknown } | null)?.cause;
  const inner = cause instanceof Error ? cause : error;
  return inner instanceof Error ? inner.message : String(inner);
}

/** What the bot says when Discord cannot be reached, said the same way as `npm run register` says it. */
export function unreachableMessage(apiUrl: string, error: unknown, retryInMs: number): string {
  return (
    `Could not reach Discord at ${apiUrl} (${describeConnectFailure(error)}). Check the network connection, DNS and any proxy ` +
    `or firewall (and DISCORD_API_URL, if set). Trying again in ${Math.round(retryInMs / 1000)} s.`
  );
}

/** A failure that retrying cannot fix: a rejected token, or intents the application may not use. */
export function fatalConnectError(error: unknown): AccordError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'TokenInvalid' || (error instanceof DiscordAPIError && error.status === 401)) {
    return new AccordError('Discord rejected DISCORD_TOKEN (401 Unauthorized).', {
      hint: 'Copy a fresh token from the Developer Portal (Bot → Reset Token) into .env.',
      cause: error,
    });
  }
  return new AccordError(`Could not connect to Discord: ${describeConnectFailure(error)}.`, { cause: error });
}

export interface RetryOptions {
  readonly onRetry: (error: unknown, delayMs: number, attempt: number) => void;
  /** Resolves after `ms`; rejects or returns early when the bot is stopping. Injected so tests need not wait. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly stopped: () => boolean;
}

/**
 * Runs `connect` until it succeeds, waiting {@link backoffDelayMs} after each transient failure; a fatal failure
 * (see {@link isTransient}) is thrown at once as an AccordError. Also returns when `stopped()` turns true.
 */
export async function connectWithBackoff(connect: () => Promise<void>, options: RetryOptions): Promise<void> {
  for (let attempt = 0; !options.stopped(); attempt++) {
    try {
      await connect();
      return;
    } catch (error: unknown) {
      if (!isTransient(error)) throw fatalConnectError(error);
      const delayMs = backoffDelayMs(attempt);
      options.onRetry(error, delayMs, attempt);
      await options.sleep(delayMs);
    }
  }
}
