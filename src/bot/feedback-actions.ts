import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type ButtonInteraction, type ModalSubmitInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { LabelCandidates, VoteOutcome, VoteValue } from '../feedback/types.js';
import type { BotContext } from './bot-context.js';
import { DiscordLimits } from './discord-limits.js';
import { escapeDiscordText } from './escape-discord-text.js';
import { afterVoteRow, passageChooser, reasonModal, REASON_TEXT_MAX_CHARS } from './feedback-components.js';
import { isDownReason, parseFeedbackId, REASON_LABELS } from './feedback-ids.js';
import { fitContent, noPings, privateText } from './message-options.js';
import { homeModeratorRefusal } from './require-home-moderator.js';
import { shortenToChars } from './shorten-at-word.js';

type FeedbackInteraction = ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

const PASSAGE_PREVIEW_CHARS = 300;

export const FEEDBACK_OFF = 'Feedback is not being collected right now (the question log is off), so nothing was recorded.';

function expired(context: BotContext): string {
  const days = context.questionLog.retentionDays;
  return `I no longer have that answer: the question log keeps answers for ${days} day${days === 1 ? '' : 's'}, and drops older ones. Nothing was recorded. Ask the question again to give feedback on a fresh answer.`;
}

function thanks(vote: VoteValue, outcome: VoteOutcome): string {
  const what = vote === 'up' ? '👍' : vote === 'down' ? '👎' : '"This should be answerable"';
  if (outcome.status === 'unchanged') return `You already gave this answer ${what}; it still counts once.`;
  const changed = outcome.status === 'changed' ? ' (your earlier vote is replaced)' : '';
  if (vote === 'down') return `Thanks, your 👎 is noted${changed}. You can tell us what was wrong, if you like.`;
  if (vote === 'missing') return `Thanks: moderators will see that you expected an answer here${changed}.`;
  return `Thanks for the 👍${changed}.`;
}

/**
 * Replaces the private message the control sits on with `text`; when that message is gone (dismissed or deleted
 * meanwhile: Discord answers Unknown Message), says it in a new private reply instead. What was saved stays saved.
 */
async function updateOrReply(interaction: ModalSubmitInteraction | StringSelectMenuInteraction, text: string): Promise<void> {
  const update = { content: text, components: [], allowedMentions: noPings() };
  try {
    if (!interaction.isModalSubmit()) await interaction.update(update);
    else if (interaction.isFromMessage()) await interaction.update(update);
    else await interaction.reply(privateText(text));
  } catch (error: unknown) {
    if (!(error instanceof DiscordAPIError) || error.code !== RESTJSONErrorCodes.UnknownMessage) throw error;
    await interaction.reply(privateText(text));
  }
}

/** A 👍, 👎 or "This should be answerable" press: one vote per person per answer, changeable; an ephemeral thank-you. */
async function vote(interaction: ButtonInteraction, context: BotContext, value: VoteValue, answerId: string): Promise<void> {
  if (!context.questionLog.enabled) {
    await interaction.reply(privateText(FEEDBACK_OFF));
    return;
  }
  const outcome = await context.questionLog.vote(answerId, interaction.user.id, value);
  if (outcome.status === 'unknown-answer') {
    await interaction.reply(privateText(expired(context)));
    return;
  }
  const canLabel = value !== 'up' && homeModeratorRefusal(interaction, context.config, 'labelling') === null;
  context.logger.info({ answerId, vote: value, outcome: outcome.status }, 'feedback vote');
  await interaction.reply({ ...privateText(thanks(value, outcome)), components: afterVoteRow(answerId, { askWhy: value === 'down', canLabel }) });
}

/** The reason modal, submitted: stores the reason with the user's 👎 and updates the thank-you. */
async function saveReason(interaction: ModalSubmitInteraction, context: BotContext, answerId: string): Promise<void> {
  // Both fields are optional: read defensively, as a client may leave an untouched one out.
  const field = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch {
      return fallback;
    }
  };
  const chosen = field(() => interaction.fields.getStringSelectValues('reason'), [])[0];
  const details = field(() => interaction.fields.getTextInputValue('details'), '').trim().slice(0, REASON_TEXT_MAX_CHARS);
  if (chosen === undefined && details === '') {
    await updateOrReply(interaction, 'Your 👎 stands; no reason was given.');
    return;
  }
  const reason = chosen !== undefined && isDownReason(chosen) ? chosen : 'other';
  const saved = await context.questionLog.setReason(answerId, interaction.user.id, reason, details === '' ? null : details);
  const text = saved
    ? `Thanks, noted: ${REASON_LABELS[reason].toLowerCase()}${details === '' ? '' : ', with your words'}.`
    : 'That 👎 is no longer there (you changed your vote, or the answer has expired), so the reason was not recorded.';
  await updateOrReply(interaction, text);
}

/** The chooser's text: the question and each ranked passage, shortened, within Discord's limit. */
function chooserText(candidates: LabelCandidates): string {
  const head = `Which passage answers **${escapeDiscordText(shortenToChars(candidates.question, 200))}**?${candidates.label === null ? '' : ' (It is labelled already; choosing again replaces the label.)'}`;
  const lines = [head];
  let length = head.length;
  for (const p of candidates.passages) {
    const line = `**${p.rank}.** ${escapeDiscordText(p.docId)}: ${escapeDiscordText(shortenToChars(p.text.replace(/\s+/g, ' '), PASSAGE_PREVIEW_CHARS))}`;
    if (length + line.length + 2 > DiscordLimits.messageContentChars - 60) break;
    lines.push(line);
    length += line.length + 2;
  }
  if (candidates.passages.length === 0) lines.push('No passages were ranked for it: you can only mark it as not answerable.');
  return lines.join('\n\n');
}

/** Shows a moderator the ranked passages of an answer to choose the right one from (ephemeral). */
export async function showPassageChooser(interaction: ButtonInteraction | StringSelectMenuInteraction, context: BotContext, answerId: string): Promise<void> {
  const refusal = homeModeratorRefusal(interaction, context.config, 'labelling');
  if (refusal !== null) {
    await interaction.reply(privateText(refusal));
    return;
  }
  const candidates = await context.questionLog.candidates(answerId);
  if (candidates === null) {
    await interaction.reply(privateText(context.questionLog.enabled ? expired(context) : FEEDBACK_OFF));
    return;
  }
  await interaction.reply({ content: fitContent(chooserText(candidates)), components: [passageChooser(answerId, candidates.passages)], flags: MessageFlags.Ephemeral, allowedMentions: noPings() });
}

/** A moderator chose a passage (or "none"): stores the label. */
async function pick(interaction: StringSelectMenuInteraction, context: BotContext, answerId: string): Promise<void> {
  const refusal = homeModeratorRefusal(interaction, context.config, 'labelling');
  if (refusal !== null) {
    await interaction.reply(privateText(refusal));
    return;
  }
  const value = interaction.values[0] ?? '';
  const rank = Number(value);
  const label = value === 'none' ? ({ kind: 'none' } as const) : Number.isInteger(rank) && rank > 0 ? ({ kind: 'passage', rank } as const) : null;
  if (label === null) {
    await interaction.reply(privateText(`"${escapeDiscordText(value)}" is not a passage number.`));
    return;
  }
  const saved = await context.questionLog.label(answerId, label, interaction.user.id);
  context.logger.info({ answerId, label }, 'feedback label');
  const text = !saved
    ? expired(context)
    : label.kind === 'none'
      ? 'Labelled: the corpus does not answer this question. `npm run feedback -- export` writes it as a question to decline.'
      : `Labelled: passage ${label.rank} answers this question. \`npm run feedback -- export\` writes it for \`npm run eval\`.`;
  await updateOrReply(interaction, text);
}

/** Routes a feedback button, menu or modal. Unknown or malformed customIds get a short private reply. */
export async function handleFeedback(interaction: FeedbackInteraction, context: BotContext): Promise<void> {
  const parsed = parseFeedbackId(interaction.customId);
  if (parsed === null) {
    await interaction.reply(privateText('That button is not one I know; it may come from an older version of Accord.'));
    return;
  }
  if (parsed.action === 'vote' && interaction.isButton()) await vote(interaction, context, parsed.vote, parsed.answerId);
  else if (parsed.action === 'why' && interaction.isButton()) await interaction.showModal(reasonModal(parsed.answerId));
  else if (parsed.action === 'reason' && interaction.isModalSubmit()) await saveReason(interaction, context, parsed.answerId);
  else if (parsed.action === 'mark' && interaction.isButton()) await showPassageChooser(interaction, context, parsed.answerId);
  else if (parsed.action === 'pick' && interaction.isStringSelectMenu()) await pick(interaction, context, parsed.answerId);
  else if (parsed.action === 'choose' && interaction.isStringSelectMenu()) await showPassageChooser(interaction, context, interaction.values[0] ?? '');
  else await interaction.reply(privateText('That control does not fit this kind of interaction.'));
}
