import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RACY_WINDOW_MS } from '../../src/index/file-stamp.js';
import { createWorkspace, DOCS, QUESTIONS, answerService, reindexDone, type Workspace } from './workspace.js';

let workspace: Workspace;

beforeEach(async () => {
  workspace = await createWorkspace();
  await reindexDone(workspace.manager(null), null);
  await new Promise((resolve) => setTimeout(resolve, RACY_WINDOW_MS + 100));
});
afterEach(async () => {
  await workspace.dispose();
});

describe('a reindex right after the up-to-date check (npm run index)', () => {
  it('builds from the corpus as the check scanned it, the same version a scan of its own would build', async () => {
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    await workspace.writeDoc('orchard-cooperative.txt', `${DOCS['orchard-cooperative.txt']}\nThe cellar opens in October.\n`);
    const manager = workspace.manager(null);
    expect(await manager.upToDate(null)).toBeNull();
    const checked = await manager.reindex(null, () => {}, { afterCheck: true });
    if (checked.status !== 'done') throw new Error(checked.status);
    expect(checked.build.added).toEqual(['beekeeping-pact.txt']);
    expect(checked.build.changed).toEqual(['orchard-cooperative.txt']);

    const rebuilt = await workspace.manager(null).reindex(null);
    // Nothing left to do: the version built from the check's scan is what a fresh scan finds.
    expect(rebuilt.status).toBe('unchanged');
    const answer = await answerService(workspace, checked.loaded, null).answer(QUESTIONS.beekeeping);
    expect(answer.quotes[0]?.docId).toBe('beekeeping-pact.txt');
  });

  it('does not scan twice: a file changed between the check and the build is left to the next reindex', async () => {
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    const manager = workspace.manager(null);
    expect(await manager.upToDate(null)).toBeNull();
    await workspace.writeDoc('mountain-railway.md', `${DOCS['mountain-railway.md']}\nA late edit.\n`);
    const checked = await manager.reindex(null, () => {}, { afterCheck: true });
    if (checked.status !== 'done') throw new Error(checked.status);
    expect(checked.build.added).toEqual(['beekeeping-pact.txt']);
    expect(checked.build.changed).toEqual([]);
    const next = await workspace.manager(null).reindex(null);
    if (next.status !== 'done') throw new Error(next.status);
    expect(next.build.changed).toEqual(['mountain-railway.md']);
  });

  it('scans again when not told it follows the check: an edit made after the check is not missed', async () => {
    const manager = workspace.manager(null);
    expect(await manager.upToDate(null)).not.toBeNull();
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    const result = await manager.reindex(null);
    if (result.status !== 'done') throw new Error(result.status);
    expect(result.build.added).toEqual(['beekeeping-pact.txt']);
  });
});
