import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { DataDirInUseError } from '../../src/embedded/data-lock.js';
import { startFerretdb } from '../../src/embedded/ferretdb.js';
import { projectRoot } from '../../src/embedded/project-root.js';

/** A pid no process has (the kernel's default pid_max is far below it). */
const deadPid = 2 ** 22 + 12345;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('one embedded FerretDB per data folder', () => {
  it('refuses a second server on a folder in use, naming the process, and lets it start once the first stopped', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferret-lock-'));
    const first = await startFerretdb({ dataDir });
    try {
      const second = startFerretdb({ dataDir });
      await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
      await expect(second).rejects.toThrow(`already run by process ${process.pid}`);
    } finally {
      await first.stop();
    }
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const again = await startFerretdb({ dataDir });
    await again.stop();
  }, 60_000);

  it('takes over the lock of a bot killed with -9, stopping the server it left running on the folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferret-orphan-'));
    mkdirSync(dataDir, { recursive: true });
    // The server a killed bot leaves behind: still listening on the folder, its bot gone.
    const orphan = spawn(join(projectRoot(), '.bin/ferretdb'), ['-listen', '127.0.0.1:0', '-data', dataDir], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(alive(orphan.pid!)).toBe(true);
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: deadPid, serverPid: orphan.pid }));

    const server = await startFerretdb({ dataDir });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(orphan.exitCode !== null || orphan.signalCode !== null).toBe(true);
      const conn = await mongoose.createConnection(`${server.uri}locktest`).asPromise();
      await conn.collection('x').insertOne({ n: 1 });
      expect(await conn.collection('x').countDocuments()).toBe(1);
      await conn.close();
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('sets a large server log aside when it starts, keeping one older file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferret-log-'));
    writeFileSync(join(dataDir, 'ferretdb.log'), Buffer.alloc(11 * 1024 * 1024, 'x'));
    const server = await startFerretdb({ dataDir });
    await server.stop();
    expect(statSync(join(dataDir, 'ferretdb.log.1')).size).toBe(11 * 1024 * 1024);
    expect(statSync(join(dataDir, 'ferretdb.log')).size).toBeLessThan(64 * 1024);
  }, 60_000);
});
