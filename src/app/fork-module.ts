import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts `name` (a module beside `from`, without extension) as a child process with an IPC channel and Node's
 * "advanced" serialization (typed arrays survive): the compiled `.js` file, or, when running from TypeScript
 * sources (tsx, vitest), the `.ts` file with tsx's loader. Its output goes to this process's stdout and stderr.
 */
export function forkModule(name: string, from: string): ChildProcess {
  const fromSource = from.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./${name}${fromSource ? '.ts' : '.js'}`, from));
  return fork(entry, [], { serialization: 'advanced', execArgv: fromSource ? ['--import', 'tsx'] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
