import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP, type BlockList } from 'node:net';
import { AccordError } from '../../errors.js';
import { addressRefusal } from './check-address.js';

export interface FetchLimits {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  /** Private, loopback or link-local addresses that may be reached anyway. */
  readonly allowed: BlockList;
}

export interface FetchedDocument {
  /** The URL asked for. */
  readonly url: string;
  /** Where the document was finally found, after redirects. */
  readonly finalUrl: string;
  readonly bytes: Uint8Array;
  /** The extension the content type names (`.html`, `.pdf`, …): the document's format. */
  readonly extension: string;
  /** A file name for the document: the URL's last path segment (or host) with `extension`. */
  readonly fileName: string;
}

/** Content types a link may serve, and the extension each becomes. */
const EXTENSION_BY_TYPE: Readonly<Record<string, string>> = {
  'text/html': '.html',
  'application/xhtml+xml': '.html',
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'text/plain': '.txt',
  'text/markdown': '.md',
  'text/x-markdown': '.md',
};
const GENERIC_TYPES = new Set(['application/octet-stream', 'binary/octet-stream', 'application/download']);

const failed = (url: string, what: string, hint: string, cause?: unknown) =>
  new AccordError(`Could not add ${url}: ${what}.`, cause === undefined ? { hint } : { hint, cause });

/** Parses and checks a link: http or https, no user name or password in it. */
export function parseLink(url: string): URL {
  if (!URL.canParse(url)) throw failed(url, 'it is not a URL', 'Give the full address, starting with https://');
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw failed(url, `${parsed.protocol} links are not fetched`, 'Give an http:// or https:// address.');
  if (parsed.username !== '' || parsed.password !== '') throw failed(url, 'it contains a user name or password', 'Give the address without credentials.');
  return parsed;
}

/** The one address the request will connect to: every address the name resolves to must be allowed. */
async function resolveAllowed(url: string, target: URL, allowed: BlockList): Promise<{ address: string; family: number }> {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await dnsLookup(host, { all: true, verbatim: true }).catch((e: unknown) => {
    throw failed(url, `the host name ${host} could not be resolved`, 'Check the address for typos, and that this machine can reach the internet.', e);
  });
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, allowed);
    if (refusal !== null) throw failed(url, target.href === url ? refusal : `a redirect to ${target.href}: ${refusal}`, 'Links must lead to public web addresses.');
  }
  const first = addresses[0];
  if (!first) throw failed(url, `the host name ${host} has no address`, 'Check the address.');
  return first;
}

/** Sends one GET to `target`, connecting only to `address` (no second DNS answer can swap in another). */
function request(target: URL, address: { address: string; family: number }, signal: AbortSignal): Promise<IncomingMessage> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(target, { lookup: pinned, signal, headers: { 'accept-encoding': 'identity', 'user-agent': 'Accord (document fetcher)', accept: Object.keys(EXTENSION_BY_TYPE).join(', ') } }, resolve);
    req.on('error', reject);
  });
}

/** The extension for a response's content type (a generic type falls back to the URL's own extension). */
function extensionFor(url: string, response: IncomingMessage, target: URL): string {
  const type = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const known = EXTENSION_BY_TYPE[type];
  if (known) return known;
  const fromPath = /\.(pdf|docx|html?|txt|md)$/i.exec(target.pathname)?.[0]?.toLowerCase();
  if (GENERIC_TYPES.has(type) && fromPath) return fromPath === '.htm' ? '.html' : fromPath;
  throw failed(url, `it serves ${type === '' ? 'no content type' : `content of type ${type}`}, not a web page, PDF, Word document or text`, 'Link to the page or file itself.');
}

/** Reads the body, stopping as soon as it passes `maxBytes`. */
async function readBody(url: string, response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response) {
    total += (chunk as Buffer).byteLength;
    if (total > maxBytes) {
      response.destroy();
      throw failed(url, `it is larger than the ${maxBytes}-byte limit (MAX_FILE_BYTES)`, 'Download it, split or shorten it, and add the parts as files.');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function fileNameFor(target: URL, extension: string): string {
  const segment = decodeURIComponent(target.pathname.split('/').filter((s) => s !== '').at(-1) ?? '').replace(/\.[a-z0-9]{1,5}$/i, '');
  return `${segment || target.hostname}${extension}`;
}

/**
 * Fetches a document from a link, safely: http(s) only; every address the host resolves to is checked (private,
 * loopback and link-local addresses are refused unless allowed) and the connection goes to the checked address; at
 * most `maxRedirects` redirects, each checked the same way, and no loops; the content type is checked before the
 * body is read, the announced and the actual size against `maxBytes`; all of it within `timeoutMs`. No
 * decompression is asked for. Throws an AccordError saying what went wrong and what to do.
 */
export async function fetchSafely(url: string, limits: FetchLimits): Promise<FetchedDocument> {
  let target = parseLink(url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const seen = new Set<string>([target.href]);
  try {
    for (let redirects = 0; ; redirects++) {
      const address = await resolveAllowed(url, target, limits.allowed);
      const response = await request(target, address, controller.signal);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        const next = new URL(response.headers.location, target);
        if (seen.has(next.href)) throw failed(url, `it redirects in a loop (back to ${next.href})`, 'Open the link in a browser: the site is misconfigured.');
        if (redirects + 1 > limits.maxRedirects) throw failed(url, `it redirects more than ${limits.maxRedirects} times (FETCH_MAX_REDIRECTS)`, 'Link to the final address instead.');
        if (next.protocol !== 'https:' && next.protocol !== 'http:') throw failed(url, `it redirects to a ${next.protocol} link`, 'Link to the final address instead.');
        seen.add(next.href);
        target = next;
        continue;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        throw failed(url, `the server answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`, status === 404 || status === 410 ? 'Check the address: the page is not there.' : 'Try again later, or download the document and add it as a file.');
      }
      const extension = extensionFor(url, response, target);
      const announced = Number(response.headers['content-length'] ?? NaN);
      if (announced > limits.maxBytes) {
        response.destroy();
        throw failed(url, `it is ${announced} bytes, over the ${limits.maxBytes}-byte limit (MAX_FILE_BYTES)`, 'Download it, split or shorten it, and add the parts as files.');
      }
      const bytes = await readBody(url, response, limits.maxBytes);
      return { url, finalUrl: target.href, bytes, extension, fileName: fileNameFor(target, extension) };
    }
  } catch (e: unknown) {
    if (e instanceof AccordError) throw e;
    if (controller.signal.aborted) throw failed(url, `no complete answer within ${limits.timeoutMs / 1000} s (FETCH_TIMEOUT_MS)`, 'Try again later, or download the document and add it as a file.', e);
    throw failed(url, `the connection failed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'Check the address, and try again later.', e);
  } finally {
    clearTimeout(timer);
  }
}
