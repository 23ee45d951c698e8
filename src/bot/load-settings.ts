import { loadBotConfig, loadConfig, type BotConfig, type Config } from '../config.js';
import { AccordError } from '../errors.js';

/**
 * Loads the core and the Discord settings together, so that every problem in both is reported at once.
 * Throws an AccordError whose description lists them all; token values are never included.
 */
export function loadSettings(): { readonly config: Config; readonly botConfig: BotConfig } {
  const problems: AccordError[] = [];
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error: unknown) {
      if (!(error instanceof AccordError)) throw error;
      problems.push(error);
      return undefined;
    }
  };
  const config = attempt(() => loadConfig());
  const botConfig = attempt(() => loadBotConfig());
  if (config !== undefined && botConfig !== undefined) return { config, botConfig };
  const hint = problems[0]?.hint;
  throw new AccordError(problems.map((problem) => problem.message).join('\n'), hint === undefined ? {} : { hint });
}
