import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** An HTTP server on 127.0.0.1 serving `routes` by path (404 otherwise), counting the requests each path got. */
export interface LocalSite {
  readonly origin: string;
  readonly hits: Map<string, number>;
  readonly routes: Map<string, Route>;
  close(): Promise<void>;
}

export async function startLocalSite(routes: Record<string, Route> = {}): Promise<LocalSite> {
  const table = new Map(Object.entries(routes));
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = table.get(path);
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    routes: table,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A route answering with `body` as `type`. */
export function serve(type: string, body: string | Uint8Array): Route {
  return (_req, res) => res.writeHead(200, { 'content-type': type }).end(body);
}

export function redirect(to: string, status = 302): Route {
  return (_req, res) => res.writeHead(status, { location: to }).end();
}
