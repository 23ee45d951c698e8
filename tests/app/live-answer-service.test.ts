import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LiveAnswerService } from '../../src/app/live-answer-service.js';
import { loadCalibrations } from '../../src/retrieval/calibration.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { snapshotOf } from '../retrieval/snapshot-of.js';

const DOCS = {
  'harbour.txt': 'The harbour council signed an agreement to restore the old lighthouses.\n\nIt will hire fourteen keepers.',
  'orchard.txt': 'The valley farmers formed an orchard cooperative.\n\nEach farm gives twelve crates of apples.',
};
const settings = { topK: 5, maxQuotes: 3, minConfidence: 0.5, calibrations: loadCalibrations(fileURLToPath(new URL('../../calibration', import.meta.url)), null) };
const quiet = { warn: () => {} };

describe('LiveAnswerService: sentences embedded ahead', () => {
  it('embeds the corpus ahead of questions, and after serving a new version embeds only the changed document again', async () => {
    const embedder = new HashingEmbedder();
    const service = new LiveAnswerService(await snapshotOf(DOCS, embedder), embedder, settings, quiet);
    embedder.reset();
    expect(await service.embedSentencesAhead(1000)).toBe(4);
    const changed = { ...DOCS, 'orchard.txt': DOCS['orchard.txt'].replace('twelve', 'eleven') };
    const next = await snapshotOf(changed, embedder);
    embedder.reset();
    service.serve(next);
    // serve() restarts the background pass for the new version (awaited here through a second call, which takes over
    // from it); only the changed document's sentences are embedded again.
    await service.embedSentencesAhead(1000);
    expect([...new Set(embedder.embedded)].sort()).toEqual(['Each farm gives eleven crates of apples.', 'The valley farmers formed an orchard cooperative.']);
  });

  it('embeds ahead again, by itself, for each version served after the first pass was asked for', async () => {
    const embedder = new HashingEmbedder();
    const service = new LiveAnswerService(await snapshotOf(DOCS, embedder), embedder, settings, quiet);
    await service.embedSentencesAhead(1000);
    for (const [i, crates] of ['eleven', 'ten'].entries()) {
      const next = await snapshotOf({ ...DOCS, 'orchard.txt': DOCS['orchard.txt'].replace('twelve', crates) }, embedder);
      embedder.reset();
      service.serve(next); // no further call: serve() starts the pass for the new version
      const changed = [`Each farm gives ${crates} crates of apples.`, 'The valley farmers formed an orchard cooperative.'];
      await expect.poll(() => [...new Set(embedder.embedded)].sort(), { timeout: 5_000, interval: 5 }).toEqual(changed);
      expect(service.snapshot, `version ${i + 1}`).toBe(next);
    }
  });

  it('embeds nothing ahead after serving a version when no pass was asked for (one-shot commands)', async () => {
    const embedder = new HashingEmbedder();
    const service = new LiveAnswerService(await snapshotOf(DOCS, embedder), embedder, settings, quiet);
    const next = await snapshotOf({ ...DOCS, 'orchard.txt': DOCS['orchard.txt'].replace('twelve', 'eleven') }, embedder);
    embedder.reset();
    service.serve(next);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(embedder.embedded).toEqual([]);
  });

  it('embeds nothing ahead in lexical mode', async () => {
    const service = new LiveAnswerService(await snapshotOf(DOCS, null), null, settings, quiet);
    expect(await service.embedSentencesAhead(1000)).toBe(0);
  });
});
