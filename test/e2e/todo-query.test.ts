import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { say as sayTo } from '../support/chat.js';
import { localDate } from '../../src/calendar/local-date.js';
import { recommendationModel } from '../../src/models/recommendation.js';
import { staffModel } from '../../src/models/staff.js';
import { reviewCompletion } from '../../src/rectification/review.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';

const ref14 = '富检行公建[2021]14号';
const ref21 = '富检行公建[2021]21号';
const ref9 = '富检行公建[2021]9号';

describe('待办 and 查询 show where each recommendation stands (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.stop());

  const say = (from: string, content: string) => sayTo(h, from, content);
  /** The line of a 待办 or 查询 answer about `ref`, with the line under it. */
  const entry = (answer: string, ref: string) => {
    const lines = answer.split('\n');
    const at = lines.findIndex((l) => l.includes(ref));
    return at < 0 ? '' : `${lines[at]}\n${lines[at + 1] ?? ''}`;
  };
  const today = () => localDate(new Date(h.clock.now()), h.config.TZ);

  it('shows a recommendation replied to in writing with the reply date instead of a countdown', async () => {
    expect(await say('zhangsan', `回复 ${ref14} 已收回林地381亩，恢复植被`)).toContain('书面回复');
    const todo = entry(await say('zhangsan', '待办'), ref14);
    expect(todo).toContain(`已于 ${today()} 书面回复`);
    expect(todo).not.toMatch(/回复期限|还剩|已逾期|🔴|🟡|🟢/);
    expect(todo).toContain('整改中');
    const query = entry(await say('zhangsan', `查询 ${ref14}`), ref14);
    expect(query).toContain(`已于 ${today()} 书面回复`);
    expect(query).not.toMatch(/还剩|已逾期/);
  });

  it('keeps a completion awaiting review on the staff\'s 待办, with the reply countdown while no written reply came', async () => {
    expect(await say('lisi', `完成 21号 已关停非法矿点3处，恢复植被`)).toContain('整改已完成');
    const answer = await say('lisi', '待办');
    expect(answer).not.toContain('没有未办结');
    const line = entry(answer, ref21);
    expect(line).toContain('待检察官审核；尚未书面回复，回复期限');
    expect(line).toMatch(/^(🔴|🟡|🟢) /);
    // 21号 is urgent (15 days to reply): marked, so that staff see why its period is short; 14号 is not.
    expect(line.split('\n')[0]).toMatch(/富检行公建\[2021\]21号 .+ 【紧急】$/);
    expect(entry(await say('zhangsan', '待办'), ref14)).not.toContain('紧急');
  });

  it('lists for a prosecutor the completions awaiting their review with how to answer, then overdue ones, in their own words', async () => {
    const answer = await say('wangjc', '待办');
    expect(answer).toContain('待您审核');
    const awaiting = entry(answer, ref21);
    expect(awaiting).toContain('富阳区自然资源局');
    expect(awaiting).toContain('【紧急】');
    expect(awaiting).toContain(`${today()} 报完成`);
    expect(awaiting).toContain(`「验收 ${ref21}」`);
    expect(awaiting).toContain(`「退回 ${ref21} <原因>」`);
    // 9号 was received 68 days ago: its two months have run out with no written reply.
    expect(answer).toContain('逾期');
    expect(entry(answer, ref9)).toContain('🔴');
    expect(answer.indexOf(ref21)).toBeLessThan(answer.indexOf(ref9));
    expect(answer).not.toContain('报告进展');
    expect(answer).not.toContain('进度 <文号>');
    // Another agency's prosecutor is not asked to review 21号.
    expect(await say('lijc', '待办')).not.toContain(ref21);
  });

  it('shows an accepted recommendation with its outcome and follow-up, not an overdue light', async () => {
    expect(await say('zhangsan', `完成 ${ref9} 费用已全部追缴`)).toContain('整改已完成');
    const outcome = await reviewCompletion(h.runtime.mongo, { recommendationId: ref9, decision: { action: 'accept' }, by: 'wangjc', sourceId: 'test:accept-9', now: new Date(h.clock.now()), timeZone: h.config.TZ });
    expect(outcome.recommendation.status).toBe('reviewed_done');
    const followUp = localDate(outcome.recommendation.followUpOn!, 'UTC');
    const line = entry(await say('zhangsan', '查询 富检行公建〔2021〕9号'), ref9);
    expect(line).toContain(`审核通过（${today()}）`);
    expect(line).toContain(`回头看 ${followUp}`);
    expect(line).not.toMatch(/🔴|🟡|🟢|已逾期|还剩/);
    expect((await recommendationModel(h.runtime.mongo).findById(ref9).lean())?.dueOn).toBeInstanceOf(Date);
    // No longer on anybody's list.
    expect(await say('zhangsan', '待办')).not.toContain(ref9);
    expect(await say('wangjc', '待办')).not.toContain(ref9);
  });

  it('tells staff how to see the recommendations a long 待办 leaves out (they have no dashboard)', async () => {
    const agency = (await staffModel(h.runtime.mongo).findById('zhaoliu').lean())!.agency!;
    const due = new Date(h.clock.now() + 30 * 86_400_000);
    for (let serial = 601; serial <= 625; serial++) {
      const ref = `富检行公建[2026]${serial}号`;
      await recommendationModel(h.runtime.mongo).create({
        _id: ref, ref, refSerial: serial, agency, title: `测试建议${serial}`, requirements: '整改', cases: [], issuedOn: new Date(h.clock.now()),
        receivedOn: new Date(h.clock.now()), dueOn: due, urgent: false, status: 'received', percent: 0, prosecutors: [], history: [],
      });
    }
    const open = await recommendationModel(h.runtime.mongo).countDocuments({ agency, status: { $in: ['issued', 'received', 'rectifying', 'reviewed_not_done'] } });
    expect(await say('zhaoliu', '待办')).toContain(`……另有 ${open - 20} 份未列出，可发送「查询 <文号>」查看其中任一份。`);
  });
});

