import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/bot/clock.js';
import { commandInteraction, option } from './fake-interactions.js';
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
    const interaction = harness.fake.sendInteraction(reindexRun('roleModerator'));
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
});
