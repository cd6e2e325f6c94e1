import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connectMongo } from '../../src/db/connect.js';
import { staffModel } from '../../src/models/staff.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { auditModel } from '../../src/models/audit.js';
import { isolate } from '../support/isolation.js';

const run = promisify(execFile);

// Each step starts the CLI afresh (tsx, a database connection): on a busy 2-core machine six of them outgrow 30 s.
describe('npm run admin', { timeout: 90_000 }, () => {
  const ns = isolate('admin');
  const admin = (...args: string[]) => run('node_modules/.bin/tsx', ['scripts/admin.ts', ...args], { env: { ...process.env, MONGODB_URI: ns.mongoUri } });
  afterAll(async () => {
    const mongo = await connectMongo(ns.mongoUri);
    await mongo.dropDatabase();
    await mongo.close();
  });

  it('registers an agency, binds staff and issues a recommendation with its due date, all audited', async () => {
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
    expect(await auditModel(mongo).countDocuments({ action: 'recommendation.receipt' })).toBe(1);
    expect(await staffModel(mongo).findById('zhangsan').lean()).toMatchObject({ role: 'staff', agency: 'linye', active: true });
    expect(await recommendationModel(mongo).findById('富检行公建[2021]14号').lean()).toMatchObject({ status: 'received', refSerial: 14, refYear: 2021 });
    expect(await auditModel(mongo).countDocuments({ action: { $in: ['agency.upsert', 'staff.bind', 'recommendation.issue'] } })).toBe(3);
    await admin('unbind', 'zhangsan');
    expect((await staffModel(mongo).findById('zhangsan').lean())?.active).toBe(false);
    await mongo.close();
  });

  it('changes only the settings given when an agency is added again, keeping its prosecutors, domains and other settings', async () => {
    await admin('agency', 'add', 'shichang', '--name', '富阳区市场监管局', '--domains', '食品药品安全', '--prosecutors', 'lijc', '--digest-hour', '9', '--reminder-days', '5,2,1');
    await admin('agency', 'add', 'shichang', '--name', '富阳区市场监督管理局', '--due-soon-days', '12');
    const mongo = await connectMongo(ns.mongoUri);
    const agency = await mongo.collection('agencies').findOne({ _id: 'shichang' as never });
    await mongo.close();
    expect(agency).toMatchObject({ name: '富阳区市场监督管理局', domains: ['食品药品安全'], prosecutors: ['lijc'], settings: { digestHour: 9, reminderDays: [5, 2, 1], dueSoonDays: 12 } });
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
    expect((await admin('rules', 'reseed')).stdout).toContain('rule set version 4');
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
  });
});
