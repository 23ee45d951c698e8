import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTOCOMPLETE_DEADLINE_MS } from '../../src/bot/corpus-actions.js';
import { autocompleteInteraction, commandInteraction, option, type AttachmentPayload } from './fake-interactions.js';
import { bodyOf, contentOf, startHarness, waitForCallback, waitForEdit, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const addFile = (attachment: AttachmentPayload, as: 'member' | 'roleModerator' = 'roleModerator') =>
  commandInteraction('corpus', [option.subcommand('add', [option.attachment('file', attachment.id), option.string('title', 'New Agreement')])], { as, attachments: [attachment] });

const downloads = () => harness.fake.requests.filter((r) => r.path.startsWith('/attachments/'));

describe('/corpus', () => {
  it('downloads an added file, hands its bytes to the corpus, then reindexes', async () => {
    const bytes = new TextEncoder().encode('# New Agreement\n\nThe Parties agree to cooperate.\n');
    const attachment = harness.fake.serveFile('new-agreement.md', bytes, 'text/markdown; charset=utf-8');
    const interaction = harness.fake.sendInteraction(addFile(attachment));
    const summary = await waitForEdit(harness.fake, interaction, 'Reindex done');
    expect(downloads()).toHaveLength(1);
    expect(harness.moderation.uploads).toHaveLength(1);
    expect(Buffer.from(harness.moderation.uploads[0]?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
    expect(harness.moderation.uploads[0]).toMatchObject({ fileName: 'new-agreement.md', meta: { title: 'New Agreement' } });
    expect(harness.moderation.reindexRuns).toBe(1);
    expect(contentOf(summary)).toContain('Added new-agreement.md');
  });

  it.each([
    ['too large', 'big.txt', 'text/plain', 5_000, 'the limit is 1.0 kB'],
    ['of the wrong type', 'sheet.xlsx', 'application/vnd.ms-excel', 100, 'not a .txt, .md, .pdf, .html or .docx file'],
    ['of the wrong content type', 'image.txt', 'image/png', 100, 'content type image/png'],
  ])('refuses a file %s without downloading it', async (_case, name, type, size, reason) => {
    const attachment = harness.fake.serveFile(name, new Uint8Array(size), type);
    const callback = await waitForCallback(harness.fake, harness.fake.sendInteraction(addFile(attachment)));
    expect(bodyOf(callback)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(contentOf(callback)).toContain(reason);
    expect(downloads()).toHaveLength(0);
    expect(harness.moderation.uploads).toHaveLength(0);
  });

  it('stops a download that turns out larger than announced', async () => {
    const attachment = harness.fake.serveFile('sneaky.txt', new Uint8Array(5_000).fill(65), 'text/plain', 10);
    const interaction = harness.fake.sendInteraction(addFile(attachment));
    await waitForEdit(harness.fake, interaction, 'larger than the 1.0 kB limit');
    expect(harness.moderation.uploads).toHaveLength(0);
  });

  it('says clearly when the download fails', async () => {
    const attachment = { ...harness.fake.serveFile('gone.txt', new Uint8Array(10), 'text/plain'), id: '1', url: `${harness.fake.origin}/attachments/1/2/gone.txt` };
    const interaction = harness.fake.sendInteraction(addFile(attachment));
    await waitForEdit(harness.fake, interaction, 'Could not download gone.txt from Discord: Discord answered HTTP 404');
  });

  it('refuses a non-moderator without downloading', async () => {
    const attachment = harness.fake.serveFile('ok.txt', new Uint8Array(10), 'text/plain');
    const callback = await waitForCallback(harness.fake, harness.fake.sendInteraction(addFile(attachment, 'member')));
    expect(contentOf(callback)).toContain('Only moderators');
    expect(downloads()).toHaveLength(0);
  });

  it('removes a document, then reindexes', async () => {
    const interaction = harness.fake.sendInteraction(commandInteraction('corpus', [option.subcommand('remove', [option.string('document', 'trade.md')])], { as: 'admin' }));
    await waitForEdit(harness.fake, interaction, 'Reindex done');
    expect(harness.moderation.removed).toEqual(['trade.md']);
    expect(harness.moderation.reindexRuns).toBe(1);
  });

  it('suggests documents to remove as the moderator types', async () => {
    const interaction = harness.fake.sendInteraction(autocompleteInteraction('corpus', [option.subcommand('remove', [option.focused('document', 'TRADE')])], { as: 'admin' }));
    const callback = await waitForCallback(harness.fake, interaction);
    expect(bodyOf(callback)).toEqual({ type: 8, data: { choices: [{ name: 'Trade Cooperation Memorandum (trade.md)', value: 'trade.md' }] } });
  });

  it('suggests nothing rather than miss Discord\'s window when the document list is slow', async () => {
    harness.moderation.listDocuments = () => new Promise(() => undefined);
    const sentAtMs = Date.now();
    const interaction = harness.fake.sendInteraction(autocompleteInteraction('corpus', [option.subcommand('remove', [option.focused('document', 'trade')])], { as: 'admin' }));
    const callback = await waitForCallback(harness.fake, interaction);
    expect(bodyOf(callback)).toEqual({ type: 8, data: { choices: [] } });
    expect(Date.now() - sentAtMs).toBeLessThan(AUTOCOMPLETE_DEADLINE_MS + 1_000);
  });

  it('lists the documents in the corpus folder', async () => {
    const interaction = harness.fake.sendInteraction(commandInteraction('corpus', [option.subcommand('list')], { as: 'admin' }));
    const edit = await waitForEdit(harness.fake, interaction, 'documents in the corpus folder');
    expect(contentOf(edit)).toContain('trade.md: Trade Cooperation Memorandum (5.4 kB)');
  });
});
