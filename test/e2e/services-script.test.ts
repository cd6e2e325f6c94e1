import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';

/** Starts `npm run services` (its script) with `args`; resolves with its printed MONGODB_URI and a stop. */
async function services(args: string[], env: Record<string, string> = {}) {
  const child = spawn('node_modules/.bin/tsx', ['scripts/services.ts', ...args], { env: { ...process.env, MONGODB_URI: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  for (let i = 0; i < 300 && !/MONGODB_URI=\S+/.test(output) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
  const uri = /MONGODB_URI=(\S+)/.exec(output)?.[1];
  return { uri, output: () => output, exited, stop: async () => (child.kill('SIGTERM'), await exited) };
}

describe('npm run services', { timeout: 90_000 }, () => {
  it('keeps the embedded data in DATA_DIR across a restart, records it for the admin CLI, and refuses a second copy', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'services-'));
    const first = await services([], { DATA_DIR: dataDir });
    expect(first.uri).toBeDefined();
    expect(JSON.parse(readFileSync(join(dataDir, 'embedded.json'), 'utf8'))).toMatchObject({ mongoUri: first.uri });
    const second = await services([], { DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('is already run by process');
    const conn = await mongoose.createConnection(`${first.uri}kept`).asPromise();
    await conn.collection('records').insertOne({ note: '整改记录' });
    await conn.close();
    await first.stop();
    expect(existsSync(join(dataDir, 'ferretdb'))).toBe(true);

    const again = await services([], { DATA_DIR: dataDir });
    const reopened = await mongoose.createConnection(`${again.uri}kept`).asPromise();
    expect(await reopened.collection('records').findOne({}, { projection: { _id: 0 } })).toEqual({ note: '整改记录' });
    await reopened.close();
    await again.stop();
  });
});
