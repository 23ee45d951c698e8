import { lstat, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { AccordError } from '../errors.js';
import { forgetDocument } from './links/link-registry.js';

const LIST_HINT = 'List the documents with /corpus list or npm run sources.';

/** Whether `inner` is `outer` itself or lies below it (both real, absolute paths). */
function isWithin(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Deletes a document from the corpus folder, refusing anything else (issue 12): the id must name a document the
 * index holds (`indexedDocIds`: a `.pdf` dropped into the folder, or any file the index never read, is not
 * removable from Discord); its folder must lie inside the real corpus folder once every link is resolved (a
 * link `corpus/linked → ../outside` must not lead the delete out of the corpus); and it must be a regular file.
 * A document that is itself a link loses only the link. A document added from a URL also leaves the link list, so
 * a refresh does not look for it again. Throws an AccordError saying why it refused.
 */
export async function removeIndexedDocument(corpusDir: string, docId: string, indexedDocIds: ReadonlySet<string>): Promise<void> {
  const parts = docId.split('/');
  if (path.isAbsolute(docId) || docId.includes('\\') || parts.some((part) => part === '' || part.startsWith('.'))) {
    throw new AccordError(`"${docId}" is not a document id: ids are paths inside the corpus folder, without "..", hidden names or a leading "/".`, { hint: LIST_HINT });
  }
  if (!indexedDocIds.has(docId)) {
    throw new AccordError(`There is no document "${docId}" in the index, so it was not removed.`, {
      hint: `Only indexed documents can be removed from Discord. ${LIST_HINT} A file the index skipped can be deleted from the corpus folder by hand.`,
    });
  }
  const target = path.join(corpusDir, ...parts);
  let realCorpus: string;
  let realFolder: string;
  try {
    realCorpus = await realpath(corpusDir);
    realFolder = await realpath(path.dirname(target));
  } catch (e: unknown) {
    throw new AccordError(`The document "${docId}" is no longer in the corpus folder.`, { hint: LIST_HINT, cause: e });
  }
  if (!isWithin(realCorpus, realFolder)) {
    throw new AccordError(`"${docId}" lies in a folder linked from outside the corpus (${realFolder}), so it was not removed.`, {
      hint: 'Files reached through a link are removed where they really are, by hand, or by deleting the link.',
    });
  }
  const entry = await lstat(path.join(realFolder, path.basename(target))).catch(() => null);
  if (entry === null || !(entry.isFile() || entry.isSymbolicLink())) {
    throw new AccordError(`The document "${docId}" is no longer a file in the corpus folder.`, { hint: LIST_HINT });
  }
  await rm(path.join(realFolder, path.basename(target)));
  await forgetDocument(corpusDir, docId);
}
