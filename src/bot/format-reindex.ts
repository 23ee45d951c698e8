import { bold } from 'discord.js';
import { escapeDiscordText } from './escape-discord-text.js';
import { fitContent } from './message-options.js';
import type { ReindexProgress, ReindexSummary } from './ports.js';

/** File names listed per group before "and n more", so a summary stays within one message. */
const MAX_LISTED = 10;

/** `850 ms`, `12.3 s`, `4 min 05 s`, `3 h 02 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalSeconds = Math.floor(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return `${minutes} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function percent(done: number, total: number): string {
  return total > 0 ? ` (${Math.floor((done / total) * 100)}%)` : '';
}

/** One progress line: phase, documents read, passages embedded of total, elapsed time. */
export function formatProgress(progress: ReindexProgress): string {
  const { documentsRead, documentsTotal, passagesEmbedded, passagesTotal } = progress;
  return (
    `Reindexing (${progress.phase}): documents read ${documentsRead}/${documentsTotal}, ` +
    `passages embedded ${passagesEmbedded}/${passagesTotal}${percent(passagesEmbedded, passagesTotal)}, ` +
    `elapsed ${formatDuration(progress.elapsedMs)}.`
  );
}

/** What a moderator is told when another reindex is running. */
export function formatBusy(progress: ReindexProgress): string {
  return `A reindex is already running, so I did not start another. ${formatProgress(progress)} Try again when it has finished.`;
}

function listGroup(label: string, names: readonly string[]): string {
  if (names.length === 0) return `${bold(label)}: none`;
  const shown = names.slice(0, MAX_LISTED).map(escapeDiscordText).join(', ');
  const more = names.length > MAX_LISTED ? ` and ${names.length - MAX_LISTED} more` : '';
  return `${bold(`${label} (${names.length})`)}: ${shown}${more}`;
}

/** The summary of a finished reindex, within Discord's 2,000-character message limit. */
export function formatSummary(summary: ReindexSummary): string {
  const skipped = summary.skipped.slice(0, MAX_LISTED).map((s) => `• ${escapeDiscordText(s.path)}: ${escapeDiscordText(s.reason)}`);
  if (summary.skipped.length > MAX_LISTED) skipped.push(`• …and ${summary.skipped.length - MAX_LISTED} more`);
  const lines = [
    summary.notice === undefined
      ? `Reindex done: now serving version ${escapeDiscordText(summary.version)} (${summary.mode}).`
      : `Reindex finished without switching: ${escapeDiscordText(summary.notice)} Still serving version ${escapeDiscordText(summary.version)}.`,
    listGroup('Added', summary.added),
    listGroup('Changed', summary.changed),
    listGroup('Removed', summary.removed),
    `${bold('Unchanged')}: ${summary.unchanged}`,
    summary.skipped.length === 0 ? `${bold('Skipped')}: none` : `${bold(`Skipped (${summary.skipped.length})`)}:\n${skipped.join('\n')}`,
    `${bold('Passages')}: ${summary.passages} · ${bold('Duration')}: ${formatDuration(summary.durationMs)}`,
  ];
  return fitContent(lines.join('\n'));
}
