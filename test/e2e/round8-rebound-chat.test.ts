import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindStaff, unbindStaff } from '../../src/admin/registry.js';
import { auditModel } from '../../src/models/audit.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { progressModel } from '../../src/models/progress.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { staffModel, type StaffRecord } from '../../src/models/staff.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo } from '../support/chat.js';
import { raiseFineLead } from '../support/fine-lead.js';
import { buildCallback, eventXml, postCallback } from '../support/wecom-callback.js';

const ref9 = '富检行公建[2021]9号';
const ref21 = '富检行公建[2021]21号';

/**
 * People rebound while a conversation is open (seed/demo.json: 林业局 zhangsan staff and zhaoliu agency_admin,
 * 自然资源局 lisi, prosecutors wangjc for 林业局 and lijc): what they were asked, the evidence window, held photos and
 * 撤回 belong to the role and agency they had then, and act on nothing once those changed.
 */
describe('rebound and unbound users in chat (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  const now = () => new Date(h.clock.now());
  const say = (from: string, text: string) => sayTo(h, from, text);

  /** Runs `body` with `userid` rebound as given, then puts their seeded binding back. */
  async function rebound(userid: string, as: { role: StaffRecord['role']; agency?: string }, body: () => Promise<void>): Promise<void> {
    const original = (await staffModel(h.runtime.mongo).findById(userid).lean())!;
    await bindStaff(h.runtime.mongo, { userid, name: original.name, ...as }, 'test', now());
    try {
      await body();
    } finally {
      await staffModel(h.runtime.mongo).replaceOne({ _id: userid }, original);
    }
  }

  /** Reports a case with a fine unpaid for 120 days (rule R01) and waits until the lead's alert card was sent. */
  let serial = 800;
  function raiseLead(): Promise<LeadRecord> {
    return raiseFineLead(h, 'zhangsan', `富林罚〔2024〕${++serial}号`, `${serial}号公司`);
  }

  async function click(from: string, target: LeadRecord, action: string): Promise<string> {
    const taskId = target.alert!.taskId;
    h.clock.advance(1000);
    const xml = eventXml({ corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, from, event: 'template_card_event', eventKey: `lead:${target._id}:${action}`, taskId, cardType: 'button_interaction', responseCode: h.fake.issueResponseCode(taskId), createTime: Math.floor(h.clock.now() / 1000) });
    const before = h.fake.appMessages().length;
    await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml, timestamp: String(Math.floor(h.clock.now() / 1000)) }));
    const answer = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === from && m.msgtype === 'text'), 15_000);
    return (answer.text as { content: string }).content;
  }

  /** Sends a photo with these bytes and returns the bot's answer to the sender. */
  async function sendPhoto(from: string, bytes: string): Promise<string> {
    const mediaId = h.fake.addMedia({ bytes: Buffer.from(bytes), filename: 'photo.jpg' });
    h.clock.advance(1000);
    const xml = `<xml><ToUserName><![CDATA[${h.config.WECOM_CORP_ID}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${Math.floor(h.clock.now() / 1000)}</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://p]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId><MsgId>${newMsgId()}</MsgId><AgentID>${h.config.WECOM_AGENT_ID}</AgentID></xml>`;
    const before = h.fake.appMessages().length;
    const answers = () => h.fake.appMessages().slice(before).filter((m) => m.touser === from).map((m) => JSON.stringify(m.text ?? m));
    const posted = await postCallback(h.runtime.url!, buildCallback({ token: h.config.WECOM_TOKEN, aesKey: h.config.WECOM_ENCODING_AES_KEY, corpId: h.config.WECOM_CORP_ID, agentId: h.config.WECOM_AGENT_ID, xml, timestamp: String(Math.floor(h.clock.now() / 1000)) }));
    expect(posted.status).toBe(200);
    await h.fake.waitFor(() => answers().length > 0 || undefined, 10_000);
    await new Promise((r) => setTimeout(r, 150));
    return answers().join('\n');
  }

  const updates = (ref: string) => progressModel(h.runtime.mongo).find({ recommendation: ref }).sort({ createdAt: 1 }).lean();
  const refusals = (actor: string, action: string) => auditModel(h.runtime.mongo).find({ actor, action, outcome: 'refused' }).lean();

  // First: the leads below are raised by zhangsan's 上报, after which his photos are kept off updates for 30 minutes.
  describe('staff rebound within the evidence and 撤回 windows', () => {
    it('does not attach a photo held at the old agency to an update at the new one', async () => {
      h.clock.advance(31 * 60_000);
      expect(await sendPhoto('zhangsan', 'JPEG-linye-site-held')).toContain('还没有保存');
      await rebound('zhangsan', { role: 'staff', agency: 'ziran' }, async () => {
        const answer = await say('zhangsan', `进度 ${ref21} 30% 已关停矿点1处`);
        expect(answer).toContain(`已记录 ${ref21} 的整改进展`);
        expect(answer).toContain('您之前发送的 1 张照片或文件是在登记为其他单位人员时发送的，没有附到这条进展上');
      });
      const [update] = await updates(ref21);
      expect(update?.author).toBe('zhangsan');
      expect(update?.evidence).toEqual([]);
    });

    it('neither attaches a photo to, nor takes back, the old agency\'s update after a move to another agency', async () => {
      h.clock.advance(31 * 60_000);
      expect(await say('zhangsan', `进度 ${ref9} 50% 已追缴部分植被恢复费`)).toContain('已记录');
      await rebound('zhangsan', { role: 'staff', agency: 'ziran' }, async () => {
        const photo = await sendPhoto('zhangsan', 'JPEG-after-move');
        expect(photo).not.toContain(ref9);
        expect(photo).toContain('还没有保存');
        const undo = await say('zhangsan', '撤回');
        expect(undo).toContain(`无法撤回：您最近一条更新（${ref9}，`);
        expect(undo).toContain('是为富阳区林业局报告的，您的账号现已不再登记为该单位人员');
      });
      const nine = (await updates(ref9)).filter((u) => u.author === 'zhangsan');
      expect(nine.at(-1)).toMatchObject({ percent: 50, evidence: [] });
      expect(nine.at(-1)?.revoked).toBeUndefined();
      expect(await recommendationModel(h.runtime.mongo).findById(ref9).lean()).toMatchObject({ percent: 50 });
      expect((await refusals('zhangsan', 'progress.revoke')).map((a) => a.reason)).toEqual([expect.stringContaining('sender is staff of ziran')]);
      // Back at 林业局 within the window, the update is theirs again: 撤回 takes it back.
      expect(await say('zhangsan', '撤回')).toContain(`已撤回您对 ${ref9} 的上一条更新`);
    });

    it('neither attaches a photo to, nor takes back, the agency\'s update after a move to prosecutor', async () => {
      h.clock.advance(31 * 60_000);
      expect(await say('zhaoliu', `进度 ${ref9} 70% 已追缴大部分`)).toContain('已记录');
      await rebound('zhaoliu', { role: 'prosecutor' }, async () => {
        const photo = await sendPhoto('zhaoliu', 'JPEG-by-prosecutor');
        expect(photo).toContain('没有可以附上的进展');
        expect(photo).not.toContain(ref9);
        expect(await say('zhaoliu', '撤回')).toContain('无法撤回');
      });
      const last = (await updates(ref9)).filter((u) => u.author === 'zhaoliu').at(-1);
      expect(last).toMatchObject({ percent: 70, evidence: [] });
      expect(last?.revoked).toBeUndefined();
      expect(await recommendationModel(h.runtime.mongo).findById(ref9).lean()).toMatchObject({ percent: 70 });
      expect((await refusals('zhaoliu', 'progress.revoke')).map((a) => a.reason)).toEqual([expect.stringContaining('sender is prosecutor')]);
    });
  });

  describe('a prosecutor rebound as agency staff while a 不予受理 reason is asked', () => {
    it('records no reason from their answer, says why, and asks no more', async () => {
      const lead = await raiseLead();
      expect(await click('wangjc', lead, 'reject')).toContain('请直接回复不予受理的理由');
      await rebound('wangjc', { role: 'staff', agency: 'linye' }, async () => {
        const answer = await say('wangjc', '当事人已整改，不符合受理条件');
        expect(answer).toContain(`这条消息没有作为线索 ${lead.number} 不予受理的理由记录：您的账号现登记为执法单位人员，线索由检察官处理。`);
        expect(answer).not.toContain('已记录');
        // The question was dropped: the next words are not read as the reason either, nor asked about again.
        const next = await say('wangjc', '当事人已经整改到位了');
        expect(next).not.toContain(lead.number);
      });
      const stored = await leadModel(h.runtime.mongo).findById(lead._id).lean();
      expect(stored?.decision).toMatchObject({ action: 'reject', by: 'wangjc' });
      expect(stored?.decision?.reason).toBeUndefined();
      expect(stored?.history.some((entry) => entry.action === 'reason')).toBe(false);
      expect(await refusals('wangjc', 'lead.reason')).toEqual([expect.objectContaining({ reason: 'role staff', target: { kind: 'lead', id: lead._id } })]);
    });

    it('reads a command of theirs as usual, dropping the question', async () => {
      const lead = await raiseLead();
      await click('wangjc', lead, 'reject');
      await rebound('wangjc', { role: 'staff', agency: 'linye' }, async () => {
        expect(await say('wangjc', '待办')).toContain(ref9);
        expect(await say('wangjc', '理由是当事人已经整改')).not.toContain('已记录');
      });
      expect((await leadModel(h.runtime.mongo).findById(lead._id).lean())?.decision?.reason).toBeUndefined();
    });

    it('tells them, when they type a decision, that lead decisions are for prosecutors', async () => {
      const lead = await raiseLead();
      await rebound('wangjc', { role: 'staff', agency: 'linye' }, async () => {
        const accept = await say('wangjc', `受理 ${lead.number}`);
        expect(accept).toContain('线索的「受理」等决定由检察官作出，您无权操作，本条没有记录。');
        expect(accept).not.toContain('「线索」「统计」');
        expect(await say('wangjc', `不予受理 ${lead.number} 理由改一下`)).toContain('线索的「不予受理」等决定由检察官作出');
        expect(await say('wangjc', `转刑事线索 ${lead.number}`)).toContain('线索的「转刑事线索」等决定由检察官作出');
      });
      expect((await leadModel(h.runtime.mongo).findById(lead._id).lean())?.status).toBe('open');
    });
  });

  it('tells an unbound user their registration was ended and whom to contact, not that they never registered', async () => {
    await unbindStaff(h.runtime.mongo, 'lijc', 'test', now());
    try {
      const answer = await say('lijc', '线索');
      expect(answer).toContain('您在衔接平台的登记已停用（账号已解除绑定）');
      expect(answer).toContain(`请联系${h.config.ADMIN_CONTACT}恢复登记`);
      expect(answer).not.toContain('尚未登记');
      // Never bound: still told to register.
      h.fake.addUser({ userid: 'stranger01', name: '外部人员' });
      expect(await say('stranger01', '你好')).toContain('尚未登记为衔接平台用户');
    } finally {
      await staffModel(h.runtime.mongo).updateOne({ _id: 'lijc' }, { $set: { active: true } });
    }
  });

  it('tells staff that a caption naming another agency\'s recommendation cannot carry its photos', async () => {
    const answer = await say('zhangsan', '21号现场照片如下');
    expect(answer).toContain('「21号」不是发给贵单位的检察建议，照片不能作为它的整改证据，这条消息没有记录。');
    expect(answer).not.toContain('进度 21号');
    // Their own recommendation still gets the advice to report first.
    expect(await say('zhangsan', '9号现场照片如下')).toContain(`请先发送「进度 9号 <百分比> <措施>」`);
  });
});
