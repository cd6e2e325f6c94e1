/**
 * Child processes of the bench — the bot's roles, the reference servers and the load generator — each started
 * with tsx the way an operator starts the bot, so that none of them shares an event loop with another.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/embedded/project-root.js';

/** A script running under tsx, with its output kept. */
export interface ScriptProcess {
  /** pid of the tsx launcher; the script itself runs in its child (see `scriptPid`). */
  readonly pid: number;
  output(): string;
  /** Resolves with the exit code once the launcher has exited. */
  readonly exited: Promise<number | null>;
  /** Resolves with the first output line matching `pattern`; rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM (tsx passes it on), then SIGKILL to the launcher and the script if they outlive `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Starts `node_modules/.bin/tsx <script> ...args` in the project root with only PATH, HOME and `env`. */
export function startScript(script: string, args: string[], env: Record<string, string>): ScriptProcess {
  const root = projectRoot();
  const child = spawn(join(root, 'node_modules/.bin/tsx'), [...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), join(root, script), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const pid = child.pid;
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (data: Buffer) => {
    output += data.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      const check = () => {
        const line = output.split('\n').find((l) => pattern.test(l));
        if (line !== undefined) done(() => resolve(line));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${script}: no line matching ${pattern} within ${timeoutMs} ms:\n${output}`))), timeoutMs);
      listeners.add(check);
      check();
      void exited.then(() => done(() => reject(new Error(`${script} exited before printing ${pattern}:\n${output}`))));
    });

  const stop = async (timeoutMs = 15_000) => {
    const node = scriptPid(pid);
    child.kill('SIGTERM');
    const inTime = await Promise.race([exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
    if (inTime) return;
    for (const target of [node, pid]) {
      try {
        if (target !== undefined) process.kill(target, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await exited;
  };
  return { pid, output: () => output, exited, waitFor, stop };
}

/** The pid of the node process tsx started for the script: the launcher's only child (undefined once gone). */
export function scriptPid(launcherPid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children.length === 1 ? children[0] : undefined;
  } catch {
    return undefined;
  }
}
