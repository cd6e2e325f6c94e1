/**
 * Hostile chat (issue #9, part 3): staff acting on another agency's recommendation, people who may not decide
 * clicking a lead alert card, and operator-looking text in commands. Each is refused politely in Chinese and
 * audited, or taken literally, and never changes a record it should not. test/e2e/rectification.test.ts covers
 * 进度 on another agency's 文号 and test/e2e/leads.test.ts a second click after a decision; these go further.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unknownSenderText } from '../../src/bot/identify.js';
import { auditModel } from '../../src/models/audit.js';
import { caseModel } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { messageLogModel } from '../../src/models/message-log.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { createEvaluationQueue } from '../../src/queue/evaluation-queue.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { buildCallback, eventXml, postCallback } from '../support/wecom-callback.js';
import { captureLogs, collectionsSnapshot, domainCollections, eventually, expectNoSecretIn, quietSchedules, secretsOf, settle } from './hostile-kit.js';

const logs = captureLogs();
const ref14 = '富检行公建[2021]14号'; // 林业局
const ref9 = '富检行公建[2021]9号'; // 林业局
const ref21 = '富检行公建[2021]21号'; // 自然资源局

describe('hostile chat is refused politely, audited, and changes nothing', () => {
  let h: BotHarness;
  let createTime = 0;
  beforeAll(async () => {
    h = await startBotHarness({ logger: logs.logger, env: quietSchedules });
    createTime = Math.floor(h.clock.now() / 1000);
  });
  afterAll(() => h.stop());

  /** What the bot sent to `userid` since message number `from` of the fake's log, as JSON text. */
  const sentTo = (userid: string, from: number) =>
    h.fake.appMessages().slice(from).filter((m) => String(m.touser).split('|').includes(userid)).map((m) => JSON.stringify(m.text ?? m.template_card ?? m));

  /** Posts a message or event, waits until it is handled and its answers are out, and returns them. */
  async function deliver(from: string, post: () => Promise<Response>, sourceId: string): Promise<{ replies: string[]; others: string[]; sourceId: string }> {
    const mark = h.fake.appMessages().length;
    expect((await post()).status).toBe(200);
    await eventually(async () => ((await messageLogModel(h.runtime.mongo).findById(sourceId).lean())?.state === 'handled' ? true : undefined));
    await settle(h);
    const others = h.fake.appMessages().slice(mark).filter((m) => !String(m.touser).split('|').includes(from)).map((m) => JSON.stringify(m));
    return { replies: sentTo(from, mark), others, sourceId };
  }
  const say = (from: string, text: string) => {
    const msgId = newMsgId();
    return deliver(from, () => h.sendText(from, text, msgId), `msg:${msgId}`);
  };
  const click = (from: string, key: string, taskId: string) => {
    createTime += 1;
    const xml = eventXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from, event: 'template_card_event', eventKey: key, taskId, cardType: 'button_interaction', responseCode: h.fake.issueResponseCode(taskId), createTime });
    const callback = buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml, timestamp: String(Math.floor(h.clock.now() / 1000)) });
    return deliver(from, () => postCallback(h.runtime.url!, callback), `evt:${from}:${createTime}:template_card_event:${key}:${taskId}`);
  };
  /** Stored records and the conversation state in Redis (questions, choices, evidence windows). */
  const state = async () => ({
    data: await collectionsSnapshot(h, domainCollections),
    conversations: (await h.runtime.redis.keys(`${h.config.QUEUE_PREFIX}:conv:*`)).sort(),
  });

  /** Sends, then checks: one polite Chinese answer, nobody else told, nothing changed, and a 'refused' audit entry. */
  async function expectRefused(from: string, send: () => Promise<{ replies: string[]; others: string[]; sourceId: string }>, answer: string) {
    await settle(h);
    const before = await state();
    const { replies, others, sourceId } = await send();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(answer);
    expect(others).toEqual([]);
    expect(await state()).toEqual(before);
    const audited = await auditModel(h.runtime.mongo).find({ sourceId, actor: from, outcome: 'refused' }).lean();
    expect(audited).toHaveLength(1);
    return { reply: replies[0]!, audit: audited[0]! };
  }

  describe('a staff member acting on another agency\'s recommendation', () => {
    it.each([
      ['完成 on another agency\'s full 文号', 'lisi', '完成 富检行公建〔2021〕14号 林地已全部恢复', '不是发给贵单位的检察建议，无法报告完成', ref14],
      ['回复 on another agency\'s full 文号', 'lisi', '回复 富检行公建〔2021〕14号 已收回林地381亩', '不是发给贵单位的检察建议，无法提交书面回复', ref14],
      ['查询 of another agency\'s 文号', 'lisi', '查询 富检行公建〔2021〕14号', '不是发给贵单位的检察建议，无法查询', ref14],
      ['完成 written 文号 first', 'qianqi', '富检行公建(2021)21号 已完成整改', '不是发给贵单位的检察建议，无法报告完成', ref21],
      ['进度 with a short number only another agency has open', 'qianqi', '进度 21号 50% 已整改', '不是发给贵单位的检察建议，无法报告进展', ref21],
      ['进度 by an agency admin on another agency\'s 文号', 'zhaoliu', '进度 富检行公建〔2021〕21号 100% 已全部完成', '不是发给贵单位的检察建议，无法报告进展', ref21],
    ])('refuses %s, audits the refusal with both agencies, and reveals nothing of it', async (_label, from, text, answer, ref) => {
      const { reply, audit } = await expectRefused(from, () => say(from, text), answer);
      const rec = (await recommendationModel(h.runtime.mongo).findById(ref).lean())!;
      expect(audit.target).toEqual({ kind: 'recommendation', id: ref });
      expect(audit.reason).toContain(`belongs to agency ${rec.agency}`);
      // Neither its requirements nor its deadline: an agency learns nothing of another's recommendation.
      expect(reply).not.toContain(rec.requirements.slice(0, 8));
      expect(reply).not.toContain('整改要求');
    });

    it('takes back nothing of another agency when its staff member sends 撤回', async () => {
      const { replies } = await say('zhangsan', `进度 ${ref14} 35% 清理违建3处`);
      expect(replies.join()).toContain('已记录');
      const before = await state();
      const { replies: answer } = await say('lisi', '撤回');
      expect(answer).toEqual([expect.stringContaining('您没有可以撤回的更新')]);
      expect((await state()).data).toEqual(before.data);
      expect((await recommendationModel(h.runtime.mongo).findById(ref14).lean())?.percent).toBe(35);
    });
  });

  describe('a click on a lead alert card by someone who may not decide', () => {
    let lead: LeadRecord;
    beforeAll(async () => {
      // The seeded 自然资源局 case has an unpaid fine decided 130 days ago: rule R01 raises a lead and alerts 王检察官.
      const subject = (await caseModel(h.runtime.mongo).findOne({ agency: 'ziran' }).lean())!;
      const redis = createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true });
      const evaluations = createEvaluationQueue(redis, h.config.QUEUE_PREFIX);
      await evaluations.request({ subject: { kind: 'case', id: subject._id }, cause: 'hostile-chat' });
      lead = await eventually(async () => (await leadModel(h.runtime.mongo).findOne({ 'subject.id': subject._id, 'alert.taskId': { $exists: true } }).lean()) ?? undefined);
      await evaluations.close();
      await redis.quit();
      await settle(h);
      expect(lead.alert?.recipients).toEqual(['wangjc']);
    });

    it.each([
      ['zhangsan', 'a staff member of another agency'],
      ['lisi', 'a staff member of the agency the lead is about'],
      ['zhaoliu', 'an agency admin'],
    ])('answers %s (%s) that leads are for prosecutors, audits it, and leaves the lead and the card as they were', async (userid) => {
      for (const action of ['accept', 'reject', 'criminal', 'supervision']) {
        const updates = h.fake.cardUpdates().length;
        const { audit } = await expectRefused(userid, () => click(userid, `lead:${lead._id}:${action}`, lead.alert!.taskId), '线索由检察官处理，您无权操作。');
        expect(audit).toMatchObject({ action: 'lead.decide', target: { kind: 'lead', id: lead._id } });
        expect(h.fake.cardUpdates()).toHaveLength(updates);
      }
      expect((await leadModel(h.runtime.mongo).findById(lead._id).lean())).toMatchObject({ status: 'open' });
    });

    it('answers an unregistered WeCom user with whom to contact, audits it, and leaves the lead open', async () => {
      h.fake.addUser({ userid: 'outsider', name: '外部人员' });
      const updates = h.fake.cardUpdates().length;
      const { reply, audit } = await expectRefused('outsider', () => click('outsider', `lead:${lead._id}:accept`, lead.alert!.taskId), unknownSenderText(h.config.ADMIN_CONTACT));
      expect(reply).toContain('尚未登记');
      expect(audit).toMatchObject({ action: 'identify', reason: 'unknown userid' });
      expect(h.fake.cardUpdates()).toHaveLength(updates);
      expect((await leadModel(h.runtime.mongo).findById(lead._id).lean())?.status).toBe('open');
    });
  });

  describe('operator-looking text in commands', () => {
    it.each([
      ['查询 {"$gt": ""}', '您要查询的是哪一份检察建议'],
      ['进度 {"$ne":null} 50%', '您要报告进展的是哪一份检察建议'],
      ['完成 {"$regex":".*"} 全部完成', '您要报告完成的是哪一份检察建议'],
      ['查询 .*', '您要查询的是哪一份检察建议'],
    ])('answers 「%s」 by asking which of the sender\'s own recommendations it means, recording nothing', async (text, question) => {
      const before = await collectionsSnapshot(h, domainCollections);
      const { replies, others } = await say('zhangsan', text);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toContain(question);
      expect(replies[0]).toContain('14号');
      // Only 林业局's own recommendations are offered: an operator never widened the lookup to other agencies.
      expect(replies[0]).not.toContain('21号');
      expect(others).toEqual([]);
      expect(await collectionsSnapshot(h, domainCollections)).toEqual(before);
    });

    it('reviews nothing when a prosecutor sends 验收 with an operator instead of a 文号', async () => {
      await say('zhangsan', `完成 ${ref9} 已追缴全部费用`);
      expect((await recommendationModel(h.runtime.mongo).findById(ref9).lean())?.status).toBe('completed');
      const before = await collectionsSnapshot(h, domainCollections);
      for (const text of ['验收 {"$ne":null}', '验收 {"$gt":""} 同意', '退回 {"$regex":".*"} 材料不全']) {
        const { replies } = await say('wangjc', text);
        expect(replies, text).toEqual([expect.stringContaining('请写明要')]);
      }
      expect(await collectionsSnapshot(h, domainCollections)).toEqual(before);
    });

    it('shows no lead when a prosecutor sends 线索 with an operator instead of a number', async () => {
      const { replies } = await say('wangjc', '线索 {"$gt":""}');
      expect(replies).toHaveLength(1);
      expect(replies[0]).not.toContain('触发数据');
      expect(replies[0]).not.toContain('XS-');
    });

    it('records a $where in the measures literally, on the one recommendation named, and nothing else', async () => {
      const measures = '{"$where":"sleep(5000) || true"}';
      const others = async () => (await recommendationModel(h.runtime.mongo).find({ _id: { $ne: ref14 } }).sort({ _id: 1 }).lean());
      const before = await others();
      const { replies, sourceId } = await say('zhangsan', `进度 ${ref14} 40% ${measures}`);
      expect(replies.join()).toContain(`已记录 ${ref14} 的整改进展`);
      expect(await progressModel(h.runtime.mongo).findById(sourceId).lean()).toMatchObject({ recommendation: ref14, percent: 40, measures });
      expect(await others()).toEqual(before);
    });

    it('registers a case whose 案号 looks like an operator as a new case with that literal number, matching no existing one', async () => {
      const before = await caseModel(h.runtime.mongo).find().sort({ _id: 1 }).lean();
      const { replies } = await say('zhangsan', '上报\n案号：{"$ne":null}\n当事人：某木业公司\n违法事实：滥伐林木');
      expect(replies.join()).toContain('已登记行政执法案件');
      expect(replies.join()).not.toContain('已上报过');
      const after = await caseModel(h.runtime.mongo).find().sort({ _id: 1 }).lean();
      expect(after.filter((c) => !before.some((b) => b._id === c._id))).toEqual([expect.objectContaining({ caseNumber: '{"$ne":null}', agency: 'linye', party: '某木业公司' })]);
      expect(after.filter((c) => before.some((b) => b._id === c._id))).toEqual(before);
    });
  });

  it('wrote no secret to the logs during all of the above', () => {
    expect(logs.entries().length).toBeGreaterThan(20);
    expectNoSecretIn(logs.text(), secretsOf(h));
  });
});
