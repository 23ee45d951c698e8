/** `npm run register`: registers the slash commands with Discord. Run it again after changing a command. */
import { loadBotConfig, loadDotEnv } from '../config.js';
import { describeError } from '../errors.js';
import { commands } from './commands/index.js';
import { registerCommands } from './register-commands.js';

try {
  loadDotEnv();
  const config = loadBotConfig();
  const { scope, count } = await registerCommands(config, commands.map((command) => command.data));
  console.log(
    scope === 'guild'
      ? `Registered ${count} commands in guild ${config.guildId}: they are available there now.`
      : `Registered ${count} commands globally: Discord may take up to an hour to show them everywhere.`,
  );
} catch (error: unknown) {
  console.error(describeError(error));
  process.exitCode = 1;
}
