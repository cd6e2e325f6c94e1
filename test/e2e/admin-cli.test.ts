import { afterAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectMongo } from '../../src/db/connect.js';
import { projectRoot } from '../../src/embedded/project-root.js';
import { agencyModel } from '../../src/models/agency.js';
import { staffModel } from '../../src/models/staff.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { auditModel } from '../../src/models/audit.js';
import { isolate } from '../support/isolation.js';

const run = promisify(execFile);
const root = projectRoot();
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const script = join(root, 'scripts', 'admin.ts');

/** How a run of the CLI ended. */
interface Ended { code: number; stdout: string; stderr: string }

// Each step starts the CLI afresh (tsx, a database connection): on a busy 2-core machine six of them outgrow 30 s.
describe('npm run admin', { timeout: 90_000 }, () => {
  const ns = isolate('admin');
  const scratch = mkdtempSync(join(tmpdir(), 'admin-cli-'));
  const admin = (...args: string[]) => run(tsx, [script, ...args], { env: { ...process.env, MONGODB_URI: ns.mongoUri } });
  /** Runs the CLI and reports how it ended, whatever the exit code; `env` replaces the database settings. */
  const cli = async (args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<Ended> => {
    const { MONGODB_URI: _uri, DATA_DIR: _dir, ...inherited } = process.env;
    const env = { ...inherited, ...(options.env ?? { MONGODB_URI: ns.mongoUri }) };
    return run(tsx, [script, ...args], { env, cwd: options.cwd ?? root }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: Ended) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  };
  /** A refusal: exit code 2 and exactly one line on stderr. */
  const refused = (line: string): Ended => ({ code: 2, stdout: '', stderr: `admin: ${line}\n` });
  afterAll(async () => {
    const mongo = await connectMongo(ns.mongoUri);
    await mongo.dropDatabase();
    await mongo.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('registers an agency, binds staff and issues a recommendation with its due date, all audited', async () => {
    expect((await admin('bind', 'wangjc', '--name', '王检察官', '--role', 'prosecutor')).stdout).toContain('bound wangjc → 王检察官 (prosecutor)');
    expect((await admin('agency', 'add', 'linye', '--name', '富阳区林业局', '--domains', '生态环境和资源保护', '--prosecutors', 'wangjc')).stdout).toContain('agency linye 富阳区林业局');
    expect((await admin('bind', 'zhangsan', '--name', '张三', '--role', 'staff', '--agency', 'linye')).stdout).toContain('bound zhangsan → 张三 (staff, linye)');
    const issued = await admin('recommendation', 'add', '--ref', '富检行公建〔2021〕14号', '--agency', 'linye', '--title', '督促恢复林地', '--requirements', '恢复林地381亩', '--issued', '2026-01-29', '--received', '2026-01-31');
    // two months from 31 January end on the last day of March
    expect(issued.stdout).toContain('recommendation 富检行公建[2021]14号 → linye, due 2026-03-31');
    expect((await admin('list', 'staff')).stdout).toContain('zhangsan\t张三\tstaff\tlinye\tactive');

    // marking it urgent recomputes the due date: 15 days from receipt end on 2026-02-15, inside the Spring
    // Festival holiday, so it moves to the next working day; the old date stays in the history
    expect((await admin('recommendation', 'receive', '--ref', '富检行公建〔2021〕14号', '--urgent')).stdout).toContain('received 2026-01-31 (urgent), due 2026-02-24');
    const mongo = await connectMongo(ns.mongoUri);
    const recomputed = await recommendationModel(mongo).findById('富检行公建[2021]14号').lean();
    expect(recomputed?.history.at(-1)).toMatchObject({ action: 'due_recomputed', detail: { urgent: true } });
    // The listing shows what the due date was counted from.
    expect((await admin('list', 'recommendations')).stdout).toContain('富检行公建[2021]14号\tlinye\treceived\t0%\treceived 2026-01-31 (urgent, 15 days)\tdue 2026-02-24');
    expect(await auditModel(mongo).countDocuments({ action: 'recommendation.receipt' })).toBe(1);
    expect(await staffModel(mongo).findById('zhangsan').lean()).toMatchObject({ role: 'staff', agency: 'linye', active: true });
    expect(await recommendationModel(mongo).findById('富检行公建[2021]14号').lean()).toMatchObject({ status: 'received', refSerial: 14, refYear: 2021 });
    expect(await auditModel(mongo).countDocuments({ action: { $in: ['agency.upsert', 'staff.bind', 'recommendation.issue'] } })).toBe(4);
    await admin('unbind', 'zhangsan');
    expect((await staffModel(mongo).findById('zhangsan').lean())?.active).toBe(false);
    await mongo.close();
  });

  it('records the domain given with --domain on a recommendation (its leads count under it)', async () => {
    const issued = await admin('recommendation', 'add', '--ref', '富检行公建〔2021〕15号', '--agency', 'linye', '--title', '督促清理医疗废物', '--requirements', '清运', '--issued', '2026-01-29', '--domain', '食品药品安全');
    expect(issued.stdout).toContain('recommendation 富检行公建[2021]15号 → linye, due (not received yet), domain 食品药品安全');
    const mongo = await connectMongo(ns.mongoUri);
    expect((await recommendationModel(mongo).findById('富检行公建[2021]15号').lean())?.domain).toBe('食品药品安全');
    await mongo.close();
  });

  it('changes only the settings given when an agency is added again, keeping its prosecutors, domains and other settings', async () => {
    await admin('bind', 'lijc', '--name', '李检察官', '--role', 'prosecutor');
    await admin('agency', 'add', 'shichang', '--name', '富阳区市场监管局', '--domains', '食品药品安全', '--prosecutors', 'lijc', '--digest-hour', '9', '--reminder-days', '5,2,1');
    await admin('agency', 'add', 'shichang', '--name', '富阳区市场监督管理局', '--due-soon-days', '12');
    const mongo = await connectMongo(ns.mongoUri);
    const agency = await mongo.collection('agencies').findOne({ _id: 'shichang' as never });
    await mongo.close();
    expect(agency).toMatchObject({ name: '富阳区市场监督管理局', domains: ['食品药品安全'], prosecutors: ['lijc'], settings: { digestHour: 9, reminderDays: [5, 2, 1], dueSoonDays: 12 } });
  });

  it('warns when an agency is left without its group robot or given a domain no rule names (a typo)', async () => {
    const robotless = await admin('agency', 'add', 'nolink', '--name', '无机器人单位', '--robot-key', '');
    expect(robotless.stderr).toContain('agency nolink has no group robot now');
    const typo = await admin('agency', 'add', 'typo', '--name', '错别字单位', '--domains', '生态环境与资源保护');
    expect(typo.stderr).toContain('no rule names the domain 生态环境与资源保护');
    expect((await admin('agency', 'add', 'right', '--name', '正确单位', '--domains', '生态环境和资源保护')).stderr).not.toContain('no rule names');
  });

  it('switches rules and changes thresholds without a deploy, each change a new rule-set version', async () => {
    expect((await admin('list', 'rules')).stdout).toMatch(/rule set version 1\nR01-fine-unpaid\tpil\ton\t\{"days":90\}/);
    expect((await admin('rules', 'set', 'R01-fine-unpaid', 'days=60')).stdout).toContain('rule set version 2');
    expect((await admin('rules', 'disable', 'R07-large-fine-no-hearing')).stdout).toContain('rule set version 3');
    const listed = (await admin('list', 'rules')).stdout;
    expect(listed).toContain('R01-fine-unpaid\tpil\ton\t{"days":60}');
    expect(listed).toMatch(/R07-large-fine-no-hearing\tirregular\toff/);
    const bad = await admin('rules', 'set', 'R01-fine-unpaid', 'weeks=3').catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toContain('has no threshold "weeks"');
    // A release's corrected seed rules are put in force without losing the operator's switches and thresholds.
    // Rules already as the seed has them (switches and thresholds aside) make no version.
    expect((await admin('rules', 'reseed')).stdout).toContain('unchanged; rule set version 3');
    const reseeded = (await admin('list', 'rules')).stdout;
    expect(reseeded).toContain('R01-fine-unpaid\tpil\ton\t{"days":60}');
    expect(reseeded).toMatch(/R07-large-fine-no-hearing\tirregular\toff/);
  });

  it('refuses bad input with a readable message and exit code 2', async () => {
    const badRole = await admin('bind', 'lisi', '--name', '李四', '--role', 'boss').catch((e: { code: number; stderr: string }) => e);
    expect(badRole).toMatchObject({ code: 2 });
    expect((badRole as { stderr: string }).stderr).toContain('admin: role must be one of staff, agency_admin, prosecutor, admin');
    const noAgency = await admin('bind', 'lisi', '--name', '李四', '--role', 'staff', '--agency', 'nowhere').catch((e: { stderr: string }) => e);
    expect((noAgency as { stderr: string }).stderr).toContain('no agency "nowhere"');
    const badRef = await admin('recommendation', 'add', '--ref', '14号', '--agency', 'linye', '--title', 't', '--requirements', 'r', '--issued', '2026-01-01').catch((e: { stderr: string }) => e);
    expect((badRef as { stderr: string }).stderr).toContain('is not a full document number');
    expect(await cli(['recommendation', 'receive', '--ref', '富检行公建〔2021〕14号', '--received', '2026-01-28'])).toEqual(refused('--received 2026-01-28 is before 富检行公建[2021]14号 was issued (2026-01-29)'));
  });
  it('prints the usage for help and --help (exit 0) and for no command (exit 2), and refuses bad input in one line, all without a database', async () => {
    // No MONGODB_URI and no embedded.json here: anything that tried to connect would fail with "no database".
    const cwd = mkdtempSync(join(scratch, 'nodb-'));
    const offline = (...args: string[]) => cli(args, { env: {}, cwd });
    const rec = ['recommendation', 'add', '--ref', '富检行公建〔2021〕15号', '--agency', 'linye', '--title', 't', '--requirements', 'r'];
    const [help, dashHelp, none, typo, badIssued, badReceived, order, future, both, userid] = await Promise.all([
      offline('help'), offline('--help'), offline(),
      offline('agency', 'add', 'linye', '--nmae', '林业局'),
      offline(...rec, '--issued', '2026-13-45'),
      offline(...rec, '--issued', '2026-01-29', '--received', '2026-02-30'),
      offline(...rec, '--issued', '2026-01-29', '--received', '2026-01-20'),
      offline(...rec, '--issued', '2999-01-01'),
      offline('recommendation', 'receive', '--ref', '富检行公建〔2021〕14号', '--urgent', '--not-urgent'),
      offline('bind', 'li si', '--name', '李四', '--role', 'staff', '--agency', 'linye'),
    ]);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: npm run admin -- <command>/);
    expect(help.stdout).toContain('  unbind <userid>');
    expect(dashHelp).toEqual(help);
    expect(none).toEqual({ code: 2, stdout: '', stderr: help.stdout });
    expect(typo).toEqual(refused('unknown option --nmae (see npm run admin -- help)'));
    expect(badIssued).toEqual(refused('--issued must be a real date YYYY-MM-DD'));
    expect(badReceived).toEqual(refused('--received must be a real date YYYY-MM-DD'));
    expect(order).toEqual(refused('--received 2026-01-20 is before --issued 2026-01-29'));
    expect(future).toMatchObject({ code: 2, stderr: expect.stringMatching(/^admin: --issued 2999-01-01 is in the future \(today is \d{4}-\d{2}-\d{2}\)\n$/) });
    expect(both).toEqual(refused('give --urgent or --not-urgent, not both'));
    expect(userid).toEqual(refused('userid "li si" must be 1-64 letters, digits, _ . @ or - (a WeCom userid)'));
  });

  it('refuses an agency name another agency has in one line, instead of a duplicate-key stack', async () => {
    expect(await cli(['agency', 'add', 'linye2', '--name', '富阳区林业局'])).toEqual(refused('agency linye already has the name "富阳区林业局"; give linye2 another name'));
    const mongo = await connectMongo(ns.mongoUri);
    expect(await agencyModel(mongo).exists({ _id: 'linye2' })).toBeNull();
    await mongo.close();
  });

  it('says who is not bound, refuses an agency prosecutor nobody bound, and warns what a prosecutor leaves behind', async () => {
    expect(await cli(['unbind', 'ghost'])).toEqual(refused('ghost is not bound'));
    expect(await cli(['unbind', 'zhangsan'])).toEqual(refused('zhangsan is already unbound'));
    expect(await cli(['agency', 'add', 'ziran', '--name', '富阳区自然资源局', '--prosecutors', 'wangjc,zhangsan']))
      .toEqual(refused('--prosecutors: zhangsan is not bound as prosecutor or admin; bind first (bind <userid> --name <姓名> --role prosecutor)'));
    const mongo = await connectMongo(ns.mongoUri);
    expect(await agencyModel(mongo).exists({ _id: 'ziran' })).toBeNull();
    // 14号 of linye, whose prosecutor is wangjc, reported complete: wangjc reviews it.
    await recommendationModel(mongo).updateOne({ _id: '富检行公建[2021]14号' }, { $set: { status: 'completed' } });
    await mongo.close();
    const warning = 'admin: warning: wangjc is still named as prosecutor by agencies: linye; recommendations awaiting their review: 1. Reassign them: npm run admin -- agency add <id> --name <名称> --prosecutors <userid>\n';
    expect(await cli(['bind', 'wangjc', '--name', '王检察官', '--role', 'staff', '--agency', 'linye'])).toEqual({ code: 0, stdout: 'bound wangjc → 王检察官 (staff, linye)\n', stderr: warning });
    expect(await cli(['bind', 'wangjc', '--name', '王检察官', '--role', 'prosecutor'])).toEqual({ code: 0, stdout: 'bound wangjc → 王检察官 (prosecutor)\n', stderr: '' });
    expect(await cli(['unbind', 'wangjc'])).toEqual({ code: 0, stdout: 'unbound wangjc\n', stderr: warning });
  });

  it('checks a whole seed file first and writes nothing when an entry conflicts', async () => {
    const file = join(scratch, 'seed.json');
    writeFileSync(file, JSON.stringify({
      agencies: [{ id: 'jiaotong', name: '富阳区交通局' }, { id: 'linye3', name: '富阳区林业局' }],
      staff: [{ userid: 'sunba', name: '孙八', role: 'staff', agency: 'jiaotong' }],
    }));
    expect(await cli(['seed', file])).toEqual(refused('seed refused, nothing written: agencies[1] (linye3): agency linye already has the name "富阳区林业局"'));
    const mongo = await connectMongo(ns.mongoUri);
    expect(await agencyModel(mongo).exists({ _id: 'jiaotong' })).toBeNull();
    expect(await staffModel(mongo).exists({ _id: 'sunba' })).toBeNull();
    await mongo.close();
    expect(await cli(['seed', join(scratch, 'missing.json')])).toEqual(refused(`cannot read seed file ${join(scratch, 'missing.json')}: ENOENT`));
  });

  it('says which seeded recommendations and cases were there already, when a seed file is applied again', async () => {
    const file = join(scratch, 'seed-again.json');
    writeFileSync(file, JSON.stringify({
      agencies: [{ id: 'shuili', name: '富阳区水利局' }],
      recommendations: [{ ref: '富检行公建〔2026〕71号', agency: 'shuili', title: '督促整治河道', requirements: '清理河道', issuedOn: '2026-11-02' }],
    }));
    const first = await cli(['seed', file]);
    expect(first.stdout).toBe('seeded: 1 agencies added; 0 staff added; 1 recommendations added; 0 cases added\n');
    const again = await cli(['seed', file]);
    expect(again.stdout).toBe('seeded: 0 agencies added (1 already registered, left unchanged); 0 staff added; 0 recommendations added (1 already registered, left unchanged); 0 cases added\n');
  });

  it('says unchanged for a rule change to what the rule has, with no new version, and refuses nonsense thresholds', async () => {
    const version = /rule set version (\d+)/.exec((await admin('list', 'rules')).stdout)![1]!;
    const [again, same, huge, zero] = await Promise.all([
      cli(['rules', 'disable', 'R07-large-fine-no-hearing']), cli(['rules', 'set', 'R01-fine-unpaid', 'days=60']),
      cli(['rules', 'set', 'R01-fine-unpaid', 'days=1000000000']), cli(['rules', 'set', 'R07-large-fine-no-hearing', 'hearingFineYuan=0']),
    ]);
    expect(again).toEqual({ code: 0, stdout: `rule R07-large-fine-no-hearing unchanged (already disabled); rule set version ${version}\n`, stderr: '' });
    expect(same).toEqual({ code: 0, stdout: `rule R01-fine-unpaid {"days":60} unchanged (already so); rule set version ${version}\n`, stderr: '' });
    expect(huge).toEqual(refused('rule R01-fine-unpaid: days must be a whole number from 1 to 3650 (days), not 1000000000'));
    expect(zero).toEqual(refused('rule R07-large-fine-no-hearing: hearingFineYuan must be a number above 0 and at most 100000000000 (yuan), not 0'));
    expect((await admin('list', 'rules')).stdout).toContain(`rule set version ${version}\n`);
  });

  it('finds the database as npm start does: .env in the working folder, an absolute DATA_DIR, a recorded bot no longer running', async () => {
    const cwd = mkdtempSync(join(scratch, 'project-'));
    const dataDir = mkdtempSync(join(scratch, 'var-lib-linkage-'));
    writeFileSync(join(cwd, '.env'), `DATA_DIR=${dataDir}\n`);
    const recorded = (record: object) => writeFileSync(join(dataDir, 'embedded.json'), JSON.stringify(record));
    recorded({ mongoUri: ns.mongoUri, redisUrl: ns.redisUrl, pid: process.pid });
    const listed = await cli(['list', 'staff'], { env: {}, cwd });
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toContain('zhangsan\t张三\tstaff\tlinye\tinactive');

    const exited = spawnSync(process.execPath, ['-e', '0']).pid;
    recorded({ mongoUri: ns.mongoUri, redisUrl: ns.redisUrl, pid: exited });
    const started = Date.now();
    expect(await cli(['list', 'staff'], { env: {}, cwd })).toEqual({
      code: 1, stdout: '', stderr: `admin: the bot recorded in ${join(dataDir, 'embedded.json')} (pid ${exited}) is not running; start it with npm start, or set MONGODB_URI\n`,
    });
    // Before, it waited out the 10-second server selection.
    expect(Date.now() - started).toBeLessThan(9000);
  });

  it('reports an unexpected error in one line with exit code 1, and its stack only when DEBUG is set', async () => {
    const env = { MONGODB_URI: 'mongodb://[bad' };
    const line = 'admin: connection to MongoDB at mongodb://[bad/linkage failed: Unable to parse [bad with URL (check MONGODB_URI, or the embedded FerretDB)\n';
    expect(await cli(['list', 'staff'], { env })).toEqual({ code: 1, stdout: '', stderr: line });
    const debug = await cli(['list', 'staff'], { env: { ...env, DEBUG: '1' } });
    expect(debug.stderr.startsWith(line)).toBe(true);
    expect(debug.stderr.slice(line.length)).toMatch(/Error.*\n\s+at /);
  });

  it('ends quietly when the reader of a long listing stops early (list recommendations | head -3)', async () => {
    const mongo = await connectMongo(ns.mongoUri);
    // Far more than a pipe holds (64 KiB), so the CLI is still writing when head has gone.
    const filler = Array.from({ length: 3000 }, (_, i) => ({
      _id: `富检行公建[2020]${i + 1}号`, ref: `富检行公建[2020]${i + 1}号`, refSerial: i + 1, agency: 'linye', title: '督促整治', requirements: '依法整治',
      cases: [], issuedOn: new Date('2020-01-02'), urgent: false, status: 'issued', percent: 0, prosecutors: [], history: [],
    }));
    await mongo.collection('recommendations').insertMany(filler as never[]);
    await mongo.close();
    const piped = await run('bash', ['-c', `"${tsx}" "${script}" list recommendations | head -3; echo "exit \${PIPESTATUS[0]}" >&2`], { env: { ...process.env, MONGODB_URI: ns.mongoUri } });
    expect(piped.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(piped.stderr).toBe('exit 0\n');
  });
});
