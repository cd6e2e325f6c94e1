/** Peak memory and CPU time of the bot's processes, read from Linux's /proc. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { scriptPid, type ScriptProcess } from './processes.js';

/** The node process running a tsx script: the launcher is a node process of its own, so its child is read. */
function nodePid(script: ScriptProcess): number {
  const pid = scriptPid(script.pid);
  if (pid === undefined) throw new Error(`no script process under tsx launcher ${script.pid}`);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (!basename(argv[0] ?? '').startsWith('node')) throw new Error(`process ${pid} under the tsx launcher is not node: ${argv.join(' ')}`);
  return pid;
}

/** VmHWM — the high-water mark of resident memory since the process started — in MB. */
export function peakRssMb(script: ScriptProcess): number {
  const pid = nodePid(script);
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  const kb = Number(/(\d+)\s*kB/.exec(line ?? '')?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Math.round(kb / 102.4) / 10;
}

/** CPU seconds (user + system) the script's process has used so far. */
export function cpuSeconds(script: ScriptProcess): number {
  const pid = nodePid(script);
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // In clock ticks of USER_HZ, which is 100 on Linux.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
