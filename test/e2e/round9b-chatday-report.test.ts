/**
 * Round 9b (chatday), S1 and M6: a 处罚决定书 line naming the legal representative beside the party, and a 上报 pasted
 * from a Word form (letter-spaced and numbered labels, 罚款： inside the decision).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModel } from '../../src/models/case.js';
import { leadModel } from '../../src/models/lead.js';
import { startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say } from '../support/chat.js';
import { waitUntil } from '../support/wait-until.js';

const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`).getTime();

describe('round 9b chatday: 上报 as pasted from a 处罚决定书', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ clockStart: shanghai('2026-12-30 09:00') });
  });
  afterAll(() => h.stop());
  const cases = () => caseModel(h.runtime.mongo);

  it('S1: keeps the party apart from 法定代表人：…, lists it as not recorded, and R03 finds the same party filed again', async () => {
    const answer = await say(h, 'zhangsan', '上报\n案号：富林罚〔2026〕201号\n当事人：富阳某木业有限公司 法定代表人：王五\n违法事实：滥伐林木12株\n处罚决定：罚款3000元\n罚款：3000元 已缴纳\n立案日期：2026年5月10日\n决定日期：2026年6月1日');
    expect(answer).toContain('以下内容未能识别，没有记录：\n· 法定代表人：王五');
    expect((await cases().findOne({ caseNumber: '富林罚〔2026〕201号' }).lean())?.party).toBe('富阳某木业有限公司');
    await say(h, 'zhangsan', '上报\n案号：富林罚〔2026〕202号\n当事人：富阳某木业有限公司\n违法事实：再次滥伐林木20株\n立案日期：2026年11月2日');
    await waitUntil(async () => (await leadModel(h.runtime.mongo).countDocuments({ ruleId: 'R03-violation-continuing' })) === 1, 'the R03 lead for the same party');
  });

  it('S1: a 更正 of the party with 法定代表人：… on its line corrects the party alone', async () => {
    const answer = await say(h, 'zhangsan', '更正 富林罚〔2026〕202号 当事人：富阳某木业有限公司（分厂） 法定代表人：王五');
    expect(answer).toContain('以下内容未能识别，没有更正：\n· 法定代表人：王五');
    expect((await cases().findOne({ caseNumber: '富林罚〔2026〕202号' }).lean())?.party).toBe('富阳某木业有限公司（分厂）');
  });

  it('M6: records a 上报 with letter-spaced and numbered labels, and 罚款： inside the decision', async () => {
    const answer = await say(h, 'zhangsan', '上报\n一、案　　号：富林罚〔2026〕141号\n二、当　事　人：富阳某竹木加工厂\n三、违法事实：非法占用林地2334.5平方米\n四、处罚决定：责令限期恢复原状，罚款：每平方米10元，共计23345元\n五、决定日期：2026年6月1日');
    expect(answer).not.toContain('请补充');
    expect(answer).not.toContain('未能识别');
    expect(await cases().findOne({ caseNumber: '富林罚〔2026〕141号' }).lean()).toMatchObject({
      party: '富阳某竹木加工厂',
      facts: '非法占用林地2334.5平方米',
      decision: expect.stringContaining('罚款：每平方米10元，共计23345元'),
    });
  });
});
