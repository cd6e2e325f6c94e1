import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminMongoUri } from '../../../src/admin/database.js';

describe('adminMongoUri', () => {
  const root = mkdtempSync(join(tmpdir(), 'admin-db-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const record = (dir: string, content: object) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'embedded.json'), JSON.stringify(content));
  };
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('uses MONGODB_URI, with the default database when it names none', () => {
    expect(adminMongoUri({ MONGODB_URI: 'mongodb://db:27017/' }, root)).toBe('mongodb://db:27017/linkage');
    expect(adminMongoUri({ MONGODB_URI: 'mongodb://db:27017/other', DATA_DIR: '/nowhere' }, root)).toBe('mongodb://db:27017/other');
  });

  it('reads the embedded server from an absolute DATA_DIR as it is, and a relative one from the working folder', () => {
    record(join(root, 'abs'), { mongoUri: 'mongodb://127.0.0.1:4001/', pid: process.pid });
    expect(adminMongoUri({ DATA_DIR: join(root, 'abs') }, '/somewhere/else')).toBe('mongodb://127.0.0.1:4001/linkage');
    record(join(root, 'project', 'data'), { mongoUri: 'mongodb://127.0.0.1:4002/', pid: process.pid });
    expect(adminMongoUri({}, join(root, 'project'))).toBe('mongodb://127.0.0.1:4002/linkage');
  });

  it('says in one line that the recorded bot is not running, instead of trying its database', () => {
    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    record(join(root, 'dead'), { mongoUri: 'mongodb://127.0.0.1:4003/', pid: exited });
    expect(refusal(() => adminMongoUri({ DATA_DIR: join(root, 'dead') }, root)))
      .toBe(`the bot recorded in ${join(root, 'dead', 'embedded.json')} (pid ${exited}) is not running; start it with npm start, or set MONGODB_URI`);
  });

  it('says where npm start would record its database when nothing is there', () => {
    expect(refusal(() => adminMongoUri({ DATA_DIR: join(root, 'empty') }, root))).toBe(
      `no database: set MONGODB_URI, or start the bot with npm start (it records its embedded database in ${join(root, 'empty', 'embedded.json')})`,
    );
  });
});
