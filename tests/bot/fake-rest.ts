import { ids, messageObject, snowflake } from './fake-payloads.js';

export interface RestReply {
  readonly status: number;
  /** JSON body; undefined sends no body and no content type (as Discord's 204 does). */
  readonly body?: unknown;
  /** Extra response headers, e.g. a redirect's `location`. */
  readonly headers?: Readonly<Record<string, string>>;
}

interface RestState {
  readonly gatewayUrl: string;
  readonly messages: Map<string, Record<string, unknown>>;
  readonly originals: Map<string, Record<string, unknown>>;
}

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

const notFound: RestReply = { status: 404, body: { message: '404: Not Found', code: 0 } };

function bodyOf(request: Recorded): Record<string, unknown> {
  return typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {};
}

function store(state: RestState, message: Record<string, unknown>): RestReply {
  state.messages.set(String(message['id']), message);
  return { status: 200, body: message };
}

/** Interaction callback: 204 with no body, or with `?with_response=true` the callback response object. */
function callback(request: Recorded, state: RestState, interactionId: string, token: string): RestReply {
  const body = bodyOf(request);
  const data = (body['data'] ?? {}) as Record<string, unknown>;
  let message: Record<string, unknown> | undefined;
  if (body['type'] === 4 || body['type'] === 5) {
    message = messageObject({ id: snowflake(), channelId: ids.channel, body: body['type'] === 4 ? data : {}, webhookId: ids.bot });
    state.originals.set(token, message);
    state.messages.set(String(message['id']), message);
  }
  if (request.query.get('with_response') !== 'true') return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: { id: interactionId, type: 2, response_message_id: message?.['id'], response_message_loading: body['type'] === 5, response_message_ephemeral: false },
      resource: { type: body['type'], ...(message === undefined ? {} : { message }) },
    },
  };
}

/** Discord's REST answers for the routes the bot uses. */
export function handleRest(request: Recorded, state: RestState): RestReply {
  const { method, path } = request;
  let match: RegExpExecArray | null;
  if (method === 'GET' && path === '/gateway/bot') {
    return { status: 200, body: { url: state.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
  }
  if (method === 'POST' && (match = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path))) {
    return callback(request, state, match[1] ?? '', match[2] ?? '');
  }
  if ((match = /^\/webhooks\/\d+\/([^/]+)\/messages\/(@original|\d+)$/.exec(path))) {
    const [, token = '', which = ''] = match;
    const existing = which === '@original' ? state.originals.get(token) : state.messages.get(which);
    if (method === 'DELETE') return existing === undefined ? notFound : { status: 204 };
    if (method === 'GET') return existing === undefined ? notFound : { status: 200, body: existing };
    if (method !== 'PATCH') return notFound;
    const edited = { ...messageObject({ id: String(existing?.['id'] ?? snowflake()), channelId: ids.channel, body: bodyOf(request), webhookId: ids.bot }), edited_timestamp: new Date().toISOString() };
    if (which === '@original') state.originals.set(token, edited);
    return store(state, edited);
  }
  if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path)) {
    return store(state, messageObject({ id: snowflake(), channelId: ids.channel, body: bodyOf(request), webhookId: ids.bot }));
  }
  if (method === 'POST' && (match = /^\/channels\/(\d+)\/messages$/.exec(path))) {
    return store(state, messageObject({ id: snowflake(), channelId: match[1] ?? '', body: bodyOf(request) }));
  }
  if (method === 'POST' && /^\/channels\/\d+\/typing$/.test(path)) return { status: 204 };
  if (method === 'PUT' && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
    const commands = Array.isArray(request.body) ? (request.body as Record<string, unknown>[]) : [];
    return { status: 200, body: commands.map((c) => ({ ...c, id: snowflake(), application_id: ids.bot, version: snowflake() })) };
  }
  return notFound;
}
