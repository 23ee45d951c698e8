import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeFileName } from '../../src/index/corpus-files.js';
import { commandInteraction, option, type AttachmentPayload } from './fake-interactions.js';
import { startHarness, waitForEdit, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const addFile = (attachment: AttachmentPayload) =>
  commandInteraction('corpus', [option.subcommand('add', [option.attachment('file', attachment.id)])], { as: 'roleModerator', attachments: [attachment] });

const bytes = new TextEncoder().encode('The Parties agree to cooperate.\n');

describe('attachment downloads', () => {
  it('fetch nothing from a host that is not Discord\'s', async () => {
    const served = harness.fake.serveFile('elsewhere.txt', bytes, 'text/plain');
    const attachment = { ...served, url: 'https://attacker.example/attachments/1/2/elsewhere.txt' };
    const interaction = harness.fake.sendInteraction(addFile(attachment));
    await waitForEdit(harness.fake, interaction, "not on Discord's attachment servers (attacker.example)");
    expect(harness.moderation.uploads).toEqual([]);
  });

  it('refuse a redirect to another host', async () => {
    const attachment = harness.fake.serveFile('moved.txt', bytes, 'text/plain');
    harness.fake.overrides.push({
      match: (r) => r.path.startsWith('/attachments/'),
      reply: { status: 302, headers: { location: 'http://localhost:1/internal/secret.txt' } },
    });
    const interaction = harness.fake.sendInteraction(addFile(attachment));
    await waitForEdit(harness.fake, interaction, "not on Discord's attachment servers (localhost:1)");
    expect(harness.moderation.uploads).toEqual([]);
  });

  it('follow a redirect that stays on an allowed host', async () => {
    const target = harness.fake.serveFile('moved.txt', bytes, 'text/plain');
    const first = { ...target, url: `${harness.fake.origin}/attachments/1/3/old-name.txt` };
    harness.fake.overrides.push({ match: (r) => r.path === '/attachments/1/3/old-name.txt', reply: { status: 301, headers: { location: target.url } } });
    const interaction = harness.fake.sendInteraction(addFile(first));
    await waitForEdit(harness.fake, interaction, 'Reindex done');
    expect(Buffer.from(harness.moderation.uploads[0]?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('upload names', () => {
  it('are cut at 80 characters without splitting a character in two', () => {
    const name = safeFileName(`${'a'.repeat(79)}𝐀𝐁.txt`);
    expect(name).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(name).toBe(`${'a'.repeat(79)}.txt`);
    expect(safeFileName(`${'a'.repeat(78)}𝐀𝐁.txt`)).toBe(`${'a'.repeat(78)}𝐀.txt`);
  });
});
