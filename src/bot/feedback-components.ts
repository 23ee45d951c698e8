import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, ComponentType, LabelBuilder, ModalBuilder, StringSelectMenuBuilder,
  TextInputBuilder, TextInputStyle, type APIButtonComponentWithCustomId,
} from 'discord.js';
import { DOWN_REASONS, type LoggedPassage } from '../feedback/types.js';
import { feedbackId, REASON_LABELS } from './feedback-ids.js';
import { shortenToChars } from './shorten-at-word.js';

/** A select menu holds at most 25 options; an option's label and description at most 100 characters. */
const SELECT_OPTIONS = 25;
const OPTION_CHARS = 100;
/** Longest free-text reason kept. */
export const REASON_TEXT_MAX_CHARS = 300;

/**
 * 👍 and 👎 under an answer, "This should be answerable" under a refusal. Plain API objects rather than builders:
 * they go under every answer, and a ButtonBuilder with an emoji costs about 0.1 ms to validate (measured with
 * `npm run bench -- question-log`), a tenth of a lexical answer.
 */
export function voteButtons(answerId: string, answered: boolean): APIButtonComponentWithCustomId[] {
  const button = (customId: string, face: { label: string } | { emoji: { name: string } }): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: customId, ...face,
  });
  if (!answered) return [button(feedbackId.vote('missing', answerId), { label: 'This should be answerable' })];
  return [button(feedbackId.vote('up', answerId), { emoji: { name: '👍' } }), button(feedbackId.vote('down', answerId), { emoji: { name: '👎' } })];
}

/** The buttons of a 👎's thank-you: "Say why…", and for a moderator "Mark the right passage". */
export function afterVoteRow(answerId: string, options: { readonly askWhy: boolean; readonly canLabel: boolean }): ActionRowBuilder<ButtonBuilder>[] {
  const buttons: ButtonBuilder[] = [];
  if (options.askWhy) buttons.push(new ButtonBuilder().setCustomId(feedbackId.why(answerId)).setLabel('Say why…').setStyle(ButtonStyle.Secondary));
  if (options.canLabel) buttons.push(new ButtonBuilder().setCustomId(feedbackId.mark(answerId)).setLabel('Mark the right passage').setStyle(ButtonStyle.Primary));
  return buttons.length === 0 ? [] : [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)];
}

/** The optional-reason modal: one of the common reasons, and any words of the voter's own. */
export function reasonModal(answerId: string): ModalBuilder {
  const reasons = new StringSelectMenuBuilder()
    .setCustomId('reason')
    .setRequired(false)
    .setPlaceholder('Choose a reason')
    .addOptions(DOWN_REASONS.map((reason) => ({ label: REASON_LABELS[reason], value: reason })));
  const details = new TextInputBuilder().setCustomId('details').setStyle(TextInputStyle.Paragraph).setRequired(false).setMaxLength(REASON_TEXT_MAX_CHARS);
  return new ModalBuilder()
    .setCustomId(feedbackId.reason(answerId))
    .setTitle('What was wrong with the answer?')
    .addLabelComponents(
      new LabelBuilder().setLabel('Reason').setStringSelectMenuComponent(reasons),
      new LabelBuilder().setLabel('Anything to add? (optional)').setTextInputComponent(details),
    );
}

/** The passage chooser: each ranked passage by rank and document, and "the corpus does not answer it". */
export function passageChooser(answerId: string, passages: readonly LoggedPassage[]): ActionRowBuilder<StringSelectMenuBuilder> {
  const options = passages.slice(0, SELECT_OPTIONS - 1).map((p) => ({
    label: shortenToChars(`${p.rank}. ${p.docId}`, OPTION_CHARS),
    description: shortenToChars(p.text.replace(/\s+/g, ' '), OPTION_CHARS),
    value: String(p.rank),
  }));
  options.push({ label: 'None: the corpus does not answer this question', description: 'Exported as a question Accord should decline', value: 'none' });
  const menu = new StringSelectMenuBuilder().setCustomId(feedbackId.pick(answerId)).setPlaceholder('Mark the right passage').addOptions(options);
  return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu);
}

/** /report's menu of questions to label: value is the answer id. */
export function questionChooser(items: readonly { readonly answerId: string; readonly question: string; readonly note: string }[]): ActionRowBuilder<StringSelectMenuBuilder>[] {
  const seen = new Set<string>();
  const options = items
    .filter((item) => !seen.has(item.answerId) && seen.add(item.answerId))
    .slice(0, SELECT_OPTIONS)
    .map((item) => ({ label: shortenToChars(item.question, OPTION_CHARS), description: shortenToChars(item.note, OPTION_CHARS), value: item.answerId }));
  if (options.length === 0) return [];
  const menu = new StringSelectMenuBuilder().setCustomId(feedbackId.choose()).setPlaceholder('Label a question: mark the passage that answers it').addOptions(options);
  return [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)];
}
