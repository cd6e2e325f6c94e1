import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/log.js';
import { startRuntime, type Runtime } from '../../src/runtime.js';
import { databaseUri, isolate, testConfig } from '../support/isolation.js';

/**
 * Two installations on one Redis with one QUEUE_PREFIX took each other's messages and answered them from the wrong
 * database (a restored copy started beside production). The second one must refuse to start instead; processes of
 * one installation (web + worker, restarts) must all start.
 */
describe('queues under a prefix belong to one database', () => {
  const running: Runtime[] = [];
  afterAll(async () => {
    for (const r of running.reverse()) await r.stop().catch(() => undefined);
  });

  it('lets the web and worker roles of one installation start, again after a restart, and refuses another database on the same prefix', async () => {
    const ns = isolate('owner');
    const config = testConfig(ns);
    const processors = () => [];
    const web = await startRuntime(config, { role: 'web', logger: silentLogger, processors });
    running.push(web);
    const worker = await startRuntime(config, { role: 'worker', logger: silentLogger, processors });
    running.push(worker);
    await worker.stop();
    running.splice(running.indexOf(worker), 1);
    const restarted = await startRuntime(config, { role: 'worker', logger: silentLogger, processors });
    running.push(restarted);

    // A second installation: its own database, the same Redis and prefix.
    const other = testConfig({ ...ns, mongoUri: databaseUri(ns.mongoUri, `${ns.prefix}_copy`) });
    const refused = startRuntime(other, { role: 'all', logger: silentLogger, processors });
    await expect(refused).rejects.toThrow(new RegExp(`^QUEUE_PREFIX ${ns.prefix} on redis://\\S+ already belongs to another database \\(.*t_${ns.id}.*\\); give this installation its own QUEUE_PREFIX`));

    // With its own prefix the second installation starts.
    const own = await startRuntime(testConfig({ ...ns, mongoUri: databaseUri(ns.mongoUri, `${ns.prefix}_copy`), prefix: `${ns.prefix}_copy` }), { role: 'web', logger: silentLogger, processors });
    running.push(own);
  });

  it('refuses a copy of the embedded data folder started beside the original on the same prefix', async () => {
    const ns = isolate('ownercopy');
    const dir = mkdtempSync(join(tmpdir(), 'owner-copy-'));
    const embedded = (dataDir: string) => testConfig(ns, { MONGODB_URI: '', DATA_DIR: dataDir });
    const processors = () => [];
    const original = await startRuntime(embedded(join(dir, 'prod')), { role: 'web', logger: silentLogger, processors });
    await original.stop();
    cpSync(join(dir, 'prod'), join(dir, 'restored'), { recursive: true });
    const again = await startRuntime(embedded(join(dir, 'prod')), { role: 'web', logger: silentLogger, processors });
    running.push(again);
    await expect(startRuntime(embedded(join(dir, 'restored')), { role: 'web', logger: silentLogger, processors }))
      .rejects.toThrow(`QUEUE_PREFIX ${ns.prefix} on ${ns.redisUrl.replace(/\/$/, '')}`);
    await expect(startRuntime(embedded(join(dir, 'restored')), { role: 'web', logger: silentLogger, processors }))
      .rejects.toThrow(`already belongs to another database (the embedded database in ${join(dir, 'prod', 'ferretdb')}); give this installation its own QUEUE_PREFIX`);
  }, 60_000);
});
