/**
 * Discord API v10 objects for the fake Discord: the test server's ids, users, guild, and builders for
 * messages and interactions, shaped as Discord sends them.
 */

export const ids = {
  bot: '900000000000000001',
  guild: '910000000000000001',
  channel: '920000000000000001',
  thread: '920000000000000002',
  dmChannel: '920000000000000009',
  moderatorRole: '930000000000000001',
  botRole: '930000000000000009',
  member: '940000000000000001',
  roleModerator: '940000000000000002',
  admin: '940000000000000003',
} as const;

/** Permission bits (as Discord's decimal strings) for the test members. */
export const permissions = {
  /** View Channels, Send Messages, Read Message History, Use Application Commands. */
  member: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)),
  /** The member's permissions plus Manage Server. */
  admin: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n) | (1n << 5n)),
} as const;

let sequence = 0n;
/** A fresh snowflake: a real timestamp part, so discord.js can read creation times. */
export function snowflake(): string {
  sequence += 1n;
  return String(((BigInt(Date.now()) - 1_420_070_400_000n) << 22n) | (sequence & 0xfffn));
}

export function user(id: string, username: string, bot = false): Record<string, unknown> {
  return { id, username, discriminator: '0', global_name: username, avatar: null, bot, public_flags: 0 };
}

export const users = {
  bot: user(ids.bot, 'Accord', true),
  member: user(ids.member, 'alice'),
  roleModerator: user(ids.roleModerator, 'bob'),
  admin: user(ids.admin, 'carol'),
} as const;

export type TestUser = 'member' | 'roleModerator' | 'admin';

const memberRoles: Record<TestUser, string[]> = { member: [], roleModerator: [ids.moderatorRole], admin: [] };

/** A guild member object; with `withUser` false, as nested in MESSAGE_CREATE. */
export function member(who: TestUser | 'bot', withUser = true): Record<string, unknown> {
  const roles = who === 'bot' ? [ids.botRole] : memberRoles[who];
  const base = { roles, joined_at: '2024-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, nick: null, avatar: null, pending: false, premium_since: null, communication_disabled_until: null };
  return withUser ? { ...base, user: users[who] } : base;
}

function role(id: string, name: string, position: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, name, color: 0, hoist: false, icon: null, unicode_emoji: null, position, permissions: '0', managed: false, mentionable: false, flags: 0, ...extra };
}

function textChannel(id: string, name: string): Record<string, unknown> {
  return { id, type: 0, guild_id: ids.guild, name, position: 0, permission_overwrites: [], nsfw: false, topic: null, last_message_id: null, parent_id: null, rate_limit_per_user: 0 };
}

/** GUILD_CREATE data: roles, a text channel, an active thread, the bot's member and the test members. */
export function guildCreate(): Record<string, unknown> {
  const thread = {
    ...textChannel(ids.thread, 'questions-thread'),
    type: 11,
    parent_id: ids.channel,
    owner_id: ids.member,
    thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: '2024-01-01T00:00:00.000Z', locked: false },
    member_count: 2,
    message_count: 0,
  };
  return {
    id: ids.guild, name: 'Accord test server', icon: null, splash: null, discovery_splash: null, owner_id: ids.admin,
    afk_channel_id: null, afk_timeout: 300, verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0,
    features: [], mfa_level: 0, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null,
    description: null, banner: null, premium_tier: 0, preferred_locale: 'en-US', public_updates_channel_id: null, nsfw_level: 0,
    premium_progress_bar_enabled: false, joined_at: '2024-01-01T00:00:00.000Z', large: false, unavailable: false, member_count: 4,
    roles: [
      role(ids.guild, '@everyone', 0, { permissions: permissions.member }),
      role(ids.moderatorRole, 'Moderator', 1),
      role(ids.botRole, 'Accord', 2, { managed: true, tags: { bot_id: ids.bot } }),
    ],
    emojis: [], stickers: [], voice_states: [], presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    channels: [textChannel(ids.channel, 'general')],
    threads: [thread],
    members: [member('bot'), member('member'), member('roleModerator'), member('admin')],
  };
}

/** A message object as the REST API returns it. */
export function messageObject(fields: { id: string; channelId: string; body: Record<string, unknown>; author?: Record<string, unknown>; webhookId?: string }): Record<string, unknown> {
  const { body } = fields;
  const reference = body['message_reference'] as Record<string, unknown> | undefined;
  return {
    id: fields.id, channel_id: fields.channelId, author: fields.author ?? users.bot,
    content: body['content'] ?? '', embeds: body['embeds'] ?? [], components: body['components'] ?? [],
    attachments: [], mentions: [], mention_roles: [], mention_everyone: false, pinned: false, tts: false,
    timestamp: new Date().toISOString(), edited_timestamp: null, flags: body['flags'] ?? 0,
    type: reference === undefined ? 0 : 19,
    ...(reference === undefined ? {} : { message_reference: { ...reference, channel_id: fields.channelId } }),
    ...(fields.webhookId === undefined ? {} : { webhook_id: fields.webhookId, application_id: ids.bot }),
  };
}
