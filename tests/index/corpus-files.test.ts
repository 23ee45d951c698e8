import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexSettings } from '../../src/app/create-services.js';
import { addCorpusDocument, type NewDocument } from '../../src/index/corpus-files.js';
import { IndexManager } from '../../src/index/index-manager.js';
import { DEFAULT_CHUNKING } from '../../src/index/process-document.js';
import { accordErrorOf, createWorkspace, DOCS, reindexDone, type Workspace } from './workspace.js';

const MAX_BYTES = 2000;
const PROSE = [
  'The two river towns agreed to build a footbridge across the weir before the summer fair.',
  'Each town will pay half of the cost and will maintain its own bank of the river.',
].join('\n');

let workspace: Workspace;

beforeEach(async () => {
  workspace = await createWorkspace();
});

afterEach(async () => {
  await workspace.dispose();
});

function upload(fileName: string, content: string | Uint8Array, meta: NewDocument['meta'] = {}): NewDocument {
  return { fileName, bytes: typeof content === 'string' ? Buffer.from(content) : content, meta };
}

const add = (doc: NewDocument) => addCorpusDocument(workspace.corpusDir, doc, MAX_BYTES, DEFAULT_CHUNKING);
const corpusNames = async () => (await readdir(workspace.corpusDir)).sort();

describe('adding a document to the corpus', () => {
  it('writes it under a safe name with the metadata as front matter, and the next reindex indexes it', async () => {
    await reindexDone(workspace.manager(null), null);
    const docId = await add(upload('River Towns: Footbridge Deal.TXT', PROSE, { title: 'Footbridge Deal', url: 'https://example.org/bridge' }));
    expect(docId).toBe('river-towns-footbridge-deal.txt');
    const text = await readFile(path.join(workspace.corpusDir, docId), 'utf8');
    expect(text).toBe(`---\ntitle: Footbridge Deal\nurl: https://example.org/bridge\n---\n${PROSE}`);

    const { build, loaded } = await reindexDone(workspace.manager(null), null);
    expect(build.added).toEqual([docId]);
    expect(loaded.snapshot.documentsById.get(docId)).toMatchObject({ title: 'Footbridge Deal', url: 'https://example.org/bridge' });
  });

  it.each([
    ['an unsupported type', upload('bridge.rtf', PROSE), 'unsupported file type ".rtf"'],
    ['a file over the size limit', upload('bridge.txt', PROSE.repeat(20)), `over the ${MAX_BYTES}-byte limit`],
    ['invalid UTF-8', upload('bridge.txt', Buffer.concat([Buffer.from(PROSE), Buffer.from([0xff, 0xfe, 0x41])])), 'not valid UTF-8'],
    ['a binary file', upload('bridge.txt', Buffer.concat([Buffer.from(PROSE), Buffer.from([0, 1, 2, 0])])), 'binary'],
    ['an empty file', upload('bridge.txt', ''), 'file is empty'],
    ['a URL that is not http(s)', upload('bridge.txt', PROSE, { url: 'ftp://example.org/bridge' }), 'bad url'],
    ['a URL that is not a URL', upload('bridge.txt', PROSE, { url: 'not a url' }), 'bad url'],
    ['an impossible date', upload('bridge.txt', PROSE, { date: '2024-02-30' }), 'not a real calendar day'],
    ['a title with a line break', upload('bridge.txt', PROSE, { title: 'Foot\nbridge' }), 'must be one line'],
    ['malformed front matter in the file', upload('bridge.md', `---\ntitle: Bridge\n${PROSE}`), 'front matter'],
    ['no prose', upload('bridge.txt', 'Home\n\nMenu\n'), 'no prose'],
  ])('rejects %s, saying why, and writes nothing', async (_what, doc, reason) => {
    const before = await corpusNames();
    const error = await accordErrorOf(() => add(doc));
    expect(error.message).toContain(`${doc.fileName} was not added`);
    expect(error.describe()).toContain(reason);
    expect(await corpusNames()).toEqual(before);
  });

  it('rejects the same text already in the corpus under another name, even with other front matter', async () => {
    const error = await accordErrorOf(() => add(upload('apples.txt', DOCS['orchard-cooperative.txt'], { title: 'Apples' })));
    expect(error.message).toContain('the same text is already in the corpus as orchard-cooperative.txt');
    expect(existsSync(path.join(workspace.corpusDir, 'apples.txt'))).toBe(false);
  });

  it('rejects a name that is already taken, and leaves the existing file alone', async () => {
    const error = await accordErrorOf(() => add(upload('Orchard Cooperative.txt', PROSE)));
    expect(error.message).toBe('A document named orchard-cooperative.txt already exists.');
    expect(await readFile(path.join(workspace.corpusDir, 'orchard-cooperative.txt'), 'utf8')).toBe(DOCS['orchard-cooperative.txt']);
  });

  it('leaves no temporary file behind', async () => {
    await add(upload('bridge.txt', PROSE));
    expect((await corpusNames()).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});

describe('the size limit of an added document', () => {
  it('counts the front matter added to it, so an accepted upload is never skipped as too large by the reindex', async () => {
    const body = `${PROSE}\n`.repeat(20).slice(0, MAX_BYTES - 10);
    const error = await accordErrorOf(() => add(upload('long.txt', body, { title: 'A Long Title For The Footbridge Agreement' })));
    expect(error.message).toMatch(new RegExp(`with its front matter it is \\d+ bytes, over the ${MAX_BYTES}-byte limit`));
    expect(existsSync(path.join(workspace.corpusDir, 'long.txt'))).toBe(false);

    // Without the metadata it fits, and the reindex indexes it.
    await add(upload('long.txt', body));
    const manager = new IndexManager({ ...indexSettings(workspace.config), maxFileBytes: MAX_BYTES }, async () => {});
    const { build } = await reindexDone(manager, null);
    expect(build.skipped).toEqual([]);
    expect(build.manifest.documents.map((d) => d.docId)).toContain('long.txt');
  });
});
