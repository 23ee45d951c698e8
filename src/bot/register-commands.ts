import { DiscordAPIError, REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { BotConfig } from '../config.js';
import { AccordError } from '../errors.js';

/** Where the commands went: one guild (instant) or global (may take up to an hour to appear everywhere). */
export interface Registration {
  readonly scope: 'guild' | 'global';
  readonly count: number;
}

/** Turns Discord's refusal into what was wrong and what to do about it. */
function explain(error: DiscordAPIError, config: BotConfig): AccordError {
  const where = config.guildId === undefined ? 'globally' : `to guild ${config.guildId}`;
  if (error.status === 401) {
    return new AccordError('Discord rejected DISCORD_TOKEN (401 Unauthorized).', {
      hint: 'Copy a fresh token from the Developer Portal (Bot → Reset Token) into .env.',
      cause: error,
    });
  }
  if (error.status === 403 || error.code === 50001) {
    return new AccordError(`Discord refused to register the commands ${where} (${error.status}: ${error.message}).`, {
      hint: 'Invite the bot to that server with the "bot applications.commands" scopes (see the README), or check DISCORD_GUILD_ID.',
      cause: error,
    });
  }
  if (error.status === 404) {
    return new AccordError(`Discord does not know application ${config.applicationId} (404: ${error.message}).`, {
      hint: 'DISCORD_APPLICATION_ID must be the Application ID of the same application as the token (Developer Portal → General Information).',
      cause: error,
    });
  }
  return new AccordError(`Discord refused the command registration (${error.status}: ${error.message}).`, { cause: error });
}

/**
 * Registers (overwrites) the slash commands: in one guild when `guildId` is set, otherwise globally.
 * Throws an AccordError saying what to fix when Discord refuses or cannot be reached.
 */
export async function registerCommands(
  config: BotConfig,
  body: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): Promise<Registration> {
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const route =
    config.guildId === undefined
      ? Routes.applicationCommands(config.applicationId)
      : Routes.applicationGuildCommands(config.applicationId, config.guildId);
  try {
    const registered = (await rest.put(route, { body })) as readonly unknown[];
    return { scope: config.guildId === undefined ? 'global' : 'guild', count: registered.length };
  } catch (error: unknown) {
    if (error instanceof DiscordAPIError) throw explain(error, config);
    throw new AccordError(`Could not reach Discord at ${config.apiUrl}: ${error instanceof Error ? error.message : String(error)}.`, {
      hint: 'Check the network connection (and DISCORD_API_URL, if set), then run npm run register again.',
      cause: error,
    });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
