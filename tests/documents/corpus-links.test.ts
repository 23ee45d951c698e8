import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeHtml } from '../../scripts/make-document-fixtures.js';
import { AccordError } from '../../src/errors.js';
import { allowList } from '../../src/index/links/check-address.js';
import { addLink, refreshLinks, type LinkSettings } from '../../src/index/links/corpus-links.js';
import { LINKS_FILE, readLinks } from '../../src/index/links/link-registry.js';
import { DEFAULT_CHUNKING } from '../../src/index/process-document.js';
import { createWorkspace, reindexDone, type Workspace } from '../index/workspace.js';
import { serve, startLocalSite, type LocalSite } from './local-site.js';

const PAGE = {
  title: 'River Ferry Agreement',
  paragraphs: [
    'The two river towns agreed on Monday to run a shared ferry across the estuary every half hour from April to October.',
    'Each town will pay for one of the two boats, and the crews will be trained together at the harbour school in the spring.',
    'The mayors said that the ferry would cut the journey between the towns from forty minutes by road to ten minutes on the water.',
  ],
};
const html = (page = PAGE) => serve('text/html', makeHtml(page, { site: 'Estuary News', date: '2025-04-01' }));

let site: LocalSite;
let workspace: Workspace;
let settings: LinkSettings;

beforeAll(async () => {
  site = await startLocalSite({ '/ferry': html() });
});
afterAll(async () => {
  await site.close();
});
beforeEach(async () => {
  workspace = await createWorkspace();
  settings = {
    corpusDir: workspace.corpusDir,
    chunking: DEFAULT_CHUNKING,
    limits: { timeoutMs: 2_000, maxBytes: 1_000_000, maxRedirects: 3, allowed: allowList(['127.0.0.1']) },
    now: () => new Date('2025-04-02T10:00:00Z'),
  };
  site.routes.set('/ferry', html());
});
afterEach(async () => {
  await workspace.dispose();
});

async function snapshot(): Promise<Record<string, string>> {
  const names = await readdir(workspace.corpusDir);
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(path.join(workspace.corpusDir, n), 'utf8')] as const)));
}

describe('documents from links', () => {
  it('keeps the URL and fetch date in the document metadata, beside what the page says', async () => {
    const { docId } = await addLink(settings, `${site.origin}/ferry`);
    expect(docId).toBe('ferry.html');
    const { loaded } = await reindexDone(workspace.manager(null), null);
    const doc = loaded.snapshot.documentsById.get('ferry.html');
    expect(doc).toMatchObject({ url: `${site.origin}/ferry`, fetched: '2025-04-02T10:00:00.000Z', source: 'Estuary News', date: '2025-04-01', title: PAGE.title, format: 'html' });
  });

  it('refreshes: the same page changes nothing; a changed page replaces the file and the reindex reports it changed', async () => {
    await addLink(settings, `${site.origin}/ferry`);
    const first = await reindexDone(workspace.manager(null), null);
    expect(await refreshLinks(settings)).toEqual({ unchanged: ['ferry.html'], updated: [], failed: [] });
    expect((await workspace.manager(null).reindex(null)).status).toBe('unchanged');
    // New bytes, same article (a changing token in the page): still unchanged, nothing written.
    site.routes.set('/ferry', serve('text/html', makeHtml(PAGE, { site: 'Estuary News', date: '2025-04-01' }).replace('<head>', '<head><!-- request 7f3a -->')));
    expect(await refreshLinks(settings)).toEqual({ unchanged: ['ferry.html'], updated: [], failed: [] });
    site.routes.set('/ferry', html({ ...PAGE, paragraphs: [...PAGE.paragraphs, 'A night crossing will be added in the summer months for the harbour festival.'] }));
    const later = { ...settings, now: () => new Date('2025-05-01T08:00:00Z') };
    expect(await refreshLinks(later)).toEqual({ unchanged: [], updated: ['ferry.html'], failed: [] });
    const second = await reindexDone(workspace.manager(null), null);
    expect(second.build.changed).toEqual(['ferry.html']);
    expect(second.build.version).not.toBe(first.build.version);
    expect((await readLinks(workspace.corpusDir))['ferry.html']?.fetched).toBe('2025-05-01T08:00:00.000Z');
  });

  it('keeps the old copy when a refresh fails (404, no article), and says why', async () => {
    await addLink(settings, `${site.origin}/ferry`);
    const before = await snapshot();
    site.routes.set('/ferry', (_req, res) => res.writeHead(404).end());
    const gone = await refreshLinks(settings);
    expect(gone.failed[0]?.reason).toMatch(/HTTP 404/);
    site.routes.set('/ferry', serve('text/html', '<!doctype html><html><body><nav><a href="/">Home</a></nav></body></html>'));
    const empty = await refreshLinks(settings);
    expect(empty.failed[0]?.reason).toMatch(/no article/);
    expect(await snapshot()).toEqual(before);
  });

  it('does not bring back a linked document deleted by hand', async () => {
    await addLink(settings, `${site.origin}/ferry`);
    await workspace.removeDoc('ferry.html');
    const hitsBefore = site.hits.get('/ferry');
    const refresh = await refreshLinks(settings);
    expect(refresh.failed[0]?.reason).toMatch(/no longer in the corpus folder/);
    expect(await readdir(workspace.corpusDir)).not.toContain('ferry.html');
    expect(await readLinks(workspace.corpusDir)).toEqual({});
    expect(site.hits.get('/ferry')).toBe(hitsBefore); // not even fetched
  });

  it('adds nothing for a link that fails, and leaves the corpus and index as they were', async () => {
    const { build } = await reindexDone(workspace.manager(null), null);
    const before = await snapshot();
    for (const route of ['/missing', '/no-article']) {
      site.routes.set('/no-article', serve('text/html', '<!doctype html><html><body><p>Sign in</p></body></html>'));
      const error = await addLink(settings, `${site.origin}${route}`).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(AccordError);
    }
    expect(await snapshot()).toEqual(before);
    expect(before[LINKS_FILE]).toBeUndefined();
    const again = await workspace.manager(null).reindex(null);
    expect(again.status).toBe('unchanged');
    expect(again.status === 'unchanged' && again.build.version).toBe(build.version);
  });
});
