import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts `name` (a module beside `from`, without extension) as a child process with an IPC channel and Node's
 * "advanced" serialization (typed arrays survive): the compiled `.js` file, or, when running from TypeScript
 * sources (tsx, vitest), the `.ts` file with tsx's loader. Its output goes to this process's stdout and stderr.
 * `args` are its command-line arguments; `execPath` replaces this Node executable (tests name one that does not exist).
 */
export function forkModule(name: string, from: string, options: { readonly args?: readonly string[]; readonly execPath?: string } = {}): ChildProcess {
  const fromSource = from.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./${name}${fromSource ? '.ts' : '.js'}`, from));
  return fork(entry, [...(options.args ?? [])], {
    serialization: 'advanced',
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(options.execPath !== undefined && { execPath: options.execPath }),
  });
}
