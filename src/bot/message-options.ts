import { MessageFlags, type MessageMentionOptions } from 'discord.js';
import { DiscordLimits } from './discord-limits.js';
import { shortenToChars } from './shorten-at-word.js';

/**
 * `allowedMentions` for every message the bot sends: nothing it sends may notify anyone, whatever the corpus
 * or the question contains (`@everyone`, `<@id>`, role mentions). Also set as the client's default.
 */
export function noPings(): MessageMentionOptions {
  return { parse: [], repliedUser: false };
}

/** `content` shortened at a word boundary to Discord's 2,000-character limit when it is longer. */
export function fitContent(content: string): string {
  return shortenToChars(content, DiscordLimits.messageContentChars);
}

/** Options for a text only the user who triggered it sees. */
export function privateText(content: string): { content: string; flags: MessageFlags.Ephemeral; allowedMentions: MessageMentionOptions } {
  return { content: fitContent(content), flags: MessageFlags.Ephemeral, allowedMentions: noPings() };
}
