import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { guildCreate, ids, users } from './fake-payloads.js';

/** What the fake gateway saw from the client. */
export interface GatewayLog {
  /** The query string of each connection, e.g. `v=10&encoding=json`. */
  readonly connections: string[];
  /** IDENTIFY payloads (`d`), token replaced by its length. */
  readonly identifies: Record<string, unknown>[];
  /** How many RESUMEs (op 6) came in: a client picking up its session after a dropped connection. */
  resumes: number;
  /** Connections dropped at once while `refuseConnections` was set. */
  refused: number;
}

/**
 * A gateway speaking v10 JSON over the HTTP server's upgrade: HELLO, IDENTIFY → READY (one unavailable guild)
 * then GUILD_CREATE, heartbeat ACKs, and DISPATCH of whatever the test sends. discord.js only asks for
 * zlib-stream when zlib-sync is installed; it is not, so plain JSON text frames are what it expects.
 */
export class FakeGateway {
  readonly log: GatewayLog = { connections: [], identifies: [], resumes: 0, refused: 0 };
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WebSocket>();
  #sequence = 0;
  /** While true, every new connection is dropped at once, as when Discord cannot be reached. */
  refuseConnections = false;

  constructor(server: Server, readonly url: () => string) {
    this.#wss = new WebSocketServer({ server });
    this.#wss.on('connection', (socket, request) => {
      if (this.refuseConnections) {
        this.log.refused += 1;
        socket.terminate();
        return;
      }
      this.log.connections.push(new URL(request.url ?? '/', 'ws://localhost').searchParams.toString());
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
      socket.on('message', (data) => this.#receive(socket, String(data)));
      socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    });
  }

  /** Sends a DISPATCH (op 0) event to every connected client. */
  dispatch(type: string, data: unknown): void {
    this.#sequence += 1;
    const frame = JSON.stringify({ op: 0, t: type, s: this.#sequence, d: data });
    for (const socket of this.#sockets) socket.send(frame);
  }

  /** Closes every connection with a gateway close code, e.g. 4010 (invalid shard), after which discord.js gives up. */
  closeConnections(code: number): void {
    for (const socket of this.#sockets) socket.close(code, 'closed by the test');
  }

  /** Drops every connection abnormally (close code 1006 on the client's side), as a network failure does. */
  dropConnections(): void {
    for (const socket of this.#sockets) socket.terminate();
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #receive(socket: WebSocket, text: string): void {
    const payload = JSON.parse(text) as { op: number; d: Record<string, unknown> | null };
    if (payload.op === 1) {
      socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
    } else if (payload.op === 6) {
      this.log.resumes += 1;
      this.dispatch('RESUMED', null);
    } else if (payload.op === 2 && payload.d !== null) {
      this.log.identifies.push({ ...payload.d, token: `<${String(payload.d['token']).length} chars>` });
      this.dispatch('READY', {
        v: 10,
        user: users.bot,
        guilds: [{ id: ids.guild, unavailable: true }],
        session_id: 'fake-session',
        resume_gateway_url: this.url(),
        shard: [0, 1],
        application: { id: ids.bot, flags: 0 },
      });
      this.dispatch('GUILD_CREATE', guildCreate());
    }
  }
}
