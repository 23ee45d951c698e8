import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from './bot-context.js';
import type { ReindexProgress } from './ports.js';
import { escapeDiscordText } from './escape-discord-text.js';
import { formatBusy, formatProgress, formatSummary } from './format-reindex.js';
import { fitContent, noPings } from './message-options.js';

/** Progress edits are at least this far apart: Discord rate-limits message edits. */
export const PROGRESS_INTERVAL_MS = 2_000;

/**
 * How long after the reindex starts its interaction reply may still be edited. Discord's interaction tokens expire
 * 15 minutes after the interaction; the minute of margin covers what ran before (e.g. `/corpus add`'s download).
 */
export const INTERACTION_EDIT_WINDOW_MS = 14 * 60_000;

/**
 * Runs a reindex for an interaction that is already deferred, editing its reply with progress at most every
 * 2 s, then with the summary (or, when another reindex is running, with how far that one is).
 * `intro` is put above every edit (e.g. "Added report.md."). Once the interaction's token is about to expire
 * (`INTERACTION_EDIT_WINDOW_MS`), progress edits stop and the final text goes to the channel instead.
 */
export async function reindexWithProgress(interaction: ChatInputCommandInteraction, context: BotContext, intro = ''): Promise<void> {
  const startedMs = context.clock.now();
  const canEdit = () => context.clock.now() - startedMs < INTERACTION_EDIT_WINDOW_MS;
  const edit = (text: string) => interaction.editReply({ content: fitContent(intro + text), allowedMentions: noPings() });
  await edit('Starting the reindex…');
  let lastEditMs = startedMs;
  let inFlight: Promise<unknown> | undefined;
  // A report that arrives while an edit is on its way is kept (the latest wins) and shown once that edit is done,
  // rather than dropped: otherwise a fast reindex could show no progress at all.
  let waiting: ReindexProgress | undefined;
  let finished = false;
  const report = (progress: ReindexProgress): void => {
    if (finished || !canEdit()) return;
    if (inFlight !== undefined) {
      waiting = progress;
      return;
    }
    const nowMs = context.clock.now();
    if (nowMs - lastEditMs < PROGRESS_INTERVAL_MS) return;
    lastEditMs = nowMs;
    inFlight = edit(formatProgress(progress))
      .catch((error: unknown) => context.logger.warn({ err: error }, 'could not show reindex progress'))
      .finally(() => {
        inFlight = undefined;
        const next = waiting;
        waiting = undefined;
        if (next !== undefined) report(next);
      });
  };
  const outcome = await context.moderation.reindex(report);
  finished = true;
  // The summary must land after any progress edit still on its way, or the progress would overwrite it.
  while (inFlight !== undefined) await inFlight;
  const text = outcome.status === 'busy' ? formatBusy(outcome.progress) : formatSummary(outcome.summary);
  if (canEdit()) await edit(text);
  else await postLateSummary(interaction, context, intro + text);
}

/**
 * Posts the outcome of a reindex that outlived its interaction token as a normal message in the channel. The
 * moderator is named, never pinged. When that is impossible (no channel, no permission), the text is logged.
 */
async function postLateSummary(interaction: ChatInputCommandInteraction, context: BotContext, text: string): Promise<void> {
  const name = escapeDiscordText(interaction.inCachedGuild() ? interaction.member.displayName : interaction.user.displayName);
  const content = fitContent(`For ${name}: the reindex outlasted the 15 minutes Discord gives me to update the reply, so here is the result.\n${text}`);
  const logged = { userId: interaction.user.id, channelId: interaction.channelId, summary: text };
  const channel = interaction.channel;
  if (channel === null || !channel.isSendable()) {
    context.logger.warn(logged, 'reindex finished after the interaction expired; no channel to post the summary in');
    return;
  }
  try {
    await channel.send({ content, allowedMentions: noPings() });
  } catch (error: unknown) {
    context.logger.warn({ ...logged, err: error }, 'reindex finished after the interaction expired; could not post the summary');
  }
}
