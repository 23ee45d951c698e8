/**
 * The CLI's start-up snapshot: a V8 heap image (Node's `--build-snapshot`) of a process that has already loaded every
 * CLI module, compromise's tagger, wink-nlp's model and the English term table (src/cli/snapshot-entry.ts). A cold
 * `npm run ask` started from it skips loading them: README, Performance, "Start-up snapshot".
 *
 * Built into dist/ right after the compiled code (scripts/run-compiled.mjs), so it is exactly as fresh as dist/:
 * a rebuild of dist/ replaces it. It also records the Node.js that built it, since a snapshot only loads in that one.
 * Any failure to build or to start it leaves the normal path, with one line saying so.
 *
 * A snapshot needs one CommonJS script, so the compiled entry is bundled with esbuild (tsx's own dependency).
 * Packages with native code or that are ES modules only stay outside the bundle and load at run time: `require` for
 * CommonJS ones, `import()` (through `vm`, since a snapshot's code has no module loader of its own) for the others.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Pure-JavaScript packages on the `ask` path, bundled (so loaded with the snapshot) with what they import; every other
 * package loads at run time.
 */
const BUNDLED_PACKAGES = ['commander', 'compromise', 'wink-nlp', 'wink-eng-lite-web-model', 'zod', 'stemmer', 'stopword', 'fastest-levenshtein', 'pino'];
/** Packages with native code: never bundled, even when a bundled package imports them. */
const NATIVE_PACKAGES = ['onnxruntime-node', 'sharp', 'hnswlib-node', 'better-sqlite3'];
const READY_FD = 3;
/**
 * Built-in modules loaded at run time rather than held in the snapshot: those Node warns are not verified in snapshots
 * (and that the CLI uses only outside hot loops). The others (fs, path, crypto…) are held as loaded at build time.
 */
const LAZY_BUILTINS = ['worker_threads', 'http', 'https', 'http2', 'net', 'tls', 'dns', 'dns/promises', 'child_process', 'module', 'readline', 'readline/promises', 'inspector', 'cluster', 'dgram'];

/** The snapshot, the bundled script it was built from, and the record of what it was built for. */
export function snapshotFiles(dist) {
  return { blob: path.join(dist, 'accord-cli.blob'), script: path.join(dist, 'accord-cli.cjs'), stamp: path.join(dist, 'accord-cli.blob.json') };
}

/**
 * What a snapshot must match to be used: the Node.js that loads it (exactly the one that built it), where dist/ is
 * (the bundle holds absolute paths), and the installed packages (it holds compromise, wink-nlp, zod…): npm rewrites
 * node_modules/.package-lock.json on every install, so its size and time say whether they changed.
 */
function runtimeStamp(dist) {
  let packages = null;
  try {
    const info = statSync(path.join(dist, '..', 'node_modules', '.package-lock.json'));
    packages = `${info.size}:${info.mtimeMs}`;
  } catch {
    // installed without npm's lock record: the snapshot follows dist/ and Node.js only
  }
  return { node: process.version, platform: process.platform, arch: process.arch, dist, packages };
}

function sameStamp(recorded, current) {
  return Object.entries(current).every(([key, value]) => recorded[key] === value);
}

/**
 * 'ready' (built for this Node.js, dist/ and packages), 'failed' (building or starting it failed for them: not retried
 * until dist/ is rebuilt or they change), or 'missing' (never built, or built for others: build it).
 */
export function snapshotState(dist) {
  const { blob, stamp } = snapshotFiles(dist);
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(stamp, 'utf8'));
  } catch {
    return 'missing';
  }
  if (!sameStamp(recorded, runtimeStamp(dist))) return 'missing';
  if (recorded.failed !== undefined) return 'failed';
  return existsSync(blob) ? 'ready' : 'missing';
}

/** Records that the snapshot cannot be used with this Node.js (`reason` is shown once, when it happens). */
export function markSnapshotFailed(dist, reason) {
  const { blob, stamp } = snapshotFiles(dist);
  rmSync(blob, { force: true });
  writeFileSync(stamp, JSON.stringify({ ...runtimeStamp(dist), failed: reason }));
}

/**
 * Bundles dist/cli/snapshot-entry.js and builds the snapshot from it, beside dist/'s other files (written under
 * temporary names, then renamed). Returns undefined, or why it could not be built (then the state is 'failed').
 */
export async function buildStartupSnapshot(root, dist) {
  const { blob, script, stamp } = snapshotFiles(dist);
  const tmpBlob = `${blob}.${process.pid}`;
  try {
    writeFileSync(script, await bundle(root, dist));
    const built = spawnSync(process.execPath, ['--snapshot-blob', tmpBlob, '--build-snapshot', script], { cwd: dist, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (built.status !== 0 || !existsSync(tmpBlob)) throw new Error(`node --build-snapshot exited with ${built.status ?? built.signal}: ${(built.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
    renameSync(tmpBlob, blob);
    writeFileSync(stamp, JSON.stringify(runtimeStamp(dist)));
    return undefined;
  } catch (e) {
    rmSync(tmpBlob, { force: true });
    const reason = e instanceof Error ? e.message : String(e);
    markSnapshotFailed(dist, reason);
    return reason;
  }
}

/** The entry bundled into one CommonJS script whose `require` and `import()` of the run-time packages work in a snapshot. */
async function bundle(root, dist) {
  const esbuild = createRequire(createRequire(path.join(root, 'package.json')).resolve('tsx/package.json'))('esbuild');
  const main = path.join(dist, 'cli', 'main.js');
  const runtimeImports = new Set();
  const result = await esbuild.build({
    entryPoints: [path.join(dist, 'cli', 'snapshot-entry.js')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    logLevel: 'silent',
    plugins: [
      {
        name: 'accord-snapshot',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) => {
            if (args.path.startsWith('node:') || builtinModules.includes(args.path)) return { path: args.path, external: true };
            const name = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
            // What a bundled package itself imports is bundled with it (compromise's own dependencies).
            const fromBundled = args.importer.includes(`${path.sep}node_modules${path.sep}`);
            if (!NATIVE_PACKAGES.includes(name) && (BUNDLED_PACKAGES.includes(name) || fromBundled)) return undefined;
            if (args.kind === 'dynamic-import') runtimeImports.add(args.path);
            return { path: args.path, external: true };
          });
          // A bundled package's JSON data is read when the snapshot is built, not copied into the bundle's source: the
          // source stays in the snapshot (V8 compiles functions from it on first call), so wink-nlp's 3.5 MB model
          // would be there twice.
          build.onLoad({ filter: /\.json$/ }, (args) => ({
            contents: `module.exports = JSON.parse(require('node:fs').readFileSync(${JSON.stringify(args.path)}, 'utf8'));`,
            loader: 'js',
          }));
          // Each compiled module's own location, as its import.meta.url would give it.
          build.onLoad({ filter: /\.m?js$/ }, (args) => {
            if (!args.path.startsWith(dist + path.sep)) {
              // A bundled package's module: its own location for import.meta.url, should it derive paths from it.
              const source = readFileSync(args.path, 'utf8');
              if (!source.includes('import.meta.url')) return undefined;
              return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'js' };
            }
            const url = JSON.stringify(pathToFileURL(args.path).href);
            const contents = readFileSync(args.path, 'utf8')
              // A bundled package the code loads on first use through createRequire: a plain require, which esbuild
              // bundles (still run on first use).
              .replace(/\bcreateRequire\(import\.meta\.url\)\((['"])([^'"]+)\1\)/g, (call, _quote, name) => (BUNDLED_PACKAGES.includes(name) ? `require(${JSON.stringify(name)})` : call))
              .replaceAll('import.meta.url', url)
              .replaceAll('import.meta.resolve', '((specifier) => { throw new Error(`import.meta.resolve(${specifier}) is not available in the start-up snapshot`); })');
            return { contents, loader: 'js' };
          });
        },
      },
    ],
  });
  let code = result.outputFiles[0].text;
  for (const specifier of runtimeImports) code = code.replaceAll(`import(${JSON.stringify(specifier)})`, `__accordImport(${JSON.stringify(specifier)})`);
  // (Not the type annotations in JSDoc comments that the bundle keeps: `{import('./x.js').Type}`, `<import(…`, `[import(…`.)
  const leftover = code.match(/(?<![{<|[]\s*)\bimport\((["'][^"']*["'])\)/);
  if (leftover) throw new Error(`the bundle still has a dynamic import of ${leftover[1]}, which a snapshot cannot run`);
  const mainPath = JSON.stringify(main);
  return `// Generated by scripts/startup-snapshot.mjs from dist/cli/snapshot-entry.js; do not edit.
const __accordBuiltinRequire = require;
const __accordBuiltins = new Set(${JSON.stringify(builtinModules)});
const __accordLazyBuiltins = new Set(${JSON.stringify(LAZY_BUILTINS)});
let __accordRuntimeRequire;
let __accordDynamicImport;
function __accordRequire(id) {
  // Built-in modules that Node does not support in a snapshot load on first use, at run time (the bundle reads their
  // exports only where it uses them). node:worker_threads, for one, shares a cwd counter (a SharedArrayBuffer) with
  // the workers it starts, which a snapshot does not restore: workers then fail at their first process.cwd(); and
  // node:http cannot even load while a snapshot is built (Array.prototype.toSorted is missing then).
  if (__accordLazyBuiltins.has(id.replace(/^node:/, ''))) {
    let loaded;
    const load = () => (loaded ??= __accordBuiltinRequire(id));
    return new Proxy({}, { get: (_, key) => (key === '__esModule' ? undefined : load()[key]) });
  }
  if (id.startsWith('node:') || __accordBuiltins.has(id)) return __accordBuiltinRequire(id);
  __accordRuntimeRequire ??= __accordBuiltinRequire('node:module').createRequire(${mainPath});
  return __accordRuntimeRequire(id);
}
function __accordImport(specifier) {
  const vm = __accordBuiltinRequire('node:vm');
  __accordDynamicImport ??= vm.runInThisContext('(specifier) => import(specifier)', { filename: ${mainPath}, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  return __accordDynamicImport(specifier);
}
(function (require) {
${code}
})(__accordRequire);
`;
}

/** Node's arguments that run the CLI from the snapshot with these CLI arguments. */
export function snapshotArguments(dist, args) {
  // The bundle's import() of ES-module-only packages goes through vm's USE_MAIN_CONTEXT_DEFAULT_LOADER, which warns
  // that it is experimental (Node 20); the warning would read as a problem to whoever runs `ask`.
  return ['--snapshot-blob', snapshotFiles(dist).blob, '--disable-warning=ExperimentalWarning', ...args];
}

/**
 * Runs the CLI from the snapshot in a child process with these arguments, sharing this process's terminal, and
 * returns its exit status or signal. When the snapshot did not get as far as the CLI (corrupt, truncated, refused by
 * this Node.js), nothing of the command has run: it is marked failed (not tried again until the next build of dist/)
 * and `fallBack` says why, for the caller to run the command the normal way.
 */
export function launchFromSnapshot(dist, args) {
  const child = spawnSync(process.execPath, snapshotArguments(dist, args), {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
    env: { ...process.env, ACCORD_SNAPSHOT_READY_FD: String(READY_FD) },
  });
  if ((child.output?.[READY_FD]?.toString() ?? '') === 'started') return { status: child.status, signal: child.signal };
  const why = child.error ? child.error.message : child.signal ? `signal ${child.signal}` : `exit code ${child.status}`;
  markSnapshotFailed(dist, `did not start: ${why}`);
  return { fallBack: `the start-up snapshot ${snapshotFiles(dist).blob} did not start (${why}); running the normal way. It is built again with the next build of dist/.` };
}
