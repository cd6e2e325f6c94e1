import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { addDays } from '../../src/calendar/due-date.js';
import { defaultCalendar } from '../../src/calendar/default-calendar.js';
import { localDate } from '../../src/calendar/local-date.js';
import { isWorkingTime } from '../../src/calendar/working-time.js';
import { escalationDue } from '../../src/leads/lead-checks.js';
import { setReceipt } from '../../src/admin/registry.js';
import { changeRule } from '../../src/leads/rule-store.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel } from '../../src/models/lead.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { createEvaluationQueue } from '../../src/queue/evaluation-queue.js';
import { queueNames } from '../../src/queue/names.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { waitUntil } from '../support/wait-until.js';
import { buildCallback, eventXml, postCallback } from '../support/wecom-callback.js';

const groupKey = 'prosecutors-group-robot';

describe('leads and prosecutor alerts (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { PROSECUTOR_ROBOT_KEY: groupKey, LEAD_ESCALATE_AFTER_HOURS: '24' } });
    h.fake.addRobot(groupKey);
  });
  afterAll(() => h.stop());

  const daysAgo = (n: number) => addDays(localDate(new Date(h.clock.now()), h.config.TZ), -n);
  const cards = () => h.fake.appMessages().filter((m) => m.msgtype === 'template_card' && String((m.template_card as { task_id: string }).task_id).startsWith('lead-'));
  async function report(caseNumber: string, decidedDaysAgo: number) {
    const before = h.fake.appMessages().length;
    await h.sendText('zhangsan', `上报\n案号：${caseNumber}\n当事人：${caseNumber.replace(/\D/g, '')}号木业公司\n违法事实：滥伐林木\n罚款：5000元\n日期：${daysAgo(decidedDaysAgo)}`, newMsgId());
    await h.fake.waitFor(() => h.fake.appMessages().slice(before).some((m) => m.touser === 'zhangsan') || undefined, 10_000);
    return caseModel(h.runtime.mongo).findOne({ caseNumber }).lean();
  }
  async function click(from: string, key: string, taskId: string) {
    const xml = eventXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from, event: 'template_card_event', eventKey: key, taskId, cardType: 'button_interaction', responseCode: h.fake.issueResponseCode(taskId), createTime: Math.floor(h.clock.now() / 1000) + Math.floor(Math.random() * 1e6) });
    const before = h.fake.appMessages().length;
    await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml }));
    return h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === from), 10_000);
  }

  it('raises exactly one lead and one alert card at the threshold, naming the rule and the values', async () => {
    const below = await report('富林罚〔2024〕101号', 89);
    const at = await report('富林罚〔2024〕102号', 90);
    const card = await h.fake.waitFor(() => cards().find((m) => JSON.stringify(m).includes('102号')), 10_000);
    const body = card.template_card as { source: { desc: string }; main_title: { title: string }; sub_title_text: string; button_list: Array<{ text: string }> };
    expect(card.touser).toBe('wangjc');
    expect(body.source.desc).toBe('衔接助手 · 公益诉讼线索');
    expect(body.main_title.title).toBe('罚款决定后逾期未见缴纳或强制执行');
    expect(body.sub_title_text).toContain('5000');
    expect(body.sub_title_text).toContain('90');
    expect(body.sub_title_text).toContain('R01-fine-unpaid');
    expect(body.button_list.map((b) => b.text)).toEqual(['受理', '不予受理', '转刑事线索', '转监察委']);
    expect(await leadModel(h.runtime.mongo).countDocuments({ 'subject.id': at!._id })).toBe(1);
    expect(await leadModel(h.runtime.mongo).countDocuments({ 'subject.id': below!._id })).toBe(0);
  });

  it('adds no lead and no alert on 100 re-evaluations and a redelivered job', async () => {
    const subject = await caseModel(h.runtime.mongo).findOne({ caseNumber: '富林罚〔2024〕102号' }).lean();
    const queue = createEvaluationQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
    for (let i = 0; i < 100; i++) await queue.request({ subject: { kind: 'case', id: subject!._id }, cause: `re-${i}` });
    await queue.request({ subject: { kind: 'case', id: subject!._id }, cause: 're-0' });
    const raw = new Queue(queueNames.evaluateLeads, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
    const busy = async () => {
      const counts = await raw.getJobCounts('waiting', 'active');
      return (counts.waiting ?? 0) + (counts.active ?? 0) > 0;
    };
    for (let i = 0; i < 100 && (await busy()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect(await leadModel(h.runtime.mongo).countDocuments({ 'subject.id': subject!._id })).toBe(1);
    expect(cards().filter((m) => JSON.stringify(m).includes('102号'))).toHaveLength(1);
    await raw.close();
    await queue.close();
  });

  it('refuses a decision from a prosecutor the alert was not sent to, and a button key that is no decision', async () => {
    const lead = await leadModel(h.runtime.mongo).findOne({ 'subject.label': /102号/ }).lean();
    const outsider = await click('lijc', `lead:${lead!._id}:accept`, lead!.alert!.taskId);
    expect(JSON.stringify(outsider)).toContain('这条线索没有分派给您');
    // Names Object.prototype has ("constructor") are no decisions either.
    const odd = await click('wangjc', `lead:${lead!._id}:constructor`, lead!.alert!.taskId);
    expect(JSON.stringify(odd)).toContain('无法识别这个按钮');
    expect((await leadModel(h.runtime.mongo).findById(lead!._id).lean())?.status).toBe('open');
  });

  it('records the first decision from the card, updates it for every recipient, and answers a second click politely', async () => {
    const lead = await leadModel(h.runtime.mongo).findOne({ 'subject.label': /102号/ }).lean();
    const accepted = await click('wangjc', `lead:${lead!._id}:accept`, lead!.alert!.taskId);
    expect(JSON.stringify(accepted)).toContain(`已记录：线索 ${lead!.number}「受理」`);
    const stored = await leadModel(h.runtime.mongo).findById(lead!._id).lean();
    expect(stored).toMatchObject({ status: 'accept', decision: { by: 'wangjc', byName: '王检察官' } });
    const update = await h.fake.waitFor(() => h.fake.cardUpdates().find((u) => JSON.stringify(u).includes('已受理')));
    expect(update).toMatchObject({ button: { replace_name: '已受理 · 王检察官' } });
    expect(update.atall ?? update.userids).toBeTruthy();

    const second = await click('lijc', `lead:${lead!._id}:reject`, lead!.alert!.taskId);
    expect(JSON.stringify(second)).toContain('已由王检察官');
    expect((await leadModel(h.runtime.mongo).findById(lead!._id).lean())?.status).toBe('accept');
  });

  it('asks for the reason of 不予受理 and records it', async () => {
    await report('富林罚〔2024〕103号', 120);
    let lead = null;
    for (let i = 0; i < 50 && !lead; i++) {
      lead = await leadModel(h.runtime.mongo).findOne({ 'subject.label': /103号/, 'alert.taskId': { $exists: true } }).lean();
      if (!lead) await new Promise((r) => setTimeout(r, 100));
    }
    const asked = await click('wangjc', `lead:${lead!._id}:reject`, lead!.alert!.taskId);
    expect(JSON.stringify(asked)).toContain('请直接回复不予受理的理由');
    const before = h.fake.appMessages().length;
    await h.sendText('wangjc', '罚款已于上周缴纳，有缴款凭证');
    await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === 'wangjc'));
    expect((await leadModel(h.runtime.mongo).findById(lead!._id).lean())?.decision).toMatchObject({ action: 'reject', reason: '罚款已于上周缴纳，有缴款凭证' });
  });

  it('escalates an alert nobody acted on once the configured time has passed (moved clock)', async () => {
    await report('富林罚〔2024〕104号', 100);
    const schedule = new Queue(queueNames.leadSchedule, { connection: createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), prefix: h.config.QUEUE_PREFIX });
    await h.fake.waitFor(() => cards().find((m) => JSON.stringify(m).includes('104号')), 10_000);
    await schedule.add('check', {});
    await new Promise((r) => setTimeout(r, 800));
    expect(h.fake.robotMessages(groupKey).filter((m) => JSON.stringify(m).includes('104号'))).toHaveLength(0);

    // Escalations go out in working time, once the alert has waited 24 hours of working days: moved to the first
    // quarter hour when both hold, whatever day and hour the test runs.
    const sentAt = (await leadModel(h.runtime.mongo).findOne({ 'subject.label': /104号/ }).lean())!.alert!.sentAt;
    const calendar = defaultCalendar();
    let at = h.clock.now() + 24 * 3600_000;
    while (!isWorkingTime(new Date(at), h.config.TZ, calendar) || !escalationDue(sentAt, new Date(at), 24, h.config.TZ, calendar)) at += 15 * 60_000;
    h.clock.advance(at - h.clock.now());
    await schedule.add('check', {});
    const escalation = await h.fake.waitFor(() => h.fake.robotMessages(groupKey).find((m) => JSON.stringify(m).includes('104号')), 10_000);
    expect(JSON.stringify(escalation)).toContain('线索超时未处理');
    // The prosecutor it was assigned to is named and @mentioned.
    expect(escalation.body).toMatchObject({ msgtype: 'text', text: { mentioned_list: ['wangjc'] } });
    expect(JSON.stringify(escalation)).toContain('（分派给：王检察官）');
    await schedule.add('check', {});
    await new Promise((r) => setTimeout(r, 800));
    expect(h.fake.robotMessages(groupKey).filter((m) => JSON.stringify(m).includes('104号'))).toHaveLength(1);
    await schedule.close();
  });

  it('switching a rule off stops new leads from it and leaves existing ones alone', async () => {
    const before = await leadModel(h.runtime.mongo).countDocuments({ ruleId: 'R01-fine-unpaid' });
    const set = await changeRule(h.runtime.mongo, 'R01-fine-unpaid', { enabled: false }, 'operator', new Date(h.clock.now()));
    expect(set.version).toBe(2);
    await report('富林罚〔2024〕105号', 200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await leadModel(h.runtime.mongo).countDocuments({ ruleId: 'R01-fine-unpaid' })).toBe(before);
    expect(await leadModel(h.runtime.mongo).countDocuments({ 'subject.label': /105号/ })).toBe(0);
    expect((await leadModel(h.runtime.mongo).findOne({ 'subject.label': /102号/ }).lean())?.ruleVersion).toBe(1);
  });

  it('lists open leads and shows one in full for 线索 and 线索 <编号>, and the statistics for 统计', async () => {
    const before = h.fake.appMessages().length;
    await h.sendText('wangjc', '线索');
    const list = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === 'wangjc'), 15_000).catch(() => { throw new Error('no answer at step list'); });
    expect(JSON.stringify(list)).toContain('待处理线索');
    const lead = await leadModel(h.runtime.mongo).findOne({ 'subject.label': /104号/ }).lean();
    const mark = h.fake.appMessages().length;
    await h.sendText('wangjc', `线索 ${lead!.number}`);
    const detail = await h.fake.waitFor(() => h.fake.appMessages().slice(mark).find((m) => m.touser === 'wangjc'), 15_000).catch(() => { throw new Error('no answer at step detail'); });
    expect(JSON.stringify(detail)).toContain('R01-fine-unpaid');
    expect(JSON.stringify(detail)).toContain('触发数据');
    // Labelled in Chinese, as on the card: no raw fact names or `= undefined`.
    expect(JSON.stringify(detail)).not.toMatch(/ = |undefined|case\.\w+/);
    const mark2 = h.fake.appMessages().length;
    await h.sendText('wangjc', '统计');
    const stats = await h.fake.waitFor(() => h.fake.appMessages().slice(mark2).find((m) => m.touser === 'wangjc'), 15_000).catch(() => { throw new Error('no answer at step stats'); });
    expect(JSON.stringify(stats)).toContain('公益诉讼线索');
    expect(JSON.stringify(stats)).toContain('录入执法案件');
    const mark3 = h.fake.appMessages().length;
    await h.sendText('zhangsan', '线索');
    const refused = await h.fake.waitFor(() => h.fake.appMessages().slice(mark3).find((m) => m.touser === 'zhangsan'), 15_000).catch(() => { throw new Error('no answer at step refused'); });
    expect(JSON.stringify(refused)).toContain('由检察官使用');
  });

  it('withdraws an overdue alert when the receipt date is corrected, and replaces the buttons of its card for every recipient', async () => {
    const ref = '富检行公建[2021]9号';
    const queue = createEvaluationQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
    await queue.request({ subject: { kind: 'recommendation', id: ref }, cause: 'e2e-overdue' });
    const card = await h.fake.waitFor(() => cards().find((m) => JSON.stringify(m).includes('9号') && JSON.stringify(m).includes('逾期')), 10_000);
    const body = card.template_card as { task_id: string; sub_title_text: string; horizontal_content_list: Array<{ keyname: string; value: string }> };
    expect(body.sub_title_text).toContain('发现时状态：已收到');
    expect(body.horizontal_content_list).toContainEqual({ keyname: '发现时状态', value: '已收到' });

    await setReceipt(h.runtime.mongo, ref, { receivedOn: daysAgo(5) }, 'admin', new Date(h.clock.now()));
    await queue.request({ subject: { kind: 'recommendation', id: ref }, cause: 'e2e-corrected' });
    const update = await h.fake.waitFor(() => h.fake.cardUpdates().find((u) => JSON.stringify(u).includes('已撤回')), 10_000);
    expect(update).toMatchObject({ button: { replace_name: '已撤回：数据已更正' } });
    const lead = await leadModel(h.runtime.mongo).findOne({ 'subject.id': ref }).lean();
    expect(lead?.status).toBe('withdrawn');
    expect(lead?.history.at(-1)).toMatchObject({ action: 'withdrawn', detail: { reason: '依据的数据已更正，规则条件不再成立' } });
    await queue.close();
  });

  /**
   * Makes `ref` overdue (received 70 days ago) and waits until its alert card went out and was recorded as sent —
   * before any clock jump: recorded after one, it would look new and its card updatable.
   */
  async function alertOverdue(ref: string, queue: ReturnType<typeof createEvaluationQueue>): Promise<void> {
    await setReceipt(h.runtime.mongo, ref, { receivedOn: daysAgo(70) }, 'admin', new Date(h.clock.now()));
    await queue.request({ subject: { kind: 'recommendation', id: ref }, cause: `e2e-overdue-${ref}` });
    // Generous waits: the evaluation and delivery queues share the machine with the other test files.
    await h.fake.waitFor(() => cards().find((m) => JSON.stringify(m).includes(ref.slice(-9))), 20_000);
    const alertId = new RegExp(`^alert_recommendation_${ref.replace(/[[\]]/g, '\\$&')}`);
    await waitUntil(async () => (await h.runtime.mongo.collection('deliveries').findOne({ _id: { $regex: alertId } as never }))?.state === 'sent', 'the alert recorded as sent', 20_000);
  }

  /** Corrects the receipt of `ref` so that nothing was overdue, and waits for the withdrawal notice by text. */
  async function correctAndAwaitNotice(ref: string, queue: ReturnType<typeof createEvaluationQueue>): Promise<string> {
    await setReceipt(h.runtime.mongo, ref, { receivedOn: daysAgo(5) }, 'admin', new Date(h.clock.now()));
    await queue.request({ subject: { kind: 'recommendation', id: ref }, cause: `e2e-corrected-${ref}` });
    const notice = await h.fake.waitFor(() => h.fake.appMessages().find((m) => m.touser === 'wangjc' && JSON.stringify(m).includes('【线索撤回】') && JSON.stringify(m).includes(ref.slice(-9))), 20_000);
    return JSON.stringify(notice);
  }

  it('tells the recipients by text at once when WeCom refuses to update the card of a withdrawn lead', async () => {
    const ref = '富检行公建[2021]14号';
    const queue = createEvaluationQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
    await alertOverdue(ref, queue);
    // 40058: a parameter WeCom will not take, now or on a retry.
    h.fake.failNext('/cgi-bin/message/update_template_card', { errcode: 40058 });
    // No further evaluation is requested: the text must come from the refused update itself.
    expect(await correctAndAwaitNotice(ref, queue)).toContain('依据的数据已更正，规则条件不再成立');
    const withdrawn = await leadModel(h.runtime.mongo).findOne({ 'subject.id': ref, status: 'withdrawn' }).lean();
    expect(await h.runtime.mongo.collection('deliveries').findOne({ _id: `withdrawn_${withdrawn!._id}`.replace(/:/g, '_') as never })).toMatchObject({ state: 'failed', errcode: 40058 });
    await queue.close();
  });

  it('tells the recipients by text when the card can no longer be updated (its response_code lasts 72 hours)', async () => {
    const ref = '富检行公建[2022]14号';
    const queue = createEvaluationQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
    await alertOverdue(ref, queue);
    const updatesBefore = h.fake.cardUpdates().length;

    h.clock.advance(73 * 3600_000);
    expect(await correctAndAwaitNotice(ref, queue)).toContain('依据的数据已更正，规则条件不再成立');
    expect(h.fake.cardUpdates()).toHaveLength(updatesBefore);
    await queue.close();
  });
});
