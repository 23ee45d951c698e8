import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IndexStatus } from '../retrieval/answer-service.js';
import type { BotMetrics, LastReindex } from './metrics.js';

/** What `/healthz` reports. `ok` is what a supervisor acts on: connected to Discord and serving an index. */
export interface HealthReport {
  readonly ok: boolean;
  readonly discord: 'connected' | 'disconnected';
  readonly index: { readonly version: string; readonly documents: number; readonly passages: number; readonly mode: string } | null;
  readonly lastReindex: LastReindex | null;
}

export interface HealthSources {
  readonly connected: () => boolean;
  /** Throws when no index is loaded. */
  readonly indexStatus: () => IndexStatus;
  readonly metrics: BotMetrics;
}

/** The health report now. Pure apart from reading the sources. */
export function healthReport(sources: HealthSources): HealthReport {
  let index: HealthReport['index'] = null;
  try {
    const { version, documents, passages, mode } = sources.indexStatus();
    index = { version, documents, passages, mode };
  } catch {
    index = null;
  }
  const discord = sources.connected() ? 'connected' : 'disconnected';
  return { ok: discord === 'connected' && index !== null, discord, index, lastReindex: sources.metrics.lastReindex };
}

export interface HealthServer {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /healthz` (200 with the report when healthy, 503 otherwise: systemd, Docker and Kubernetes checks
 * need only the status code) and `GET /metrics` (Prometheus text format). Off unless `HEALTH_PORT` is set; binds
 * to `HEALTH_HOST`, loopback by default, because neither says anything a stranger needs.
 */
export async function startHealthServer(sources: HealthSources, host: string, port: number): Promise<HealthServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/healthz') {
      const report = healthReport(sources);
      response.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    } else if (path === '/metrics') {
      sources.metrics.registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': sources.metrics.registry.contentType }).end(text),
        () => response.writeHead(500).end(),
      );
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: try /healthz or /metrics\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
