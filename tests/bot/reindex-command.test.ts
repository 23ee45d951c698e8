import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/bot/clock.js';
import { INTERACTION_EDIT_WINDOW_MS } from '../../src/bot/reindex-with-progress.js';
import { commandInteraction, option } from './fake-interactions.js';
import { ids } from './fake-payloads.js';
import { bodyOf, contentOf, ManualClock, startHarness, waitForCallback, waitForEdit, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

/** A clock that moves 3 s on every reading, so no progress edit is held back by the 2 s throttle. */
const steppingClock = (): Clock => {
  let nowMs = Date.UTC(2026, 0, 1);
  return { now: () => (nowMs += 3_000) };
};

const reindexRun = (as: 'member' | 'roleModerator' | 'admin' | 'dm') => commandInteraction('reindex', [option.subcommand('run')], { as });

/** Makes the fake reindex wait, after its report number `index`, until the reply has had `edits(index)` edits. */
function waitForEditsAfterEachStep(interaction: Record<string, unknown>, edits: (index: number) => number): void {
  const patches = (r: { method: string }) => r.method === 'PATCH';
  harness.moderation.afterStep = async (index) => {
    const wanted = edits(index);
    await expect.poll(() => harness.fake.requestsFor(interaction).filter(patches).length, { timeout: 5_000, interval: 5 }).toBeGreaterThanOrEqual(wanted);
  };
}

describe('/reindex', () => {
  it('refuses a member who is not a moderator, privately, without reindexing', async () => {
    harness = await startHarness();
    const interaction = harness.fake.sendInteraction(reindexRun('member'));
    const callback = await waitForCallback(harness.fake, interaction);
    expect(bodyOf(callback)['type']).toBe(4);
    expect((bodyOf(callback)['data'] as Record<string, unknown>)['flags']).toBe(64);
    expect(contentOf(callback)).toContain('Only moderators');
    expect(harness.moderation.reindexRuns).toBe(0);
  });

  it('refuses in a DM', async () => {
    harness = await startHarness();
    const callback = await waitForCallback(harness.fake, harness.fake.sendInteraction(reindexRun('dm')));
    expect(contentOf(callback)).toContain('only in a server');
    expect(harness.moderation.reindexRuns).toBe(0);
  });

  it('runs for a moderator role, showing progress and then the summary', async () => {
    harness = await startHarness({ clock: steppingClock() });
    const interaction = reindexRun('roleModerator');
    // The start, then one edit per progress report: each report is shown before the next one comes.
    waitForEditsAfterEachStep(interaction, (index) => index + 2);
    harness.fake.sendInteraction(interaction);
    const summary = await waitForEdit(harness.fake, interaction, 'Reindex done');
    const callback = await waitForCallback(harness.fake, interaction);
    expect(bodyOf(callback)).toMatchObject({ type: 5, data: { flags: 64 } });
    const edits = harness.fake.requestsFor(interaction).filter((r) => r.method === 'PATCH').map(contentOf);
    expect(edits.some((e) => e.includes('documents read 3/3, passages embedded 10/40 (25%), elapsed 2.4 s'))).toBe(true);
    expect(edits.at(-1)).toBe(contentOf(summary));
    const text = contentOf(summary);
    expect(text).toContain('v20260102-090000-def456');
    expect(text).toContain('**Added (1)**: new-agreement.md');
    expect(text).toContain('**Removed (1)**: old\\_memo.md');
    expect(text).toContain('scan.pdf: not a .txt or .md file');
    expect(text).toContain('**Passages**: 40');
    expect(text).toContain('**Duration**: 5.1 s');
    expect(harness.moderation.reindexRuns).toBe(1);
  });

  it('runs for a member with Manage Server, editing progress at most every 2 s', async () => {
    harness = await startHarness({ clock: new ManualClock() });
    const interaction = harness.fake.sendInteraction(reindexRun('admin'));
    await waitForEdit(harness.fake, interaction, 'Reindex done');
    const edits = harness.fake.requestsFor(interaction).filter((r) => r.method === 'PATCH').map(contentOf);
    // The clock stands still: only the start and the summary, none of the three progress reports.
    expect(edits).toHaveLength(2);
    expect(edits[0]).toContain('Starting the reindex');
  });

  it('tells the moderator when a reindex is already running, and how far it is', async () => {
    harness = await startHarness();
    harness.moderation.busy = true;
    const interaction = harness.fake.sendInteraction(reindexRun('admin'));
    const edit = await waitForEdit(harness.fake, interaction, 'already running');
    expect(contentOf(edit)).toContain('passages embedded 10/40');
  });

  it('rolls back to the previous version', async () => {
    harness = await startHarness();
    const interaction = harness.fake.sendInteraction(commandInteraction('reindex', [option.subcommand('rollback')], { as: 'admin' }));
    const edit = await waitForEdit(harness.fake, interaction, 'Rolled back');
    expect(contentOf(edit)).toContain('v20251231-080000-aaa111');
  });

  it('posts the summary of a reindex that outlasts the interaction token in the channel, naming the moderator without a ping', async () => {
    const clock = new ManualClock();
    harness = await startHarness({ clock });
    const reindex = harness.moderation.reindex.bind(harness.moderation);
    // Each of the three progress reports comes 5 minutes after the last: 15 minutes in all.
    harness.moderation.reindex = (onProgress) => reindex((progress) => {
      clock.advance(5 * 60_000);
      onProgress(progress);
    });
    const interaction = reindexRun('admin');
    // The reports at 5 and 10 minutes are shown before the next comes; the one at 15 minutes is past the window.
    waitForEditsAfterEachStep(interaction, (index) => Math.min(index, 1) + 2);
    harness.fake.sendInteraction(interaction);
    const posted = await harness.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${ids.channel}/messages`);
    expect(contentOf(posted)).toMatch(/^For carol: the reindex outlasted/);
    expect(contentOf(posted)).toContain('Reindex done: now serving version v20260102-090000-def456');
    expect(bodyOf(posted)['allowed_mentions']).toEqual({ parse: [], replied_user: false });
    const edits = harness.fake.requestsFor(interaction).filter((r) => r.method === 'PATCH').map(contentOf);
    // The start and the progress at 5 and 10 minutes; nothing once the 14-minute window has passed.
    expect(edits).toHaveLength(3);
    expect(edits.some((e) => e.includes('Reindex done'))).toBe(false);
    expect(3 * 5 * 60_000).toBeGreaterThan(INTERACTION_EDIT_WINDOW_MS);
  });
});
