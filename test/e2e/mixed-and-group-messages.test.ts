import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadModel } from '../../src/models/lead.js';
import { caseModel } from '../../src/models/case.js';
import { progressModel } from '../../src/models/progress.js';
import { startBotHarness, newMsgId, type BotHarness } from '../support/bot-harness.js';

const ref21 = '富检行公建[2021]21号';

/** The first bytes of a real JPEG, then `tail` so each photo has its own hash. */
function jpeg(tail: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF\0${tail}`)]);
}

describe('text with photos in one message, and group chats (long connection)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ longConnection: true });
  });
  afterAll(() => h.stop());

  /** Every reply the bot made to a long-connection request, as one text. */
  async function answerTo(reqId: string): Promise<string> {
    await h.fake.bot.waitForReply(reqId, 20_000);
    await new Promise((r) => setTimeout(r, 700));
    return h.fake.bot.replies(reqId).map((reply) => (reply.body as { stream?: { content?: string } }).stream?.content ?? JSON.stringify(reply.body)).join('\n');
  }
  const updates = () => progressModel(h.runtime.mongo).find({ recommendation: ref21 }).sort({ createdAt: 1 }).lean();
  const group = { chatid: 'wr-ziran-group', chattype: 'group' as const };

  it('records the update a group message states and keeps its photo as that update\'s evidence', async () => {
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendText({ userid: 'lisi', content: '进度 富检行公建〔2021〕21号 30% 已关停矿点3处' }).reqId)).toContain('已记录');
    h.clock.advance(1000);
    const { reqId } = h.fake.bot.sendMixed({ userid: 'lisi', ...group, content: '@衔接助手 进度 富检行公建〔2021〕21号 50% 已关停矿点5处，照片如下', images: [jpeg('fifty')] });
    const answer = await answerTo(reqId);
    expect(answer).toContain('50%');
    expect(answer).toMatch(/已将(?:照片|文件)作为证据附在 富检行公建\[2021\]21号 的进展（进度 50%/);
    const [thirty, fifty] = (await updates()).slice(-2);
    expect([thirty?.percent, thirty?.evidence.length]).toEqual([30, 0]);
    expect([fifty?.percent, fifty?.evidence.length]).toEqual([50, 1]);
  });

  it('keeps a photo off an earlier update when the text with it recorded nothing: held for that update, dropped on 取消, and says so', async () => {
    const before = (await updates()).length;
    h.clock.advance(1000);
    const answer = await answerTo(h.fake.bot.sendMixed({ userid: 'lisi', ...group, content: '@衔接助手 进度 富检行公建〔2021〕21号 已关停矿点6处', images: [jpeg('no-figure')] }).reqId);
    expect(answer).toContain('请补充整改进度');
    expect(answer).toContain('暂未保存');
    const after = await updates();
    expect(after).toHaveLength(before);
    expect(after.at(-1)?.evidence).toHaveLength(1);
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendText({ userid: 'lisi', ...group, content: '@衔接助手 取消' }).reqId)).toContain('之前暂存的 1 张照片或文件也没有保存');
    expect((await updates()).at(-1)?.evidence).toHaveLength(1);
  });

  it('reads an answer in a group without the bot\'s name before it: a missing party, and 确认 of a question', async () => {
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendText({ userid: 'lisi', ...group, content: '@衔接助手 上报 案号：富自然罚〔2026〕82号 违法事实：擅自开采' }).reqId)).toContain('当事人');
    expect(await answerTo(h.fake.bot.sendText({ userid: 'lisi', ...group, content: '@衔接助手 某木材厂' }).reqId)).toContain('已登记行政执法案件');
    expect((await caseModel(h.runtime.mongo).findOne({ caseNumber: '富自然罚〔2026〕82号' }).lean())?.party).toBe('某木材厂');
    // 富林罚 is 林业局's 字号 (seed/demo.json): asked, and confirmed with the bot's name before the answer.
    h.clock.advance(1000);
    expect(await answerTo(h.fake.bot.sendText({ userid: 'lisi', ...group, content: '@衔接助手 上报 案号：富林罚〔2026〕83号 当事人：某石料厂 违法事实：擅自开采' }).reqId)).toContain('这次还没有登记');
    expect(await answerTo(h.fake.bot.sendText({ userid: 'lisi', ...group, content: '@衔接助手 确认' }).reqId)).toContain('已登记行政执法案件');
    expect(await caseModel(h.runtime.mongo).findOne({ caseNumber: '富林罚〔2026〕83号' }).lean()).toMatchObject({ agency: 'ziran' });
  });

  it('answers a prosecutor\'s command in a group privately, and tells the group only that it did', async () => {
    h.clock.advance(1000);
    const before = h.fake.appMessages().length;
    const answer = await answerTo(h.fake.bot.sendText({ userid: 'wangjc', ...group, content: '@衔接助手 线索' }).reqId);
    expect(answer).toBe('已通过应用消息私下回复您（检察院的工作信息不在群里显示）。');
    const sent = await h.fake.waitFor(() => h.fake.appMessages().slice(before).find((m) => m.touser === 'wangjc'), 10_000);
    expect(JSON.stringify(sent)).toContain('待处理线索');
  });

  it('answers agency staff privately in a group that is not their agency\'s registered group (a joint group)', async () => {
    h.clock.advance(1000);
    const before = h.fake.appMessages().length;
    // lisi is 自然资源局's; wr-joint-group is registered to no agency, wrgroup01 to 林业局 (seed/demo.json).
    for (const chatid of ['wr-joint-group', 'wrgroup01']) {
      const answer = await answerTo(h.fake.bot.sendText({ userid: 'lisi', chatid, chattype: 'group', content: '@衔接助手 待办' }).reqId);
      expect(answer).toBe('已通过应用消息私下回复您（本群不是登记的本单位工作群，案件和检察建议的信息不在群里显示）。');
    }
    const privateAnswers = () => h.fake.appMessages().slice(before).filter((m) => m.touser === 'lisi' && JSON.stringify(m).includes('富检行公建[2021]21号'));
    await h.fake.waitFor(() => privateAnswers().length >= 2 || undefined, 10_000);
    expect(privateAnswers()).toHaveLength(2);
    // In its own group (wr-ziran-group) the same question is answered there.
    expect(await answerTo(h.fake.bot.sendText({ userid: 'lisi', ...group, content: '@衔接助手 待办' }).reqId)).toContain('富检行公建[2021]21号');
  });

  it('sends an answer longer than WeCom takes in parts that each fit, none refused', async () => {
    const now = new Date(h.clock.now());
    await leadModel(h.runtime.mongo).insertMany(Array.from({ length: 30 }, (_, i) => ({
      _id: `case:split-${i}:R01-fine-unpaid`, number: `XS-2026-9${String(i).padStart(3, '0')}`, kind: 'pil', ruleId: 'R01-fine-unpaid', ruleVersion: 1,
      title: '罚款决定后逾期未见缴纳或强制执行（一个相当长的标题用来凑足字节数）', explanation: '—', values: [], legalBasis: '—',
      subject: { kind: 'case', id: `split-${i}`, label: `案号 富林罚〔2024〕${500 + i}号（富阳某某石材加工有限责任公司第${i}分公司）`, agency: 'linye' },
      status: 'open', createdAt: now, alert: { taskId: `lead-split-${i}`, recipients: ['wangjc'], sentAt: now }, history: [],
    })));
    const before = h.fake.appMessages().length;
    expect((await h.sendText('wangjc', '线索', newMsgId())).status).toBe(200);
    const parts = await h.fake.waitFor(() => {
      const texts = h.fake.appMessages().slice(before).filter((m) => m.touser === 'wangjc').map((m) => (m.text as { content: string }).content);
      return texts.length >= 2 && texts.some((t) => t.includes('发送「线索 <编号>」')) ? texts : undefined;
    }, 15_000);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(2048);
    expect(parts[0]).toContain('分派给您的待处理线索');
    expect(parts[1]?.startsWith('（续）')).toBe(true);
    expect(parts.join('\n')).toContain('XS-2026-9000');
    // One job sends the parts in order: every later part continues, and the closing hint comes last.
    expect(parts.slice(1).every((part) => part.startsWith('（续）'))).toBe(true);
    expect(parts.findIndex((part) => part.includes('发送「线索 <编号>」'))).toBe(parts.length - 1);
  });
});
