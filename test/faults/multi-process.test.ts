import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/due-date.js';
import { localDate } from '../../src/calendar/local-date.js';
import { caseModel } from '../../src/models/case.js';
import { deliveryModel } from '../../src/models/delivery.js';
import { leadModel } from '../../src/models/lead.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { queueNames } from '../../src/queue/names.js';
import { auditAppDeliveries } from '../support/delivery-audit.js';
import { freshMsgId, postMessage, startDeployment, textMessageXml, type Deployment, type NodeBotProcess } from '../support/deployment.js';
import { waitUntil } from '../support/wait-until.js';

const caseNumber = '富林罚〔2026〕901号';

/** The mixed load: commands from several staff of three agencies and a prosecutor, and a case report that raises a lead. */
function mixedLoad(): Array<{ from: string; text: string; id: string; progressOf?: string }> {
  const decided = addDays(localDate(new Date(), 'Asia/Shanghai'), -100); // unpaid 100 days after the decision: rule R01
  const report = `上报\n案号：${caseNumber}\n当事人：某木业有限公司\n违法事实：滥伐林木\n罚款：5000元\n日期：${decided}`;
  return [
    { from: 'zhangsan', text: '进度 富检行公建〔2021〕14号 60% 已恢复林地120亩', progressOf: '富检行公建[2021]14号' },
    { from: 'zhaoliu', text: '进度 富检行公建〔2022〕14号 30% 清理违规合同5份', progressOf: '富检行公建[2022]14号' },
    { from: 'lisi', text: '进度 富检行公建〔2021〕21号 50% 查处非法采矿2起', progressOf: '富检行公建[2021]21号' },
    { from: 'zhaoliu', text: '进度 富检行公建〔2021〕9号 40% 追缴植被恢复费10万元', progressOf: '富检行公建[2021]9号' },
    { from: 'zhangsan', text: '帮助' }, { from: 'lisi', text: '帮助' }, { from: 'qianqi', text: '帮助' }, { from: 'wangjc', text: '帮助' },
    { from: 'zhangsan', text: '待办' }, { from: 'lisi', text: '待办' }, { from: 'qianqi', text: '待办' },
    { from: 'zhangsan', text: report },
  ].map((m) => ({ ...m, id: freshMsgId() }));
}

/**
 * Models a scaled-out deployment (issue #9 part 4): two web processes behind a load balancer and two worker processes,
 * one Redis and one MongoDB. WeCom retries a callback it thinks went unanswered, and a retry may land on the other web
 * process, even while the first delivery is still being handled. Whatever process receives or runs what, every
 * message is recorded once, answered once, and a lead is raised and alerted once.
 */
describe('two web and two worker processes under a mixed load with duplicate deliveries', () => {
  let d: Deployment;
  let webs: NodeBotProcess[];
  beforeAll(async () => {
    d = await startDeployment({ label: 'multiproc' });
    webs = await Promise.all([d.start('web'), d.start('web')]);
    await Promise.all([d.start('worker'), d.start('worker')]);
  }, 120_000);
  afterAll(() => d?.stop());

  it('records, answers and alerts everything exactly once', async () => {
    const load = mixedLoad();
    // Every callback reaches both web processes at once (WeCom's retry racing the first delivery).
    const statuses = await Promise.all(load.flatMap((m) => webs.map((w) => postMessage(w.url!, textMessageXml(m.from, m.text, m.id)))));
    expect(statuses).toEqual(statuses.map(() => 200));

    const ids = load.map((m) => `msg:${m.id}`);
    const log = messageLogModel(d.mongo);
    await waitUntil(async () => (await log.countDocuments({ _id: { $in: ids }, state: 'handled' })) === ids.length, 'every message handled', 60_000);
    // A late retry of the case report, after it was handled, to each web process.
    const report = load.at(-1)!;
    expect(await Promise.all(webs.map((w) => postMessage(w.url!, textMessageXml(report.from, report.text, report.id))))).toEqual([200, 200]);

    const leads = leadModel(d.mongo);
    const reported = await waitUntil(() => caseModel(d.mongo).find({ caseNumber }).lean().then((c) => (c.length ? c : undefined)), 'the case recorded', 20_000);
    await waitUntil(() => leads.findOne({ 'subject.id': reported[0]!._id, 'alert.taskId': { $exists: true } }).lean(), 'the lead raised and alerted', 30_000);
    await waitUntil(async () => {
      for (const name of [queueNames.inbound, queueNames.evaluateLeads, queueNames.deliver]) {
        const counts = await d.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).some((n) => n > 0)) return false;
      }
      return true;
    }, 'every queue drained', 30_000);

    // Message log: one record per MsgId, handled.
    const records = await log.find({}).lean();
    expect(records.map((r) => r._id).sort()).toEqual([...ids].sort());
    expect(records.every((r) => r.state === 'handled')).toBe(true);

    // Records: one progress update per progress message, one history entry each; one case; one lead, alerted once.
    for (const m of load.filter((l) => l.progressOf)) {
      expect(await progressModel(d.mongo).find({ _id: `msg:${m.id}` }).lean(), m.text).toHaveLength(1);
      const rec = await recommendationModel(d.mongo).findById(m.progressOf!).lean();
      expect(rec?.history.filter((c) => c.sourceId === `msg:${m.id}`), m.text).toHaveLength(1);
    }
    expect(await progressModel(d.mongo).countDocuments({})).toBe(4);
    expect(reported).toHaveLength(1);
    expect(await leads.find({ 'subject.id': reported[0]!._id }).lean()).toMatchObject([{ ruleId: expect.stringMatching(/^R01/) }]);
    const cards = d.fake.appMessages().filter((m) => m.msgtype === 'template_card');
    const allLeads = await leads.find({}).lean();
    for (const lead of allLeads) {
      expect(cards.filter((c) => (c.template_card as { task_id: string }).task_id === lead.alert?.taskId), lead.number).toHaveLength(1);
    }
    expect(cards.filter((c) => c.touser === 'wangjc' && JSON.stringify(c).includes('901号'))).toHaveLength(1);

    // Replies: each message's answers queued once (ids derive from the MsgId) and each reached WeCom once.
    const deliveries = await deliveryModel(d.mongo).find({}).lean();
    for (const m of load) {
      const record = records.find((r) => r._id === `msg:${m.id}`)!;
      const answers = deliveries.filter((x) => x.source === `msg:${m.id}`);
      expect(answers.map((a) => a._id).sort(), m.text).toEqual(Array.from({ length: record.replies! }, (_, i) => `msg_${m.id}#out${i}`));
      expect(answers.filter((a) => a.target === m.from), m.text).toHaveLength(1);
    }
    const audit = await auditAppDeliveries(d.fake, d.mongo);
    expect(audit.deliveries.every((x) => x.state === 'sent')).toBe(true);
    expect(audit.accepted.sort()).toEqual(audit.recorded.sort());
    expect(audit.accepted).toHaveLength(records.reduce((n, r) => n + r.replies!, 0) + allLeads.length);
    for (const from of new Set(load.map((m) => m.from))) {
      const expected = deliveries.filter((x) => x.channel === 'app' && x.target === from).length;
      expect(d.fake.appMessages().filter((m) => m.touser === from), from).toHaveLength(expected);
    }
  }, 120_000);
});
