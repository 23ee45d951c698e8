import { ids, member, permissions, snowflake, users, type TestUser } from './fake-payloads.js';

/** Command option as Discord sends it: string 3, boolean 5, attachment 11, subcommand 1. */
export interface OptionPayload {
  readonly type: number;
  readonly name: string;
  readonly value?: string | boolean;
  readonly focused?: boolean;
  readonly options?: readonly OptionPayload[];
}

export interface AttachmentPayload {
  readonly id: string;
  readonly filename: string;
  readonly size: number;
  readonly url: string;
  readonly content_type?: string;
}

export interface InteractionTarget {
  /** Who acts: a test guild member, or 'dm' for alice in a DM with the bot. */
  readonly as?: TestUser | 'dm';
  /** The server the interaction comes from; the test guild unless set (a foreign server the bot was invited to). */
  readonly guildId?: string;
}

export const option = {
  string: (name: string, value: string): OptionPayload => ({ type: 3, name, value }),
  boolean: (name: string, value: boolean): OptionPayload => ({ type: 5, name, value }),
  attachment: (name: string, attachmentId: string): OptionPayload => ({ type: 11, name, value: attachmentId }),
  focused: (name: string, value: string): OptionPayload => ({ type: 3, name, value, focused: true }),
  subcommand: (name: string, options: readonly OptionPayload[] = []): OptionPayload => ({ type: 1, name, options }),
};

/** The parts every interaction shares: who, where, the token. */
function base(type: number, target: InteractionTarget): Record<string, unknown> {
  const id = snowflake();
  const common = { id, application_id: ids.bot, type, token: `interaction-token-${id}`, version: 1, locale: 'en-US', entitlements: [], attachment_size_limit: 10_485_760 };
  if (target.as === 'dm') {
    return {
      ...common, channel_id: ids.dmChannel, user: users.member, context: 1,
      channel: { id: ids.dmChannel, type: 1, recipients: [users.member], last_message_id: null, flags: 0 },
      authorizing_integration_owners: { '0': ids.bot }, app_permissions: permissions.member,
    };
  }
  const who = target.as ?? 'member';
  const guildId = target.guildId ?? ids.guild;
  return {
    ...common, guild_id: guildId, guild_locale: 'en-US', channel_id: ids.channel, context: 0,
    channel: { id: ids.channel, type: 0, guild_id: guildId, name: 'general', permissions: permissions.admin, flags: 0 },
    member: { ...member(who), permissions: who === 'admin' ? permissions.admin : permissions.member },
    authorizing_integration_owners: { '0': guildId }, app_permissions: permissions.member,
  };
}

/** An APPLICATION_COMMAND interaction for a chat-input command. */
export function commandInteraction(
  name: string,
  options: readonly OptionPayload[],
  target: InteractionTarget & { readonly attachments?: readonly AttachmentPayload[] } = {},
): Record<string, unknown> {
  const attachments = Object.fromEntries((target.attachments ?? []).map((a) => [a.id, { ...a, proxy_url: a.url }]));
  const resolved = target.attachments === undefined ? {} : { resolved: { attachments } };
  return { ...base(2, target), data: { id: snowflake(), name, type: 1, options, ...resolved } };
}

/** An APPLICATION_COMMAND_AUTOCOMPLETE interaction. */
export function autocompleteInteraction(name: string, options: readonly OptionPayload[], target: InteractionTarget = {}): Record<string, unknown> {
  return { ...base(4, target), data: { id: snowflake(), name, type: 1, options } };
}

/** A MESSAGE_COMPONENT interaction: a press on a button of `message`. */
export function buttonInteraction(customId: string, message: Record<string, unknown>, target: InteractionTarget = {}): Record<string, unknown> {
  return { ...base(3, target), message, data: { custom_id: customId, component_type: 2 } };
}

/** A MESSAGE_COMPONENT interaction: a choice in a string select menu of `message`. */
export function selectInteraction(customId: string, values: readonly string[], message: Record<string, unknown>, target: InteractionTarget = {}): Record<string, unknown> {
  return { ...base(3, target), message, data: { custom_id: customId, component_type: 3, values } };
}

/** A MODAL_SUBMIT interaction from a modal shown under `message`; `fields` are label-wrapped components as Discord sends them. */
export function modalSubmitInteraction(customId: string, fields: { readonly select?: Record<string, readonly string[]>; readonly text?: Record<string, string> }, message: Record<string, unknown>, target: InteractionTarget = {}): Record<string, unknown> {
  let id = 0;
  const components = [
    ...Object.entries(fields.select ?? {}).map(([custom_id, values]) => ({ type: 18, id: ++id, component: { type: 3, id: ++id, custom_id, values } })),
    ...Object.entries(fields.text ?? {}).map(([custom_id, value]) => ({ type: 18, id: ++id, component: { type: 4, id: ++id, custom_id, value } })),
  ];
  return { ...base(5, target), message, data: { custom_id: customId, components } };
}
