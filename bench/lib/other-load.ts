import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/stat (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** Busy CPU seconds of the whole machine since boot (all cores), or undefined off Linux. */
function machineBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** CPU seconds of this process and of the child processes it has waited for (a benchmark's own children). */
function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6 + childrenCpuSeconds();
}

/** `cutime` + `cstime` of /proc/self/stat: CPU time of waited-for children; 0 off Linux. */
function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), counted from the state field (field 3) after the command name.
    return (Number(fields[13]) + Number(fields[14])) / USER_HZ;
  } catch {
    return 0;
  }
}

/**
 * Starts watching how busy *other* processes keep the machine: machine busy time minus this process's (and its
 * children's) CPU time,
 * per wall second. On a shared machine this says whether a run's timings can be trusted. Undefined off Linux.
 */
export function startOtherLoadMonitor(): { stop(): number | undefined } {
  const machineStart = machineBusySeconds();
  const ownStart = ownCpuSeconds();
  const wallStart = process.hrtime.bigint();
  return {
    stop() {
      const machineEnd = machineBusySeconds();
      if (machineStart === undefined || machineEnd === undefined) return undefined;
      const wallS = Number(process.hrtime.bigint() - wallStart) / 1e9;
      const others = (machineEnd - machineStart - (ownCpuSeconds() - ownStart)) / wallS;
      return Math.max(0, Math.round(others * 100) / 100);
    },
  };
}
