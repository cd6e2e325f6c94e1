import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { codeVersion } from '../../src/embedded/code-version.js';
import { projectRoot } from '../../src/embedded/project-root.js';
import { ownerKey } from '../../src/installation-identity.js';
import { silentLogger } from '../../src/log.js';
import { startRuntime } from '../../src/runtime.js';
import { isolate, testConfig } from '../support/isolation.js';

const run = promisify(execFile);
const root = projectRoot();
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** How a run of a script ended. */
interface Ended { code: number; stdout: string; stderr: string }

/**
 * Round 9 (upgrade) M1 and m4. The README's upgrade order (rules reseed and cases reindex before the first message)
 * could not be followed on the embedded database: the admin CLI needed the bot running, and the bot handles the
 * queued work at once. `npm run services` runs only the database, and the CLI works against it. An old bot left
 * running across `git pull` had rules reseed write the new release's rules into its database; now refused.
 */
describe('upgrade steps on the embedded database', { timeout: 180_000 }, () => {
  const ns = isolate('upgradesteps');
  const scratch = mkdtempSync(join(tmpdir(), 'upgrade-steps-'));
  const dataDir = join(scratch, 'data');
  const lockFile = join(dataDir, 'ferretdb.lock');
  /** The operator's shell: DATA_DIR and REDIS_URL as in their .env, no MONGODB_URI. */
  const env = () => {
    const { MONGODB_URI: _uri, DATA_DIR: _dir, ...inherited } = process.env;
    return { ...inherited, DATA_DIR: dataDir, REDIS_URL: ns.redisUrl, QUEUE_PREFIX: ns.prefix };
  };
  const admin = (...args: string[]): Promise<Ended> =>
    run(tsx, [join(root, 'scripts', 'admin.ts'), ...args], { env: env(), cwd: scratch }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: Ended) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  afterAll(async () => {
    const redis = new Redis(ns.redisUrl);
    await redis.del(ownerKey(ns.prefix));
    redis.disconnect();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs rules reseed and cases reindex against npm run services before npm start, and refuses them while a bot of other code runs', async () => {
    const services = spawn(tsx, [join(root, 'scripts', 'services.ts')], { env: env(), cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    services.stdout.on('data', (d: Buffer) => (output += d.toString()));
    services.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((r) => services.on('exit', r));
    let version: string | undefined;
    try {
      for (let i = 0; i < 600 && !output.includes('services: running') && services.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('services: running');
      // The database's process says which code it runs.
      const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; version?: string };
      expect(lock.version).toBe(codeVersion());

      const reseeded = await admin('rules', 'reseed');
      expect(reseeded).toMatchObject({ code: 0, stderr: '' });
      version = /rule set version (\d+)/.exec(reseeded.stdout)?.[1];
      expect(version).toBeDefined();
      expect(await admin('cases', 'reindex')).toMatchObject({ code: 0, stdout: expect.stringContaining('cases re-filed') });

      // The bot of the release before the pull, still running on the folder.
      writeFileSync(lockFile, JSON.stringify({ ...lock, version: 'commit e895223aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }));
      const mine = codeVersion().replace(/^commit ([0-9a-f]{7})[0-9a-f]+$/, 'commit $1');
      expect(await admin('rules', 'reseed')).toEqual({
        code: 2, stdout: '',
        stderr: `admin: the bot running on this database (pid ${lock.pid}) runs other code (commit e895223; this is ${mine}): stop it first, then run rules reseed with npm run services running (see README, Upgrade)\n`,
      });
      writeFileSync(lockFile, JSON.stringify({ pid: lock.pid }));
      expect(await admin('cases', 'reindex')).toEqual({
        code: 2, stdout: '',
        stderr: `admin: the bot running on this database (pid ${lock.pid}) was started by an older release (it records no code version): stop it first, then run cases reindex with npm run services running (see README, Upgrade)\n`,
      });
      // Reading, and the everyday commands, still work against it.
      expect(await admin('list', 'rules')).toMatchObject({ code: 0, stdout: expect.stringContaining(`rule set version ${version}`) });
      writeFileSync(lockFile, JSON.stringify(lock));
    } finally {
      services.kill('SIGTERM');
      await exited;
    }

    // npm start, on what the steps left: the rules reseeded, and the CLI still works beside the bot of the same code.
    const bot = await startRuntime(testConfig(ns, { MONGODB_URI: '', DATA_DIR: dataDir }), { role: 'web', logger: silentLogger, processors: () => [] });
    try {
      expect(await admin('rules', 'reseed')).toMatchObject({ code: 0, stdout: expect.stringContaining('unchanged') });
      expect(await admin('list', 'rules')).toMatchObject({ code: 0, stdout: expect.stringContaining(`rule set version ${version}`) });
    } finally {
      await bot.stop();
    }
  });
});
