import type { BaseInteraction } from 'discord.js';
import type { BotConfig } from '../config.js';
import { isModerator } from './require-moderator.js';

/**
 * Why the user may not see or change the question log's feedback (reports, labels), or null when they may:
 * only moderators, and only in the home server (DISCORD_GUILD_ID), since the log holds questions from every
 * server and DM the bot answers.
 */
export function homeModeratorRefusal(interaction: BaseInteraction, config: BotConfig, what: string): string | null {
  if (config.guildId === undefined) return `${what} works only in the bot's home server, and none is set: set DISCORD_GUILD_ID to your server's id and restart the bot.`;
  if (!interaction.inGuild() || interaction.guildId !== config.guildId) return `${what} works only in the bot's home server.`;
  if (!isModerator(interaction, config)) return `Only moderators can use ${what}: you need the Manage Server permission or a moderator role.`;
  return null;
}
