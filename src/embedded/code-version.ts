import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root.js';

let cached: string | undefined;

/**
 * The code this process runs: `commit <sha>` of the checkout (what `git pull` changes), else `package <version>`
 * where the code is not a git checkout. Read once, at the first call: a process keeps running the code it loaded
 * even after the checkout moves on, which is what tells a bot left running across an upgrade from the new code.
 */
export function codeVersion(): string {
  cached ??= readCodeVersion(projectRoot());
  return cached;
}

function readCodeVersion(root: string): string {
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  const commit = git.status === 0 ? git.stdout.trim() : '';
  if (/^[0-9a-f]{40,64}$/.test(commit)) return `commit ${commit}`;
  try {
    return `package ${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown'}`;
  } catch {
    return 'unknown';
  }
}
