import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHtml, makePdf } from '../../scripts/make-document-fixtures.js';
import { AccordError } from '../../src/errors.js';
import { addressRefusal, allowList } from '../../src/index/links/check-address.js';
import { fetchSafely, type FetchLimits } from '../../src/index/links/fetch-safely.js';
import { redirect, serve, startLocalSite, type LocalSite } from './local-site.js';

const DOC = { title: 'Harbour Lighthouse Agreement', paragraphs: ['The harbour council and the coastal guild signed an agreement on Tuesday to restore the old lighthouses along the northern shore.'] };
const LOOPBACK_ONLY: FetchLimits = { timeoutMs: 2_000, maxBytes: 1_000_000, maxRedirects: 3, allowed: allowList(['127.0.0.1']) };

let site: LocalSite;

beforeAll(async () => {
  site = await startLocalSite({
    '/article': serve('text/html; charset=utf-8', makeHtml(DOC)),
    '/agreement.pdf': serve('application/pdf', await makePdf(DOC)),
    '/download': serve('application/octet-stream', 'just words'),
    '/image': serve('image/png', new Uint8Array(10)),
    '/moved': redirect('/article'),
    '/loop-a': redirect('/loop-b'),
    '/loop-b': redirect('/loop-a'),
    '/chain-1': redirect('/chain-2'),
    '/chain-2': redirect('/chain-3'),
    '/chain-3': redirect('/chain-4'),
    '/chain-4': redirect('/chain-5'),
    '/chain-5': redirect('/article'),
    '/to-private': redirect('http://10.0.0.7/secret'),
    '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
    '/to-file': redirect('file:///etc/passwd'),
    '/broken': (_req, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Server error</h1>'),
    '/slow': () => {}, // never answers
    '/huge-announced': (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(50_000_000) }).end(),
    '/huge-streamed': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const push = () => {
        while (sent < 50_000_000) {
          sent += chunk.byteLength;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      push();
    },
  });
});

afterAll(async () => {
  await site.close();
});

async function refusal(url: string, limits: FetchLimits = LOOPBACK_ONLY): Promise<AccordError> {
  const error = await fetchSafely(url, limits).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AccordError);
  return error as AccordError;
}

describe('which addresses a link may reach', () => {
  const none = allowList([]);
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])(
    'refuses %s by default',
    (address) => expect(addressRefusal(address, none)).toMatch(/private, loopback or link-local/),
  );
  it.each(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '8.8.8.8'])('allows the public address %s', (address) => {
    expect(addressRefusal(address, none)).toBeNull();
  });
  it('allows exactly what FETCH_ALLOW_ADDRESSES lists', () => {
    const allowed = allowList(['127.0.0.1', '10.0.0.0/8']);
    expect(addressRefusal('127.0.0.1', allowed)).toBeNull();
    expect(addressRefusal('10.9.9.9', allowed)).toBeNull();
    expect(addressRefusal('127.0.0.2', allowed)).not.toBeNull();
    expect(addressRefusal('192.168.0.1', allowed)).not.toBeNull();
  });
});

describe('fetching a link', () => {
  it('refuses the loopback server by default, without connecting to it', async () => {
    const error = await refusal(`${site.origin}/article`, { ...LOOPBACK_ONLY, allowed: allowList([]) });
    expect(error.message).toMatch(/127\.0\.0\.1, a private, loopback or link-local address/);
    expect(site.hits.get('/article') ?? 0).toBe(0);
  });

  it('fetches a page and a PDF, naming each by its URL and content type', async () => {
    const page = await fetchSafely(`${site.origin}/article`, LOOPBACK_ONLY);
    expect(page).toMatchObject({ extension: '.html', fileName: 'article.html' });
    expect(Buffer.from(page.bytes).toString('utf8')).toContain(DOC.paragraphs[0]);
    const pdf = await fetchSafely(`${site.origin}/agreement.pdf`, LOOPBACK_ONLY);
    expect(pdf).toMatchObject({ extension: '.pdf', fileName: 'agreement.pdf' });
  });

  it('follows a redirect and keeps both addresses', async () => {
    const page = await fetchSafely(`${site.origin}/moved`, LOOPBACK_ONLY);
    expect(page).toMatchObject({ url: `${site.origin}/moved`, finalUrl: `${site.origin}/article` });
  });

  it.each([
    ['a redirect loop', '/loop-a', /redirects in a loop/],
    ['too many redirects', '/chain-1', /redirects more than 3 times/],
    ['a redirect to a private address', '/to-private', /redirect to http:\/\/10\.0\.0\.7\/secret: it leads to 10\.0\.0\.7/],
    ['a redirect to the cloud metadata address', '/to-metadata', /169\.254\.169\.254/],
    ['a redirect to a file: link', '/to-file', /redirects to a file: link/],
    ['a 404', '/missing', /HTTP 404/],
    ['a 500', '/broken', /HTTP 500/],
    ['a content type that is no document', '/image', /content of type image\/png/],
    ['50 MB announced', '/huge-announced', /50000000 bytes, over the 1000000-byte limit/],
    ['50 MB streamed without a length', '/huge-streamed', /larger than the 1000000-byte limit/],
    ['a server that never answers', '/slow', /no complete answer within 2 s/],
  ])('refuses %s with a clear message', async (_case, route, message) => {
    const error = await refusal(`${site.origin}${route}`);
    expect(error.message).toMatch(message);
    expect(error.hint).toBeTruthy();
  });

  it('refuses links that are not http(s) or carry credentials', async () => {
    expect((await refusal('ftp://127.0.0.1/file.pdf')).message).toMatch(/ftp: links are not fetched/);
    expect((await refusal(`http://user:pw@127.0.0.1/article`)).message).toMatch(/user name or password/);
    expect((await refusal('not a url')).message).toMatch(/not a URL/);
  });

  it('takes the extension from the URL when the server says only octet-stream', async () => {
    site.routes.set('/files/notes.txt', serve('application/octet-stream', 'words'));
    expect(await fetchSafely(`${site.origin}/files/notes.txt`, LOOPBACK_ONLY)).toMatchObject({ extension: '.txt', fileName: 'notes.txt' });
    expect((await refusal(`${site.origin}/download`)).message).toMatch(/application\/octet-stream/);
  });
});
