import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { versionDir } from '../../src/index/index-layout.js';
import { manifestSchema } from '../../src/index/manifest.js';
import { parseManifest } from '../../src/index/parse-manifest.js';
import { createWorkspace, reindexDone, type Workspace } from './workspace.js';

let workspace: Workspace;
let written: Record<string, unknown>;

beforeAll(async () => {
  workspace = await createWorkspace();
  const { build } = await reindexDone(workspace.manager(null), null);
  written = JSON.parse(await readFile(path.join(versionDir(workspace.indexDir, build.version), 'manifest.json'), 'utf8')) as Record<string, unknown>;
});
afterAll(async () => {
  await workspace.dispose();
});

/** The written manifest, changed by `edit` (on a deep copy). */
function edited(edit: (m: Record<string, any>) => void): unknown {
  const copy = structuredClone(written);
  edit(copy);
  return copy;
}

/** What the zod schema alone says about `json`: its data, or its problems as readManifest words them. */
function bySchema(json: unknown) {
  const parsed = manifestSchema.safeParse(json);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
}

describe('parseManifest', () => {
  it('gives exactly what the schema gives for a manifest a build wrote, lists and defaults included', () => {
    expect((written['documents'] as unknown[]).length).toBe(3);
    expect(parseManifest(written)).toEqual(bySchema(written));
    const full = edited((m) => {
      m['unindexed'] = [{ docId: 'empty.txt', contentHash: 'a'.repeat(64), reason: 'no prose' }];
      m['fileStamps'] = { 'empty.txt': [0, 1733040000123.25, 1733040000456.5, 42, 'a'.repeat(64)] };
    });
    expect(parseManifest(full)).toEqual(bySchema(full));
    const older = edited((m) => {
      delete m['unindexed'];
      delete m['fileStamps'];
      delete m['analyzerVersion'];
    });
    expect(parseManifest(older)).toEqual(bySchema(older));
  });

  it('drops unknown keys of list entries, as the schema does', () => {
    const extra = edited((m) => {
      m['documents'][0].extra = 'x';
    });
    const parsed = parseManifest(extra);
    expect(parsed).toEqual(bySchema(extra));
    expect(parsed.success && Object.keys(parsed.data.documents[0] ?? {})).toEqual(['docId', 'contentHash', 'passages']);
  });

  it.each([
    ['a document without an id', (m: Record<string, any>) => (m['documents'][1].docId = '')],
    ['a negative passage count', (m: Record<string, any>) => (m['documents'][0].passages = -1)],
    ['a fractional passage count', (m: Record<string, any>) => (m['documents'][0].passages = 1.5)],
    ['a document that is not an object', (m: Record<string, any>) => (m['documents'][2] = 'mountain-railway.md')],
    ['an unindexed file without a reason', (m: Record<string, any>) => (m['unindexed'] = [{ docId: 'a.txt', contentHash: 'x' }])],
    ['a stamp with four fields', (m: Record<string, any>) => (m['fileStamps'] = { 'a.txt': [1, 2, 3, 4] })],
    ['a stamp whose hash is not hex', (m: Record<string, any>) => (m['fileStamps'] = { 'a.txt': [1, 2, 3, 4, 'z'.repeat(64)] })],
    ['a stamp with a negative size', (m: Record<string, any>) => (m['fileStamps'] = { 'a.txt': [-1, 2, 3, 4, 'a'.repeat(64)] })],
    ['a missing version', (m: Record<string, any>) => delete m['version']],
  ])('refuses %s with the schema’s own words', (_name, edit) => {
    const bad = edited(edit);
    const parsed = parseManifest(bad);
    expect(parsed.success).toBe(false);
    expect(parsed).toEqual(bySchema(bad));
  });
});
