import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AccordError } from '../errors.js';
import { ANALYZER_VERSION, LEXICAL_LAYOUT, LexicalIndex } from '../retrieval/lexical-index.js';
import type { IndexSnapshot } from '../retrieval/index-snapshot.js';
import type { DocumentMeta } from '../retrieval/types.js';
import { VectorIndex } from '../retrieval/vector-index.js';
import { assembleSnapshot, REBUILD_HINT } from './assemble-snapshot.js';
import { diskFullError, isNoSpace } from './disk-full.js';
import { expectedHnswFileBytes } from './hnsw-file-size.js';
import { BUILDING_PREFIX, currentPointer, FILES, versionDir, versionsDir } from './index-layout.js';
import type { Manifest } from './manifest.js';
import { parseManifest } from './parse-manifest.js';
import { forgetVerified, readVerifiedStamps, recordVerified, settled, sortByStamp, statStamp } from './verified-stamps.js';

/** A passage as stored: its text is a slice of the document text, so it is not stored twice. */
export interface StoredPassage {
  readonly chunkId: string;
  readonly docId: string;
  readonly start: number;
  readonly end: number;
  readonly paragraph: number;
  /** `[start, end, paragraph]` per sentence. */
  readonly sentences: readonly (readonly [number, number, number])[];
  /** sha256 (hex, 32 chars) of model id + the exact text embedded: the key for reusing its vector. */
  readonly embedKey: string;
  /** Its point's label in vectors.hnsw when the graph was updated rather than built; absent: its own position. */
  readonly vectorLabel?: number;
}

export interface StoredDocument extends DocumentMeta {
  readonly text: string;
}

/** What a build hands over to be written as one version. */
export interface VersionData {
  readonly manifest: Omit<Manifest, 'files'>;
  readonly documents: readonly StoredDocument[];
  readonly passages: readonly StoredPassage[];
  readonly lexical: LexicalIndex;
  /** Row-major vectors, one per passage; null for a lexical-only build. */
  readonly vectors: Float32Array | null;
  readonly hnsw: VectorIndex | null;
}


export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

async function writeDurably(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
    const expected = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    const written = (await handle.stat()).size;
    if (written !== expected) throw Object.assign(new Error(`${file}: ${written} of ${expected} bytes written`), { code: 'ENOSPC' });
  } finally {
    await handle.close();
  }
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * About how many bytes a version takes on disk: the documents (twice: their JSON and the lexical index), the
 * passages, the raw vectors, and the HNSW graph at 1.1 × the raw vectors (measured: a 161 MiB graph for
 * 100,000 × 384-dimension vectors at M = 16; README, Performance). For the "how much is needed" of a full disk.
 */
function estimateVersionBytes(data: VersionData): number {
  const texts = data.documents.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0);
  const vectors = data.vectors?.byteLength ?? 0;
  return 2 * texts + 200 * data.passages.length + 2.1 * vectors;
}

/**
 * Writes a version into a `.building-*` folder, syncs it, then renames it into place: a version folder either
 * exists complete or not at all. Does not make it current. A full disk (including a silently truncated HNSW file)
 * removes the half-written folder and throws an AccordError saying what is full and how much is needed.
 */
export async function writeVersion(indexDir: string, data: VersionData): Promise<WrittenManifest> {
  try {
    return await writeVersionFiles(indexDir, data);
  } catch (e: unknown) {
    if (!isNoSpace(e)) throw e;
    await rm(path.join(versionsDir(indexDir), `${BUILDING_PREFIX}${data.manifest.version}`), { recursive: true, force: true });
    throw await diskFullError(`index version ${data.manifest.version}`, indexDir, estimateVersionBytes(data), e);
  }
}

/** The manifest a version was written with, and its exact text: what {@link checkWrittenVersion} compares. */
export interface WrittenManifest {
  readonly manifest: Manifest;
  readonly text: string;
}

async function writeVersionFiles(indexDir: string, data: VersionData): Promise<WrittenManifest> {
  const { version } = data.manifest;
  const building = path.join(versionsDir(indexDir), `${BUILDING_PREFIX}${version}`);
  await mkdir(building, { recursive: true });
  const files: Record<string, { bytes: number; sha256: string }> = {};
  // Each group is written and synced side by side: the disk flushes its files together, not one after the other.
  const putAll = async (contents: readonly (readonly [string, string | Uint8Array])[]) => {
    const written = await Promise.allSettled(contents.map(([name, content]) => writeDurably(path.join(building, name), content)));
    const failed = written.find((w) => w.status === 'rejected');
    if (failed) throw failed.reason;
    for (const [name, content] of contents) {
      files[name] = { bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength, sha256: sha256(content) };
    }
  };
  await putAll([
    [FILES.documents, JSON.stringify(data.documents)],
    [FILES.passages, JSON.stringify(data.passages)],
  ]);
  await putAll([
    [FILES.lexical, data.lexical.serialize()],
    ...(data.vectors && data.hnsw ? [[FILES.vectors, new Uint8Array(data.vectors.buffer, data.vectors.byteOffset, data.vectors.byteLength)] as const] : []),
  ]);
  if (data.vectors && data.hnsw) {
    const hnswFile = path.join(building, FILES.hnsw);
    await data.hnsw.save(hnswFile);
    await syncFile(hnswFile); // hnswlib writes it itself: sync it like every other file before the rename
    const bytes = await readFile(hnswFile);
    // hnswlib reports no error when the disk fills up mid-write: check the size its own header implies.
    const expected = expectedHnswFileBytes(bytes);
    if (expected !== bytes.byteLength) {
      throw Object.assign(new Error(`${hnswFile}: ${bytes.byteLength} bytes written, ${expected ?? 'more'} expected`), { code: 'ENOSPC' });
    }
    files[FILES.hnsw] = { bytes: bytes.byteLength, sha256: sha256(bytes) };
  }
  const manifest: Manifest = { ...data.manifest, files };
  const text = JSON.stringify(manifest, null, 2);
  await writeDurably(path.join(building, FILES.manifest), text);
  await syncDirectory(building);
  await rename(building, versionDir(indexDir, version));
  await syncDirectory(versionsDir(indexDir));
  return { manifest, text };
}

/** The version CURRENT names, or null when no index has been made current yet. */
export async function readCurrentVersion(indexDir: string): Promise<string | null> {
  try {
    const name = (await readFile(currentPointer(indexDir), 'utf8')).trim();
    return name === '' ? null : name;
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Makes `version` current with an atomic rename: readers see the old name or the new one, never neither. */
export async function switchCurrentVersion(indexDir: string, version: string): Promise<void> {
  const pointer = currentPointer(indexDir);
  const temporary = `${pointer}.${process.pid}.tmp`;
  try {
    await writeDurably(temporary, `${version}\n`);
  } catch (e: unknown) {
    await rm(temporary, { force: true });
    if (isNoSpace(e)) throw await diskFullError(`the CURRENT pointer (to switch to version ${version})`, indexDir, 4096, e);
    throw e;
  }
  await rename(temporary, pointer);
  await syncDirectory(indexDir);
}

export async function readManifest(indexDir: string, version: string): Promise<Manifest> {
  const file = path.join(versionDir(indexDir, version), FILES.manifest);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e: unknown) {
    throw new AccordError(`Index version ${version} has no readable manifest (${file}).`, { hint: REBUILD_HINT, cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e: unknown) {
    throw new AccordError(`The index manifest ${file} is not valid JSON (corrupt file).`, { hint: REBUILD_HINT, cause: e });
  }
  const parsed = parseManifest(json);
  if (!parsed.success) {
    throw new AccordError(`The index manifest ${file} is invalid or from another Accord version: ${parsed.problems}.`, { hint: REBUILD_HINT });
  }
  return parsed.data;
}

/** Reads a data file and checks it against the manifest's size and checksum before anyone parses it. */
export async function readVerified(dir: string, manifest: Manifest, name: string): Promise<Buffer> {
  const expected = manifest.files[name];
  const file = path.join(dir, name);
  if (!expected) throw new AccordError(`The index manifest in ${dir} does not list ${name}.`, { hint: REBUILD_HINT });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e: unknown) {
    await forgetVerified(dir);
    throw new AccordError(`The index file ${file} is missing or unreadable.`, { hint: REBUILD_HINT, cause: e });
  }
  if (bytes.byteLength !== expected.bytes || sha256(bytes) !== expected.sha256) {
    // The stamps said nothing changed, wrongly or not: the next check hashes every file (verified-stamps.ts).
    await forgetVerified(dir);
    throw new AccordError(`The index file ${file} is corrupt: ${bytes.byteLength} bytes, checksum mismatch (expected ${expected.bytes} bytes).`, {
      hint: REBUILD_HINT,
    });
  }
  return bytes;
}

export interface LoadedVersion {
  readonly manifest: Manifest;
  readonly snapshot: IndexSnapshot;
  readonly storedPassages: readonly StoredPassage[];
}

/** Loads and verifies one version. Every failure is an AccordError that says how to rebuild. */
export async function loadVersion(indexDir: string, version: string, efSearch: number, known?: Manifest): Promise<LoadedVersion> {
  const dir = versionDir(indexDir, version);
  const manifest = known ?? (await readManifest(indexDir, version));
  if (manifest.lexicalLayout !== LEXICAL_LAYOUT) {
    throw new AccordError(`The lexical index of version ${version} was written by another version of Accord's text analysis (layout ${manifest.lexicalLayout}, now ${LEXICAL_LAYOUT}).`, { hint: REBUILD_HINT });
  }
  const documents = JSON.parse((await readVerified(dir, manifest, FILES.documents)).toString('utf8')) as StoredDocument[];
  const storedPassages = JSON.parse((await readVerified(dir, manifest, FILES.passages)).toString('utf8')) as StoredPassage[];
  const lexicalBytes = await readVerified(dir, manifest, FILES.lexical);
  let lexical: LexicalIndex;
  try {
    lexical = LexicalIndex.deserialize(lexicalBytes);
  } catch (e: unknown) {
    throw new AccordError(`The lexical index of version ${version} was written by another version of Accord's text analysis.`, { hint: REBUILD_HINT, cause: e });
  }
  return assembleVersion(indexDir, manifest, documents, storedPassages, lexical, efSearch);
}

/**
 * Checks a version just written by {@link writeVersion} and makes it servable without parsing its files again:
 * the manifest and every file are read back from disk and verified against their sizes and checksums (as
 * {@link verifyVersion} does), the HNSW graph is loaded from its file, and the documents, passages and lexical
 * index are the ones that were written. Saves parsing the whole version a second time on every reindex.
 */
export async function checkWrittenVersion(indexDir: string, data: VersionData, written: WrittenManifest, efSearch: number): Promise<LoadedVersion> {
  const { version } = data.manifest;
  const dir = versionDir(indexDir, version);
  // The manifest on disk must be exactly the one written (then it need not be parsed and validated again).
  const onDisk = await readFile(path.join(dir, FILES.manifest), 'utf8').catch(() => null);
  const manifest = onDisk === written.text ? written.manifest : await readManifest(indexDir, version);
  // The graph is verified as it is loaded (assembleVersion).
  for (const name of Object.keys(manifest.files)) if (name !== FILES.hnsw) await readVerified(dir, manifest, name);
  return assembleVersion(indexDir, manifest, data.documents, data.passages, data.lexical, efSearch);
}

/** Loads the graph (hybrid versions), checks that every part counts the same passages, and builds the snapshot. */
async function assembleVersion(
  indexDir: string,
  manifest: Manifest,
  documents: readonly StoredDocument[],
  storedPassages: readonly StoredPassage[],
  lexical: LexicalIndex,
  efSearch: number,
): Promise<LoadedVersion> {
  const { version } = manifest;
  const dir = versionDir(indexDir, version);
  let vectors: VectorIndex | null = null;
  if (manifest.model) {
    await readVerified(dir, manifest, FILES.hnsw);
    const graphLabels = storedPassages.some((p) => p.vectorLabel !== undefined) ? storedPassages.map((p) => p.vectorLabel ?? -1) : undefined;
    vectors = await VectorIndex.load(path.join(dir, FILES.hnsw), manifest.model.dimensions, efSearch, graphLabels);
  }
  const snapshot = await assembleSnapshot({
    version,
    builtAt: manifest.builtAt,
    modelId: manifest.model?.id ?? null,
    counts: manifest.counts,
    documents,
    storedPassages,
    lexical,
    vectors,
  });
  return { manifest, snapshot, storedPassages };
}

/**
 * Checks that a version is whole without loading it: its manifest parses and every file it lists has the recorded
 * size and checksum. Throws the same AccordErrors as {@link loadVersion}. With `trustStamps`, a file whose stat
 * matches the stamp recorded when it was last verified is not hashed again (verified-stamps.ts).
 */
export async function verifyVersion(indexDir: string, version: string, known?: Manifest, options: { trustStamps?: boolean } = {}): Promise<void> {
  const manifest = known ?? (await readManifest(indexDir, version));
  if (manifest.analyzerVersion !== ANALYZER_VERSION) {
    throw new AccordError(`Index version ${version} was analysed by another version of Accord's text analysis.`, { hint: REBUILD_HINT });
  }
  const dir = versionDir(indexDir, version);
  if (!options.trustStamps) {
    for (const name of Object.keys(manifest.files)) await readVerified(dir, manifest, name);
    return;
  }
  const { toHash, kept } = await sortByStamp(dir, manifest, await readVerifiedStamps(dir, version));
  if (toHash.length === 0) return;
  const verified = { ...kept };
  for (const name of toHash) {
    const before = await statStamp(path.join(dir, name)).catch(() => null);
    const statAtMs = Date.now();
    await readVerified(dir, manifest, name);
    if (before && settled(before.changedAtMs, statAtMs)) verified[name] = before.stamp;
  }
  await recordVerified(dir, version, verified);
}

/** The stored passages of a version, verified against its manifest: with its raw vectors, the embedding cache. */
export async function readStoredPassages(indexDir: string, manifest: Manifest): Promise<StoredPassage[]> {
  const bytes = await readVerified(versionDir(indexDir, manifest.version), manifest, FILES.passages);
  return JSON.parse(bytes.toString('utf8')) as StoredPassage[];
}

/** The raw vectors of a version (its embedding cache), verified; null when it has none or they are unusable. */
export async function readVectors(indexDir: string, manifest: Manifest): Promise<Float32Array | null> {
  if (!manifest.model) return null;
  try {
    const bytes = await readVerified(versionDir(indexDir, manifest.version), manifest, FILES.vectors);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch {
    return null;
  }
}

/**
 * Removes what a crash left behind (`.building-*` folders) and versions other than the current one and the
 * one rollback would return to. Never touches the current version.
 */
export async function cleanUpVersions(indexDir: string, keep: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = await readdir(versionsDir(indexDir));
  } catch {
    return removed;
  }
  for (const name of entries) {
    if (keep.includes(name)) continue;
    const dir = path.join(versionsDir(indexDir), name);
    if (!(await stat(dir)).isDirectory()) continue;
    // Retries: a no-change check in another process may be writing the folder's verified.json at this moment.
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    removed.push(name);
  }
  return removed;
}

