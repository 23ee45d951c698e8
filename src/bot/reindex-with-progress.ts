import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from './bot-context.js';
import { formatBusy, formatProgress, formatSummary } from './format-reindex.js';
import { fitContent, noPings } from './message-options.js';

/** Progress edits are at least this far apart: Discord rate-limits message edits. */
export const PROGRESS_INTERVAL_MS = 2_000;

/**
 * Runs a reindex for an interaction that is already deferred, editing its reply with progress at most every
 * 2 s, then with the summary (or, when another reindex is running, with how far that one is).
 * `intro` is put above every edit (e.g. "Added report.md.").
 */
export async function reindexWithProgress(interaction: ChatInputCommandInteraction, context: BotContext, intro = ''): Promise<void> {
  const edit = (text: string) => interaction.editReply({ content: fitContent(intro + text), allowedMentions: noPings() });
  await edit('Starting the reindex…');
  let lastEditMs = context.clock.now();
  let inFlight: Promise<unknown> | undefined;
  const outcome = await context.moderation.reindex((progress) => {
    const nowMs = context.clock.now();
    if (inFlight !== undefined || nowMs - lastEditMs < PROGRESS_INTERVAL_MS) return;
    lastEditMs = nowMs;
    inFlight = edit(formatProgress(progress))
      .catch((error: unknown) => context.logger.warn({ err: error }, 'could not show reindex progress'))
      .finally(() => {
        inFlight = undefined;
      });
  });
  // The summary must land after any progress edit still on its way, or the progress would overwrite it.
  await inFlight;
  await edit(outcome.status === 'busy' ? formatBusy(outcome.progress) : formatSummary(outcome.summary));
}
