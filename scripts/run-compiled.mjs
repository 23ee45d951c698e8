#!/usr/bin/env node
/**
 * Runs a compiled entry point (`node scripts/run-compiled.mjs cli/main.js index …`), compiling src/ to dist/ first
 * when dist/ is missing or stale. Compiled JavaScript starts about a second faster than tsx on a small machine
 * (README, Performance: "Start-up"). "Stale" is decided by a fingerprint of every file under src/ (path, size,
 * modification time) plus the tsconfig files, written to dist/.fingerprint after a successful build: an edited,
 * added or deleted source file, or a branch switch, triggers a rebuild, so dist/ never runs old code.
 *
 * `node scripts/run-compiled.mjs --build` only builds (npm's `prepare` step runs it at install).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.fingerprint');

/** A digest of the sources and build settings: cheap (stat only, about 150 files). */
function fingerprint() {
  const hash = createHash('sha256');
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else {
        const info = statSync(file);
        hash.update(`${path.relative(root, file)}\0${info.size}\0${info.mtimeMs}\n`);
      }
    }
  };
  visit(path.join(root, 'src'));
  for (const name of ['tsconfig.json', 'tsconfig.build.json']) hash.update(readFileSync(path.join(root, name)));
  return hash.digest('hex');
}

function isFresh(expected) {
  try {
    return readFileSync(stampFile, 'utf8') === expected;
  } catch {
    return false;
  }
}

/** Compiles into a private folder, then swaps it in: a concurrent start never sees a half-written dist/. */
function build(expected) {
  const staging = `${dist}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write('Compiling Accord (src/ changed since the last build; once, about 10–30 s)…\n');
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json'), '--outDir', staging], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch {
    rmSync(staging, { recursive: true, force: true });
    process.stderr.write('Error: TypeScript compilation failed (see above).\n→ Fix the reported errors, or run the sources directly: npx tsx src/cli/main.ts\n');
    process.exit(1);
  }
  // The English word counts per index term, analysed once here rather than on a cold command's first question.
  try {
    execFileSync(process.execPath, ['--input-type=module', '-e', `(await import(${JSON.stringify(pathToFileURL(path.join(staging, 'retrieval', 'english-frequency.js')).href)})).writeTermTable()`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch {
    process.stderr.write('Note: the English word table was not written; it will be computed on first use instead (about 0.3 s).\n');
  }
  writeFileSync(path.join(staging, '.fingerprint'), expected);
  rmSync(dist, { recursive: true, force: true });
  try {
    renameSync(staging, dist);
  } catch {
    // Another process swapped in its build at the same moment: it was built from the same sources.
    rmSync(staging, { recursive: true, force: true });
  }
}

const [entry, ...rest] = process.argv.slice(2);
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
if (!existsSync(tsc) && entry !== '--build' && entry) {
  // Installed without dev dependencies (no TypeScript compiler): run the sources through tsx instead, slower to start.
  const { register } = await import('tsx/esm/api');
  register();
  process.argv = [process.argv[0], path.join(root, 'src', entry.replace(/\.js$/, '.ts')), ...rest];
  await import(pathToFileURL(process.argv[1]).href);
} else {
  const expected = fingerprint();
  if (!isFresh(expected)) build(expected);
  if (entry === '--build') process.exit(0);
  await runCompiled(entry, rest);
}

async function runCompiled(entry, rest) {
  if (!entry || !existsSync(path.join(dist, entry))) {
    process.stderr.write(`Error: no compiled entry point dist/${entry ?? '(none given)'}.\n→ Usage: node scripts/run-compiled.mjs cli/main.js <command>\n`);
    process.exit(1);
  }
  process.argv = [process.argv[0], path.join(dist, entry), ...rest];
  await import(pathToFileURL(path.join(dist, entry)).href);
}
