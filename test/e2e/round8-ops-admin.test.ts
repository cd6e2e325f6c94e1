import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectMongo } from '../../src/db/connect.js';
import { projectRoot } from '../../src/embedded/project-root.js';
import { agencyModel } from '../../src/models/agency.js';
import { staffModel } from '../../src/models/staff.js';
import { isolate } from '../support/isolation.js';

const run = promisify(execFile);
const root = projectRoot();
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const script = join(root, 'scripts', 'admin.ts');

interface Ended { code: number; stdout: string; stderr: string }

// Operator traps of round 8: a second seed undoing the operator's changes, the last admin demoted without a word,
// a robot key's presence invisible in `list agencies`, and a silent `cases reindex`.
describe('npm run admin: a second seed and other operator traps', { timeout: 120_000 }, () => {
  const ns = isolate('ops-admin');
  const scratch = mkdtempSync(join(tmpdir(), 'ops-admin-'));
  const cli = async (...args: string[]): Promise<Ended> => {
    const { MONGODB_URI: _uri, DATA_DIR: _dir, ...inherited } = process.env;
    return run(tsx, [script, ...args], { env: { ...inherited, MONGODB_URI: ns.mongoUri }, cwd: root }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: Ended) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  };
  const seedFile = (name: string, content: object) => {
    const file = join(scratch, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const first = {
    agencies: [{ id: 'linye', name: '富阳区林业局', robotKey: 'robot-linye-old-0001' }],
    staff: [
      { userid: 'boss', name: '平台管理员', role: 'admin' },
      { userid: 'zhaoliu', name: '赵六', role: 'agency_admin', agency: 'linye' },
      { userid: 'zhangsan', name: '张三', role: 'staff', agency: 'linye' },
    ],
  };
  afterAll(async () => {
    const mongo = await connectMongo(ns.mongoUri);
    await mongo.dropDatabase();
    await mongo.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('leaves agencies changed and staff unbound since as they are on a second seed, and lists them as skipped', async () => {
    expect(await cli('seed', seedFile('first.json', first))).toEqual({ code: 0, stdout: 'seeded: 1 agencies added; 3 staff added; 0 recommendations added; 0 cases added\n', stderr: '' });
    expect((await cli('agency', 'add', 'linye', '--name', '富阳区林业局', '--robot-key', 'robot-linye-new-0002')).code).toBe(0);
    expect((await cli('unbind', 'zhaoliu')).code).toBe(0);

    // The operator adds an agency to the same file and seeds it again.
    const again = await cli('seed', seedFile('again.json', { ...first, agencies: [...first.agencies, { id: 'shuili', name: '富阳区水利局' }] }));
    expect(again).toEqual({
      code: 0,
      stdout: 'seeded: 1 agencies added; 0 staff added (2 already registered, left unchanged); 0 recommendations added; 0 cases added\n' +
        'skipped agency linye (differs from the file: robotKey): left as it is; change it with agency add\n' +
        'skipped staff zhaoliu (unbound): left as it is; change it with bind\n',
      stderr: '',
    });
    expect(again.stdout).not.toContain('robot-linye');
    const mongo = await connectMongo(ns.mongoUri);
    try {
      expect((await agencyModel(mongo).findById('linye').lean())?.robotKey).toBe('robot-linye-new-0002');
      expect(await agencyModel(mongo).exists({ _id: 'shuili' })).toBeTruthy();
      expect((await staffModel(mongo).findById('zhaoliu').lean())?.active).toBe(false);
    } finally {
      await mongo.close();
    }
  });

  it('shows in list agencies whether a robot key is set and the digest hour, never the key', async () => {
    expect((await cli('agency', 'add', 'linye', '--name', '富阳区林业局', '--digest-hour', '9')).code).toBe(0);
    const listed = await cli('list', 'agencies');
    expect(listed.stdout).toContain('linye\t富阳区林业局\t\tprosecutors: \trobot key: set, digest at 9:00\n');
    expect(listed.stdout).toContain('shuili\t富阳区水利局\t\tprosecutors: \trobot key: none (no group digest)\n');
    expect(listed.stdout).not.toContain('robot-linye');
  });

  it('warns when a bind or an unbind leaves the platform with no active admin', async () => {
    const warning = 'admin: warning: boss was the last active admin; the platform now has none, and escalations sent to admins by app message reach nobody. ' +
      'Bind another: npm run admin -- bind <userid> --name <姓名> --role admin\n';
    expect(await cli('bind', 'boss', '--name', '平台管理员', '--role', 'staff', '--agency', 'linye')).toEqual({ code: 0, stdout: 'bound boss → 平台管理员 (staff, linye)\n', stderr: warning });
    expect((await cli('bind', 'boss', '--name', '平台管理员', '--role', 'admin')).stderr).toBe('');
    // With a second admin, demoting one is no warning.
    expect((await cli('bind', 'wangjc', '--name', '王检察官', '--role', 'admin')).stderr).toBe('');
    expect((await cli('unbind', 'wangjc')).stderr).toBe('');
    expect(await cli('unbind', 'boss')).toEqual({ code: 0, stdout: 'unbound boss\n', stderr: warning });
  });

  it('says how many cases cases reindex re-files, before and after', async () => {
    const reindexed = await cli('cases', 'reindex');
    expect(reindexed.code).toBe(0);
    expect(reindexed.stdout).toMatch(/^re-filing 0 cases \(about a minute per 10 000; please wait\)…\n0 cases re-filed under their source, number and party in \d+ s\n$/);
  });
});
