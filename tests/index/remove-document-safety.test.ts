import { existsSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAccordServices, type AccordServices } from '../../src/app/create-services.js';
import { readLinks, recordDocument } from '../../src/index/links/link-registry.js';
import { accordErrorOf, createWorkspace, DOCS, type Workspace } from './workspace.js';

let workspace: Workspace;
let services: AccordServices;
afterEach(async () => {
  await services.close();
  await workspace.dispose();
});

/** A workspace whose corpus links to a folder outside it, and holds a file the index skips. */
async function setUp(): Promise<{ outside: string }> {
  workspace = await createWorkspace();
  const outside = path.join(workspace.root, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'victim.txt'), DOCS['beekeeping-pact.txt']);
  await symlink('../outside', path.join(workspace.corpusDir, 'linked'));
  await writeFile(path.join(workspace.corpusDir, 'keep.pdf'), '%PDF-1.4 not a document Accord reads');
  services = await createAccordServices(workspace.config, pino({ level: 'silent' }));
  return { outside };
}

describe('/corpus remove', () => {
  it('never follows a link out of the corpus, even to a document the index holds', async () => {
    const { outside } = await setUp();
    expect(services.answers.sources().map((d) => d.docId)).toContain('linked/victim.txt');
    const error = await accordErrorOf(() => services.moderation.removeDocument('linked/victim.txt'));
    expect(error.message).toContain('linked from outside the corpus');
    expect(existsSync(path.join(outside, 'victim.txt'))).toBe(true);
  });

  it('removes only documents the index knows', async () => {
    await setUp();
    const error = await accordErrorOf(() => services.moderation.removeDocument('keep.pdf'));
    expect(error.message).toContain('no document "keep.pdf" in the index');
    expect(existsSync(path.join(workspace.corpusDir, 'keep.pdf'))).toBe(true);
  });

  it.each(['../outside/victim.txt', '/etc/hostname', 'linked/../keep.pdf', '.hidden.txt'])('refuses the path %s', async (docId) => {
    const { outside } = await setUp();
    await accordErrorOf(() => services.moderation.removeDocument(docId));
    expect(existsSync(path.join(outside, 'victim.txt'))).toBe(true);
  });

  it('removes an indexed document', async () => {
    await setUp();
    await services.moderation.removeDocument('orchard-cooperative.txt');
    expect(existsSync(path.join(workspace.corpusDir, 'orchard-cooperative.txt'))).toBe(false);
  });

  it('takes a removed document off the link list, so a refresh no longer fetches it', async () => {
    await setUp();
    await recordDocument(workspace.corpusDir, 'orchard-cooperative.txt', { url: 'https://example.org/orchard', fetched: new Date().toISOString() });
    await services.moderation.removeDocument('orchard-cooperative.txt');
    expect(Object.keys(await readLinks(workspace.corpusDir))).not.toContain('orchard-cooperative.txt');
  });
});

describe('/corpus add', () => {
  it('never writes through a link that has the upload\'s name', async () => {
    const { outside } = await setUp();
    await symlink('../outside/planted.txt', path.join(workspace.corpusDir, 'planted.txt'));
    const upload = { fileName: 'planted.txt', bytes: new TextEncoder().encode('The river commission agreed that both towns share the cost of the new ferry landing, and that the ferry runs every hour in summer.\n'), meta: {} };
    const error = await accordErrorOf(() => services.moderation.addDocument(upload));
    expect(error.message).toContain('already exists');
    expect(existsSync(path.join(outside, 'planted.txt'))).toBe(false);
  });
});
