/**
 * Round 9 (inject): a card click whose TaskId is another lead's card, a group message that @mentions a colleague
 * besides the bot, a colleague's @mention in the measures, and a staff userid meaning everyone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditModel } from '../../src/models/audit.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { progressModel } from '../../src/models/progress.js';
import { staffModel } from '../../src/models/staff.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { raiseFineLead } from '../support/fine-lead.js';
import { buildCallback, eventXml, postCallback } from '../support/wecom-callback.js';

describe('round 9: what agency staff and forged callbacks put in front of others', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true, env: { API_TOKENS: apiTokensEnv } });
  });
  afterAll(() => h.stop());

  /** Every reply the bot made to a long-connection request, as one text. */
  async function answerTo(reqId: string): Promise<string> {
    await h.fake.bot.waitForReply(reqId, 20_000);
    await new Promise((r) => setTimeout(r, 700));
    return h.fake.bot.replies(reqId).map((reply) => (reply.body as { stream?: { content?: string } }).stream?.content ?? JSON.stringify(reply.body)).join('\n');
  }
  const group = { chatid: 'wrgroup01', chattype: 'group' as const };
  const updatesOf14 = () => progressModel(h.runtime.mongo).countDocuments({ recommendation: /14号/ });

  describe('a lead card click (m1)', () => {
    /** Posts a click on the card `taskId` with the key of `target`'s decision, and returns the text answer to `from`. */
    async function click(from: string, target: LeadRecord, action: string, taskId: string): Promise<string> {
      const xml = eventXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from, event: 'template_card_event', eventKey: `lead:${target._id}:${action}`, taskId, cardType: 'button_interaction', responseCode: h.fake.issueResponseCode(taskId), createTime: Math.floor(h.clock.now() / 1000) + Math.floor(Math.random() * 1e6) });
      const before = h.fake.appMessages().length;
      await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml }));
      const answer = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === from && m.msgtype === 'text'), 15_000);
      return (answer.text as { content: string }).content;
    }

    it('refuses a click whose card is another lead\'s: nothing decided, no card updated, the refusal audited', async () => {
      const a = await raiseFineLead(h, 'zhangsan', '富林罚〔2024〕911号', '甲木业公司');
      const b = await raiseFineLead(h, 'zhangsan', '富林罚〔2024〕912号', '乙木业公司');
      const updatesBefore = h.fake.cardUpdates().length;
      const answer = await click('wangjc', b, 'accept', a.alert!.taskId);
      expect(answer).toContain('与所在的线索提醒卡片不符，未作任何处理');
      await new Promise((r) => setTimeout(r, 500));
      expect(h.fake.cardUpdates()).toHaveLength(updatesBefore);
      const stored = await leadModel(h.runtime.mongo).find({ _id: { $in: [a._id, b._id] } }, { status: 1 }).lean();
      expect(stored.map((l) => l.status)).toEqual(['open', 'open']);
      expect(await auditModel(h.runtime.mongo).findOne({ action: 'lead.decide', outcome: 'refused', 'target.id': b._id }).lean()).toMatchObject({ actor: 'wangjc' });
      // The click on B's own card decides B.
      expect(await click('wangjc', b, 'accept', b.alert!.taskId)).toContain(`已记录：线索 ${b.number}「受理」`);
    });
  });

  describe('a group message that @mentions a colleague (m3)', () => {
    it('records nothing and sends no card for a question to a colleague, and says why', async () => {
      const before = await updatesOf14();
      h.clock.advance(1000);
      const { reqId } = h.fake.bot.sendText({ userid: 'zhaoliu', ...group, content: '@衔接助手 @张三 14号现在进度多少了？你报一下60%还是70%' });
      const answer = await answerTo(reqId);
      expect(answer).toContain('这条消息同时@了其他同事，衔接助手没有记录');
      expect(answer).not.toContain('请选择');
      expect(h.fake.bot.replies(reqId).some((reply) => JSON.stringify(reply.body).includes('template_card'))).toBe(false);
      expect(await updatesOf14()).toBe(before);
    });

    it('still takes a command addressed to the bot with a colleague mentioned', async () => {
      h.clock.advance(1000);
      const answer = await answerTo(h.fake.bot.sendText({ userid: 'zhaoliu', ...group, content: '@衔接助手 @张三 查询 富检行公建〔2021〕9号' }).reqId);
      expect(answer).toContain('督促追缴森林植被恢复费');
      expect(answer).not.toContain('同时@了其他同事');
    });

    it('keeps a colleague\'s @mention out of the recorded measures', async () => {
      h.clock.advance(1000);
      const answer = await answerTo(h.fake.bot.sendText({ userid: 'zhangsan', ...group, content: '@衔接助手 进度 富检行公建〔2021〕9号 60% 已补植 @赵六 请核对' }).reqId);
      expect(answer).toContain('已记录');
      const [latest] = await progressModel(h.runtime.mongo).find({ recommendation: '富检行公建[2021]9号' }).sort({ createdAt: -1 }).limit(1).lean();
      expect([latest?.percent, latest?.measures]).toEqual([60, '已补植 请核对']);
    });
  });

  describe('a staff userid meaning everyone (m4)', () => {
    it('refuses all and @all as a binding over the API, with a message that says why', async () => {
      for (const userid of ['all', '@all', 'ALL']) {
        const response = await fetch(`${h.runtime.url}/api/staff`, {
          method: 'POST', headers: { authorization: `Bearer ${apiTokens.linyeAdmin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ userid, name: '全体', role: 'staff' }),
        });
        expect(response.status, userid).toBe(400);
        expect(((await response.json()) as { message: string }).message).toContain('代表全体成员');
      }
      expect(await staffModel(h.runtime.mongo).countDocuments({ _id: { $in: ['all', '@all', 'ALL'] } })).toBe(0);
    });
  });
});
