import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './fake-gateway.js';
import type { AttachmentPayload } from './fake-interactions.js';
import { ids, member, messageObject, snowflake, users, type TestUser } from './fake-payloads.js';
import { handleRest, type RestReply } from './fake-rest.js';

/** One HTTP request the fake received. `path` is decoded and has no `/api/v10` prefix. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Parsed JSON, or the raw text for other bodies, or undefined when there was none. */
  readonly body: unknown;
  readonly authorized: boolean;
}

/**
 * A local fake of Discord for an unmodified discord.js client: REST under `/api/v10`, the gateway on the same
 * port (127.0.0.1 only), and attachment downloads under `/attachments`. Every request is recorded.
 */
export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  /** Messages created or edited through REST, by id. */
  readonly messages = new Map<string, Record<string, unknown>>();
  /** The original response message of each interaction, by interaction token. */
  readonly originals = new Map<string, Record<string, unknown>>();
  readonly gateway: FakeGateway;
  /** Replies to use instead of the normal ones, tried in order, for requests a test wants to fail. */
  readonly overrides: { match: (request: RecordedRequest) => boolean; reply: RestReply }[] = [];
  readonly #server: Server;
  readonly #files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  readonly #waiters = new Set<{ match: (request: RecordedRequest) => boolean; resolve: (request: RecordedRequest) => void }>();

  private constructor(server: Server) {
    this.#server = server;
    this.gateway = new FakeGateway(server, () => this.gatewayUrl);
    server.on('request', (request, response) => void this.#handle(request, response));
  }

  static async start(): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }
  /** For the client's `rest.api` option. */
  get apiUrl(): string {
    return `${this.origin}/api`;
  }
  get gatewayUrl(): string {
    return this.origin.replace('http:', 'ws:');
  }

  /** Resolves with the first request (already received or still to come) that matches. */
  waitForRequest(match: (request: RecordedRequest) => boolean, timeoutMs = 5_000): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (request: RecordedRequest) => {
          clearTimeout(timer);
          resolve(request);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no matching request within ${timeoutMs} ms; got:\n${this.requests.map((r) => `${r.method} ${r.path}`).join('\n')}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** The requests made with an interaction's token (its callback, edits and follow-ups), in order. */
  requestsFor(interaction: Record<string, unknown>): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(String(interaction['token'])));
  }

  /** Delivers an INTERACTION_CREATE and returns the payload. */
  sendInteraction(payload: Record<string, unknown>): Record<string, unknown> {
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return payload;
  }

  /** Delivers a MESSAGE_CREATE from a test user, with mentions parsed from the content as Discord does. */
  sendMessage(content: string, options: { as?: TestUser; where?: 'channel' | 'thread' | 'dm' } = {}): Record<string, unknown> {
    const who = options.as ?? 'member';
    const where = options.where ?? 'channel';
    const mentioned = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]);
    const known: Record<string, unknown>[] = [users.bot, users.member, users.roleModerator, users.admin];
    const message = {
      ...messageObject({ id: snowflake(), channelId: where === 'dm' ? ids.dmChannel : where === 'thread' ? ids.thread : ids.channel, body: { content }, author: users[who] }),
      mentions: known.filter((u) => mentioned.includes(String(u['id']))),
      mention_roles: [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]),
      mention_everyone: content.includes('@everyone'),
      // Discord sends the channel type with every MESSAGE_CREATE; discord.js needs it to build an uncached DM channel.
      channel_type: where === 'dm' ? 1 : where === 'thread' ? 11 : 0,
      ...(where === 'dm' ? {} : { guild_id: ids.guild, member: member(who, false) }),
    };
    this.gateway.dispatch('MESSAGE_CREATE', message);
    return message;
  }

  /** Serves `bytes` for download as an attachment, and returns its attachment payload. */
  serveFile(filename: string, bytes: Uint8Array, contentType?: string, announcedSize = bytes.byteLength): AttachmentPayload {
    const id = snowflake();
    this.#files.set(id, { bytes, contentType: contentType ?? 'application/octet-stream' });
    const url = `${this.origin}/attachments/${ids.channel}/${id}/${encodeURIComponent(filename)}`;
    return { id, filename, size: announcedSize, url, ...(contentType === undefined ? {} : { content_type: contentType }) };
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** While true, every HTTP request's connection is cut before any answer, as when Discord cannot be reached. */
  refuseRequests = false;

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.refuseRequests) {
      request.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', this.origin);
    const isJson = (request.headers['content-type'] ?? '').includes('application/json');
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname).replace(/^\/api\/v10/, ''),
      query: url.searchParams,
      body: text === '' ? undefined : isJson ? (JSON.parse(text) as unknown) : text,
      authorized: request.headers.authorization !== undefined,
    };
    this.requests.push(recorded);
    for (const waiter of this.#waiters) {
      if (!waiter.match(recorded)) continue;
      this.#waiters.delete(waiter);
      waiter.resolve(recorded);
    }
    const override = this.overrides.find((o) => o.match(recorded))?.reply;
    const file = /^\/attachments\/\d+\/(\d+)\//.exec(recorded.path);
    if (file !== null && override === undefined) {
      const served = this.#files.get(file[1] ?? '');
      response.writeHead(served === undefined ? 404 : 200, { 'content-type': served?.contentType ?? 'text/plain' });
      response.end(served === undefined ? 'not found' : Buffer.from(served.bytes));
      return;
    }
    const reply = override ?? handleRest(recorded, this);
    if (reply.body === undefined) {
      response.writeHead(reply.status, { ...reply.headers });
      response.end();
    } else {
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(JSON.stringify(reply.body));
    }
  }
}
