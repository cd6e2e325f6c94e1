import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates a data folder and its missing parents, one level at a time. Node's `mkdirSync(…, { recursive: true })`
 * never returns under a parent that exists but refuses new entries (DATA_DIR=/proc/linkage spun forever with no
 * output); here each level fails at once with the folder named.
 */
export function makeDataFolder(path: string): void {
  const target = resolve(path);
  const missing: string[] = [];
  for (let at = target; ; at = dirname(at)) {
    const kind = statOf(at);
    if (kind?.isDirectory()) break;
    if (kind) throw new Error(`cannot create the data folder ${target}: ${at} exists and is not a folder`);
    missing.unshift(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statSync(folder).isDirectory()) continue;
      throw new Error(`cannot create the data folder ${target}: ${code ?? String(error)} at ${folder}`);
    }
  }
}

/** The entry at `path`, or undefined when there is none (also when a file stands where a parent folder should be). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}
