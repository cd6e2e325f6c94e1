import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { leadModel } from '../../src/models/lead.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { queueNames } from '../../src/queue/names.js';
import { apiClient } from '../support/api-client.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say, textOf } from '../support/chat.js';
import { waitUntil } from '../support/wait-until.js';

/** An instant in Shanghai time, e.g. at('2027-01-21 10:00'). */
const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
// The operator's overrides in a file of this test's own, empty until the 2027 schedule is entered.
const calendarFile = join(mkdtempSync(join(tmpdir(), 'round9-calendar-')), 'overrides.json');
writeFileSync(calendarFile, JSON.stringify({ overrides: [] }));
process.env.CALENDAR_OVERRIDES_FILE = calendarFile;

const days = (from: number, to: number, month: string) => Array.from({ length: to - from + 1 }, (_, i) => `2027-${month}-${String(from + i).padStart(2, '0')}`);
/** The round-9 tester's 2027 schedule: 春节 02-05 (除夕)..02-13 off, make-up working days 01-31 and 02-20. */
const schedule2027 = [
  ...days(1, 3, '01').map((date) => ({ date, working: false, name: '元旦' })),
  ...days(5, 13, '02').map((date) => ({ date, working: false, name: '春节' })),
  { date: '2027-01-31', working: true, name: '春节调休' }, { date: '2027-02-20', working: true, name: '春节调休' },
  ...days(3, 5, '04').map((date) => ({ date, working: false, name: '清明节' })),
  ...days(1, 5, '05').map((date) => ({ date, working: false, name: '劳动节' })),
];

/**
 * Round 9 (year end): the 2027 schedule entered in late January moves the duty-crime transfer deadlines and the
 * prosecutor-set periods with the reply deadlines, and the people whose dates moved are told; the missing year is
 * warned about when it matters, and the admins are told in WeCom.
 */
describe('the 2027 holiday schedule entered in January (round 9)', () => {
  let h: BotHarness;
  let deadlines: Queue;
  const pros = apiClient(() => h.runtime.url!, apiTokens.prosecutor);
  const admin = apiClient(() => h.runtime.url!, apiTokens.admin);
  const agencyAdmin = apiClient(() => h.runtime.url!, apiTokens.linyeAdmin);
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv }, clockStart: at('2027-01-21 10:00') });
    deadlines = new Queue(queueNames.deadlines, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
  });
  afterAll(async () => {
    await deadlines.close();
    await h.stop();
  });
  /** The texts `userid` got that start with `heading` (one app message may go to several: touser a|b). */
  const told = (userid: string, heading: string) => h.fake.appMessages().filter((m) => String(m.touser).split('|').includes(userid)).map(textOf).filter((t) => t.startsWith(heading));
  const healthWarnings = async () => ((await (await fetch(`${h.runtime.url}/healthz`)).json()) as { warnings: string[] }).warnings;
  async function runDeadlines() {
    const job = await deadlines.add('digest', {});
    for (let i = 0; i < 150 && !(await job.isCompleted()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 800));
  }

  it('warns of 2027 (this year) but not yet of 2028, and tells the admins once on a working morning', async () => {
    const warnings = await healthWarnings();
    expect(warnings).toContainEqual(expect.stringContaining('no holiday calendar covers 2027'));
    // No deadline reaches 2028 in January, and its schedule will not be published before the autumn.
    expect(warnings.join()).not.toContain('2028');
    expect((await agencyAdmin.json('/api/calendar')).body.warnings).toEqual([expect.stringMatching(/^2027年的法定节假日安排尚未录入/)]);
    await runDeadlines();
    await runDeadlines();
    await waitUntil(() => (told('admin', '【节假日安排待录入】').length ? true : undefined), 'the admins told of the missing 2027 schedule', 15_000);
    const notices = told('admin', '【节假日安排待录入】');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('2027年的法定节假日安排尚未录入');
    expect(notices[0]).toContain('PUT /api/calendar/overrides');
  });

  it('moves a duty-crime transfer deadline and a prosecutor-set period off the new holidays, lists them and tells those concerned once', async () => {
    // Found 2027-01-21: 15 days end on 2027-02-05 (除夕), a working Friday until the schedule is known.
    await say(h, 'zhangsan', '上报\n案号：富林罚〔2027〕5号\n当事人：某国有苗圃\n违法事实：违规处置国有林木，造成国有资产损失60万元，损失未追缴\n是否结案：是');
    const lead = await waitUntil(() => leadModel(h.runtime.mongo).findOne({ ruleId: 'R10-state-loss-unrecovered' }).lean(), 'the R10 lead');
    expect(lead.transferDueOn?.toISOString().slice(0, 10)).toBe('2027-02-05');
    const responsible = await waitUntil(async () => (await leadModel(h.runtime.mongo).findById(lead._id).lean())?.alert?.recipients, 'the lead alerted', 15_000);
    // A new reply period on 2027-02-10, a working Wednesday until the schedule is known.
    const set = await pros.json(`/api/recommendations/${encodeURIComponent('富检行公建〔2021〕9号')}/period`, { method: 'POST', json: { dueOn: '2027-02-10', reason: '已督促，限期书面回复' } });
    expect(set.body.dueOn).toBe('2027-02-10');

    h.clock.advance(at('2027-01-25 10:00') - h.clock.now());
    const put = await admin.json('/api/calendar/overrides', { method: 'PUT', json: { overrides: schedule2027 } });
    expect(put.status).toBe(200);
    // `recomputed` lists the reply due dates as before; the transfer deadlines beside them.
    expect(put.body.recomputed).toContainEqual({ ref: '富检行公建[2021]9号', from: '2027-02-10', to: '2027-02-15' });
    expect(put.body.recomputedTransfers).toEqual([{ number: lead.number, from: '2027-02-05', to: '2027-02-15' }]);
    expect(put.body.notified).toEqual(expect.arrayContaining(['zhangsan', ...responsible]));
    expect(put.body.warnings).toEqual([]);

    const rec = await recommendationModel(h.runtime.mongo).findById('富检行公建[2021]9号').lean();
    expect(rec?.dueOn?.toISOString().slice(0, 10)).toBe('2027-02-15');
    const moved = await leadModel(h.runtime.mongo).findById(lead._id).lean();
    expect(moved?.transferDueOn?.toISOString().slice(0, 10)).toBe('2027-02-15');
    expect(moved?.history.at(-1)).toMatchObject({ action: 'transfer_due_recomputed', by: 'ops', detail: { reason: 'calendar' } });

    // 林业局's staff are told of the moved period as of a new one; the lead's prosecutors of the moved deadline.
    const agencyNotice = await waitUntil(() => told('zhangsan', '【回复期限重新确定】法定节假日安排有变化')[0], 'the agency told', 15_000);
    expect(agencyNotice).toContain('富检行公建[2021]9号（督促追缴森林植被恢复费）：原期限 2027-02-10，现为 2027-02-15（2027-02-10 现为春节（运营方设定休息））');
    for (const userid of responsible) {
      const notice = await waitUntil(() => told(userid, '【职务犯罪线索移送期限调整】')[0], 'the prosecutor told', 15_000);
      expect(notice).toContain(`${lead.number} 国有财产损失未追缴即结案`);
      expect(notice).toContain('原期限 2027-02-05，现为 2027-02-15（含当日），还剩 21 天');
    }

    // The same schedule again (a retried PUT) and the hourly run after it: nothing moves, nobody is told twice.
    const again = await admin.json('/api/calendar/overrides', { method: 'PUT', json: { overrides: schedule2027 } });
    expect([again.body.recomputed, again.body.recomputedTransfers, again.body.notified]).toEqual([[], [], []]);
    await runDeadlines();
    expect(told('zhangsan', '【回复期限重新确定】法定节假日安排有变化')).toHaveLength(1);
    expect(told(responsible[0]!, '【职务犯罪线索移送期限调整】')).toHaveLength(1);
    // 2027 is covered now, and 2028 not yet worth a warning.
    expect((await healthWarnings()).join()).not.toMatch(/holiday calendar/);
  });
});
