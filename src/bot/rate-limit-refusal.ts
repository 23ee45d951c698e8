import { time, TimestampStyles } from 'discord.js';
import type { BotContext } from './bot-context.js';

/**
 * Counts a question against the user's per-minute limit; a "More sources" press counts too, as it runs a retrieval
 * as well. Returns null when it may go ahead, otherwise the friendly text saying when the user can ask again.
 */
export function rateLimitRefusal(userId: string, context: BotContext): string | null {
  const decision = context.rateLimiter.take(userId);
  if (decision.allowed) return null;
  const limit = context.config.rateLimitPerMinute;
  const seconds = Math.max(1, Math.ceil((decision.retryAtMs - context.clock.now()) / 1000));
  const when = time(new Date(decision.retryAtMs), TimestampStyles.RelativeTime);
  return `You have asked ${limit} question${limit === 1 ? '' : 's'} in the last minute, my limit per person. You can ask again ${when} (in ${seconds} s).`;
}
