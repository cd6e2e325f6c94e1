import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { startFerretdb } from '../../src/embedded/ferretdb.js';

describe('the embedded FerretDB', () => {
  it('comes back on the same port with its data after being killed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ferret-restart-'));
    const server = await startFerretdb({ dataDir });
    try {
      const uri = `${server.uri}restart`;
      const before = await mongoose.createConnection(uri).asPromise();
      await before.collection('kept').insertOne({ _id: 'a' as never, note: '整改记录' });
      await before.close();

      execFileSync('pkill', ['-KILL', '-f', `ferretdb .*${dataDir}`]);
      let found: unknown;
      for (let attempt = 0; attempt < 50 && !found; attempt++) {
        await new Promise((r) => setTimeout(r, 200));
        const conn = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 500 });
        found = await conn.asPromise().then((c) => c.collection('kept').findOne({ _id: 'a' as never })).catch(() => undefined);
        await conn.close().catch(() => undefined);
      }
      expect(found).toMatchObject({ note: '整改记录' });
    } finally {
      await server.stop();
    }
  }, 30_000);
});
