import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDataFolder } from '../../../src/embedded/data-folder.js';

describe('makeDataFolder', () => {
  it('creates a folder and its missing parents, and accepts one that exists', () => {
    const base = mkdtempSync(join(tmpdir(), 'data-folder-'));
    const target = join(base, 'a', 'b', 'ferretdb');
    makeDataFolder(target);
    expect(statSync(target).isDirectory()).toBe(true);
    expect(() => makeDataFolder(target)).not.toThrow();
  });

  it('fails at once, naming the folder, under a parent that refuses new entries (Node\'s recursive mkdir spins there)', () => {
    expect(() => makeDataFolder('/proc/linkage-data/ferretdb')).toThrow('cannot create the data folder /proc/linkage-data/ferretdb: ENOENT at /proc/linkage-data');
  });

  it('fails when a file stands where a folder is needed', () => {
    const base = mkdtempSync(join(tmpdir(), 'data-folder-'));
    writeFileSync(join(base, 'data'), '');
    expect(() => makeDataFolder(join(base, 'data', 'redis'))).toThrow(`${join(base, 'data')} exists and is not a folder`);
  });
});
