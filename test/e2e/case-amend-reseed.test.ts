import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleCommands } from '../../src/admin/cli-rule-commands.js';
import { addDays } from '../../src/calendar/due-date.js';
import { localDate } from '../../src/calendar/local-date.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo, textOf } from '../support/chat.js';
import { R04, R05, ruleSetBeforeTheUpgrade } from '../support/rules-before-upgrade.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Round 9 (upgrade), S2, end to end: a case reported before the upgrade, `rules reseed` (R04 and R05 revised), then
 * the agency's 更正 to 8 亩. The prosecutor got a second card for the same R05 finding under a new number, the old
 * card turned 「已撤回：规则已修订」, and the 【案件更正】 notice named neither.
 */
describe('更正 of a case whose leads were raised under rules a reseed revised (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
    const rulesets = h.runtime.mongo.collection<{ _id: string; [field: string]: unknown }>('rulesets');
    await rulesets.deleteMany({});
    await rulesets.insertOne({ _id: 'current', ...ruleSetBeforeTheUpgrade(), changedAt: new Date(h.clock.now()), changedBy: 'seed', change: 'seed' });
  });
  afterAll(() => h.stop());

  const say = (user: string, content: string) => sayTo(h, user, content);
  const daysAgo = (n: number) => addDays(localDate(new Date(h.clock.now()), h.config.TZ), -n);
  const cards = () => h.fake.appMessages().filter((m) => m.msgtype === 'template_card');
  const textsTo = (user: string, from: number) => h.fake.appMessages().slice(from).filter((m) => String(m.touser).split('|').includes(user)).map(textOf);
  const leadsOf = (id: string) => leadModel(h.runtime.mongo).find({ 'subject.id': id }).lean() as Promise<LeadRecord[]>;

  it('keeps the R05 lead and its card, withdraws R04 for the corrected area, and the 【案件更正】 notice says so of each', async () => {
    await say('zhangsan', `上报\n案号：富林罚〔2026〕101号\n当事人：富阳某木业有限公司\n违法事实：未经批准擅自占用林地12亩修建运材便道\n处罚决定：责令限期恢复植被，罚款50000元\n面积：12亩\n罚款：50000元\n日期：${daysAgo(100)}`);
    const record = (await caseModel(h.runtime.mongo).findOne({ caseNumber: '富林罚〔2026〕101号' }).lean())!;
    const alerted = (ruleId: string) => waitUntil(async () => (await leadsOf(record._id)).find((l) => l.ruleId === ruleId && l.alert?.taskId), `the ${ruleId} alert`);
    const [r04, r05] = [await alerted(R04), await alerted(R05)];
    expect([r04.ruleVersion, r05.ruleVersion]).toEqual([1, 1]);
    expect(r05.explanation).toContain('折合每亩4166.67元');

    const printed: string[] = [];
    const reseed = ruleCommands.find((c) => c.name === 'rules reseed')!;
    const now = new Date(h.clock.now());
    await reseed.prepare({ args: [], options: {}, by: 'operator', now, today: localDate(now, h.config.TZ), timeZone: h.config.TZ })(h.runtime.mongo, { print: (l) => printed.push(l), warn: (l) => printed.push(l) });
    expect(printed[0]).toContain('rule set version 2');

    const cardsBefore = cards().length;
    const from = h.fake.appMessages().length;
    // The facts corrected with the area: R04 reads the 林地 written there (8 亩 is under its 10 亩 threshold).
    expect(await say('zhangsan', '更正案件 富林罚〔2026〕101号\n面积：8亩\n违法事实：未经批准擅自占用林地8亩修建运材便道')).toContain('面积：12 亩 → 8 亩');
    const notice = await h.fake.waitFor(() => textsTo('wangjc', from).find((t) => t.startsWith('【案件更正】')), 10_000);
    expect(notice).toContain(`· ${r05.number}「${r05.title}」：待处理，按修订后的规则（第2版）和更正后的数据仍然成立，线索内容已更新：罚款50000元，涉案面积8亩，折合每亩6250元`);
    expect(notice).toContain(`· ${r04.number}「${r04.title}」：已撤回（依据的数据已更正，规则条件不再成立），原提醒无需处理`);
    expect(notice).not.toContain('规则已修订');

    // R04's card says the data changed; R05's card is left as it is, and no second card goes out.
    const r04Update = await h.fake.waitFor(() => h.fake.cardUpdates().find((u) => u.response_code === h.fake.responseCode(r04.alert!.taskId)), 10_000);
    expect(r04Update).toMatchObject({ button: { replace_name: '已撤回：数据已更正' } });
    expect(h.fake.cardUpdates().some((u) => u.response_code === h.fake.responseCode(r05.alert!.taskId))).toBe(false);
    expect(cards().length).toBe(cardsBefore);
    const stored = (await leadsOf(record._id)).filter((l) => l.ruleId === R05);
    expect(stored.map((l) => [l._id, l.number, l.status, l.ruleVersion])).toEqual([[r05._id, r05.number, 'open', 2]]);

    // The prosecutor's 线索 detail shows the restated figures under the revised rule's version.
    const detail = await say('wangjc', `线索 ${r05.number}`);
    expect(detail).toContain('折合每亩6250元');
    expect(detail).toContain(`规则 ${R05}（第2版）`);
  });
});
