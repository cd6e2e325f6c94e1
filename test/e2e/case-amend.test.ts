import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/due-date.js';
import { localDate } from '../../src/calendar/local-date.js';
import { caseModel, type CaseRecord } from '../../src/models/case.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { apiTokens, apiTokensEnv } from '../support/api-tokens.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { say as sayTo, textOf } from '../support/chat.js';
import { waitUntil } from '../support/wait-until.js';

/** 林业局 staff zhangsan reports and corrects cases; wangjc is the prosecutor responsible for 林业局 (seed/demo.json). */
describe('更正: an agency corrects a reported case (e2e through the fake WeCom)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ env: { API_TOKENS: apiTokensEnv } });
  });
  afterAll(() => h.stop());

  const daysAgo = (n: number) => addDays(localDate(new Date(h.clock.now()), h.config.TZ), -n);
  const stored = (caseNumber: string) => caseModel(h.runtime.mongo).findOne({ caseNumber }).lean() as Promise<CaseRecord | null>;
  const leadsOfCase = (id: string) => leadModel(h.runtime.mongo).find({ 'subject.id': id }).lean() as Promise<LeadRecord[]>;
  const textsTo = (user: string, from: number) => h.fake.appMessages().slice(from).filter((m) => m.touser === user || String(m.touser).split('|').includes(user)).map(textOf);

  /** Sends a text (with the message id given, to redeliver one) and returns what the bot answered the sender. */
  const say = (user: string, content: string, msgId?: string) => sayTo(h, user, content, msgId);

  /** A 林业局 case whose fine was decided `days` ago and is not recorded paid: R01 raises a lead at 90 days. */
  async function reportWithLead(caseNumber: string, days: number): Promise<{ record: CaseRecord; lead: LeadRecord }> {
    await say('zhangsan', `上报\n案号：${caseNumber}\n当事人：${caseNumber.replace(/\D/g, '')}号木业公司\n违法事实：滥伐林木\n罚款：5000元\n日期：${daysAgo(days)}`);
    const record = (await stored(caseNumber))!;
    const lead = await waitUntil(async () => (await leadsOfCase(record._id)).find((l) => l.alert?.taskId), `the alert of ${caseNumber}'s lead`);
    return { record, lead };
  }

  it('corrects the fields named, keeps the old values in the history, and withdraws a lead the correction undoes', async () => {
    const { record, lead } = await reportWithLead('富林罚〔2024〕301号', 95);
    expect(lead.ruleId).toBe('R01-fine-unpaid');
    const before = h.fake.appMessages().length;
    const answer = await say('zhangsan', `更正 富林罚〔2024〕301号\n日期：${daysAgo(20)}\n罚款改为8000元`);
    expect(answer).toContain('已更正案件 富林罚〔2024〕301号');
    expect(answer).toContain(`决定日期：${daysAgo(95)} → ${daysAgo(20)}`);
    expect(answer).toContain('罚款：5,000 元 → 8,000 元');
    const corrected = (await stored('富林罚〔2024〕301号'))!;
    expect([corrected.fineYuan, corrected.decidedOn?.toISOString().slice(0, 10)]).toEqual([8000, daysAgo(20)]);
    const entry = corrected.history.find((c) => c.action === 'amended');
    expect(entry?.by).toBe('zhangsan');
    expect(entry?.detail?.changes).toEqual([
      { field: 'fineYuan', from: 5000, to: 8000 },
      { field: 'decidedOn', from: daysAgo(95), to: daysAgo(20) },
    ]);
    // The figure the rules read follows the field: no 5000 元 left among the case's quantities.
    expect(corrected.quantities?.some((q) => q.value === 5000)).toBe(false);
    const withdrawn = await waitUntil(async () => (await leadsOfCase(record._id)).find((l) => l._id === lead._id && l.status === 'withdrawn'), 'the lead withdrawn');
    expect(withdrawn.history.at(-1)?.detail?.reason).toContain('数据已更正');
    // The prosecutor alerted sees it on the card: its buttons replaced for every recipient.
    const code = h.fake.responseCode(lead.alert!.taskId);
    const update = await h.fake.waitFor(() => h.fake.cardUpdates().find((u) => u.response_code === code), 10_000);
    expect(update).toMatchObject({ button: { replace_name: '已撤回：数据已更正' } });
    expect(textsTo('wangjc', before).some((t) => t.startsWith('【案件更正】'))).toBe(false);
  });

  it('tells the prosecutor who decided on a lead of the case what changed, and leaves the decision alone', async () => {
    const { lead } = await reportWithLead('富林罚〔2024〕302号', 100);
    expect(await say('wangjc', `受理 ${lead.number}`)).toContain('受理');
    const before = h.fake.appMessages().length;
    await say('zhangsan', '更正 富林罚〔2024〕302号 当事人：302号木业有限公司');
    const notice = await h.fake.waitFor(() => textsTo('wangjc', before).find((t) => t.startsWith('【案件更正】')), 10_000);
    expect(notice).toContain('林业局更正了案件 富林罚〔2024〕302号（302号木业有限公司）');
    expect(notice).toContain('当事人：2024302号木业公司 → 302号木业有限公司');
    expect(notice).toContain(`${lead.number}「${lead.title}」：决定「受理」`);
    const after = (await leadModel(h.runtime.mongo).findById(lead._id).lean())!;
    expect(after.status).toBe('accept');
    // Lists and notices name the case as it now reads.
    expect(after.subject.label).toContain('302号木业有限公司');
  });

  it('tells the prosecutors of an open lead the correction leaves standing', async () => {
    const { lead } = await reportWithLead('富林罚〔2024〕310号', 100);
    const before = h.fake.appMessages().length;
    await say('zhangsan', '更正 富林罚〔2024〕310号 违法事实：滥伐林木3立方米');
    const notice = await h.fake.waitFor(() => textsTo('wangjc', before).find((t) => t.startsWith('【案件更正】')), 10_000);
    expect(notice).toContain('违法事实：滥伐林木 → 滥伐林木3立方米');
    expect(notice).toContain(`${lead.number}「${lead.title}」：待处理，按更正后的数据仍然成立`);
    expect((await leadModel(h.runtime.mongo).findById(lead._id).lean())?.status).toBe('open');
  });

  it('keeps the number of an open lead the correction leaves standing on other figures, and states the corrected ones', async () => {
    const { record, lead } = await reportWithLead('富林罚〔2024〕311号', 100);
    expect(lead.explanation).toContain('罚款5000元');
    const before = h.fake.appMessages().length;
    await say('zhangsan', '更正 富林罚〔2024〕311号 罚款：6000元');
    const notice = await h.fake.waitFor(() => textsTo('wangjc', before).find((t) => t.startsWith('【案件更正】')), 10_000);
    expect(notice).toContain(`${lead.number}「${lead.title}」：待处理，按更正后的数据仍然成立，线索内容已更新：罚款6000元`);
    const leads = await leadsOfCase(record._id);
    // The same finding: no second lead, no withdrawal; the figures it stated before are in its history.
    expect(leads.map((l) => [l.number, l.status])).toEqual([[lead.number, 'open']]);
    expect(leads[0]!.explanation).toContain('罚款6000元');
    expect(leads[0]!.values).toContainEqual({ fact: 'case.fineYuan', value: 6000 });
    expect(leads[0]!.history.at(-1)).toMatchObject({ action: 'restated', detail: { previous: { explanation: lead.explanation } } });
    expect(h.fake.cardUpdates().some((u) => u.response_code === h.fake.responseCode(lead.alert!.taskId))).toBe(false);
  });

  it('restates a lead in words that agree with its data when the payment is corrected with the fine', async () => {
    const { record, lead } = await reportWithLead('富林罚〔2024〕314号', 100);
    await say('zhangsan', '更正案件 富林罚〔2024〕314号\n罚款：6000元\n缴纳情况：未缴纳');
    const restated = await waitUntil(async () => (await leadsOfCase(record._id)).find((l) => l._id === lead._id && l.explanation.includes('罚款6000元')), 'the lead restated');
    // The lead states the payment as it was recorded when raised (not recorded), in its text as in its data.
    expect(restated.values.find((v) => v.fact === 'case.finePaid')?.value ?? null).toBeNull();
    expect(restated.explanation).not.toContain('案件记录罚款未缴纳');
    expect(restated.explanation).toContain(lead.explanation.slice(lead.explanation.indexOf('；')));
  });

  it('asks the prosecutor to check an open lead whose stated payment the correction changes, not to take it as standing', async () => {
    const { lead } = await reportWithLead('富林罚〔2024〕312号', 100);
    const before = h.fake.appMessages().length;
    await say('zhangsan', '更正 富林罚〔2024〕312号 缴纳情况：已缴纳');
    const notice = await h.fake.waitFor(() => textsTo('wangjc', before).find((t) => t.startsWith('【案件更正】')), 10_000);
    expect(notice).toContain(`${lead.number}「${lead.title}」：待处理；更正涉及该线索所依据的缴纳情况（未记录 → 已缴纳），请核实是原记录有误还是事后发生的变化`);
    expect(notice).not.toContain('仍然成立');
  });

  it('points at the words of the case that still state the figure corrected', async () => {
    await say('zhangsan', '上报\n案号：富林罚〔2024〕313号\n当事人：孙某\n违法事实：非法占用林地12亩修建厂房\n面积：12亩');
    const answer = await say('zhangsan', '更正 富林罚〔2024〕313号 面积：9亩');
    expect(answer).toContain('面积：12 亩 → 9 亩');
    expect(answer).toContain('请注意：违法事实中仍写着「12亩」，与更正后的数字不一致。如也需更正，请发送「更正 富林罚〔2024〕313号 违法事实：<正确的内容>」');
    expect(await say('zhangsan', '更正 富林罚〔2024〕313号 违法事实：非法占用林地9亩修建厂房')).not.toContain('请注意');
  });

  it('tells the prosecutors of the case\'s leads when a corrected figure still stands in the facts', async () => {
    await say('zhangsan', `上报\n案号：富林罚〔2024〕315号\n当事人：315号木业公司\n违法事实：非法占用林地12亩修建厂房\n面积：12亩\n罚款：5000元\n日期：${daysAgo(100)}`);
    const record = (await stored('富林罚〔2024〕315号'))!;
    await waitUntil(async () => (await leadsOfCase(record._id)).find((l) => l.alert?.taskId), 'a lead of 315 alerted');
    const before = h.fake.appMessages().length;
    await say('zhangsan', '更正 富林罚〔2024〕315号 面积：8亩');
    const notice = await h.fake.waitFor(() => textsTo('wangjc', before).find((t) => t.startsWith('【案件更正】')), 10_000);
    expect(notice).toContain('注意：违法事实中仍写着「12亩」，与更正后的数字不一致，读取该处文字的线索仍按原数字判断（已提示执法单位一并更正）。');
  });

  it('asks before giving a case a new number with another agency\'s 字号, and records a payment below the fine as not paid in full', async () => {
    await say('zhangsan', '上报\n案号：富林罚〔2024〕318号\n当事人：许某\n违法事实：滥伐林木\n罚款：3万元');
    const asked = await say('zhangsan', '更正 富林罚〔2024〕318号 新案号：富市监罚〔2024〕318号');
    expect(asked).toContain('新案号「富市监罚〔2024〕318号」的字号「富市监罚」此前只用于富阳区市场监管局的案件，这次还没有更正');
    expect((await stored('富林罚〔2024〕318号'))?.caseNumber).toBe('富林罚〔2024〕318号');
    expect(await say('zhangsan', '不是')).toContain('没有更正');
    expect(await stored('富市监罚〔2024〕318号')).toBeNull();

    expect(await say('zhangsan', '更正 富林罚〔2024〕318号 缴纳情况：已缴纳1万元')).toContain('缴纳情况：（无） → 未缴纳');
    expect((await stored('富林罚〔2024〕318号'))?.finePaid).toBe(false);
    expect(await say('zhangsan', '更正 富林罚〔2024〕318号 缴纳情况：已缴纳3万元')).toContain('缴纳情况：未缴纳 → 已缴纳');
  });

  it('makes a redelivered 更正 once, and answers a repeat of the stored values with no change', async () => {
    await say('zhangsan', '上报\n案号：富林罚〔2024〕303号\n当事人：李某\n违法事实：擅自改变林地用途\n面积：2亩');
    const msgId = newMsgId();
    await say('zhangsan', '更正 富林罚〔2024〕303号 面积：3亩', msgId);
    await h.sendText('zhangsan', '更正 富林罚〔2024〕303号 面积：3亩', msgId);
    await new Promise((r) => setTimeout(r, 1500));
    const record = (await stored('富林罚〔2024〕303号'))!;
    expect(record.areaMu).toBe(3);
    expect(record.history.filter((c) => c.action === 'amended')).toHaveLength(1);
    expect(await say('zhangsan', '更正 富林罚〔2024〕303号 面积：3亩')).toContain('面积与已登记的相同，没有更改');
    expect(await say('zhangsan', '更正案件 富林罚〔2024〕303号\n面积：无')).toContain('面积：3 亩 → （无）');
    expect((await stored('富林罚〔2024〕303号'))?.areaMu).toBeUndefined();
    expect(await say('zhangsan', '更正 富林罚〔2024〕303号 备注：已于11月复查，已结案\n结案情况：已结案')).toContain('备注：（无） → 已于11月复查，已结案');
    const shown = await say('zhangsan', '查询 富林罚〔2024〕303号');
    expect(shown).toContain('已更正 3 次');
    expect(shown).toContain('结案情况：已结案');
    expect(shown).toContain('备注：已于11月复查，已结案');
  });

  it('refuses a case of another agency, an unknown number, a number already taken and a future date, changing nothing', async () => {
    await say('zhangsan', '上报\n案号：富林罚〔2024〕304号\n当事人：王某\n违法事实：滥伐林木\n罚款：3000元');
    await say('zhangsan', '上报\n案号：富林罚〔2024〕305号\n当事人：赵某\n违法事实：滥伐林木\n罚款：2000元');
    // qianqi is 市场监管局 staff: 林业局's case is not theirs to find.
    expect(await say('qianqi', '更正 富林罚〔2024〕304号 罚款：1元')).toContain('贵单位没有案号为「富林罚〔2024〕304号」的已上报案件，没有更正');
    expect(await say('zhangsan', '更正 富林罚〔2024〕399号 罚款：1元')).toContain('没有更正');
    expect(await say('zhangsan', '更正 富林罚〔2024〕304号 新案号：富林罚〔2024〕305号')).toContain('贵单位已有另一件案件（赵某），没有更正');
    expect(await say('zhangsan', '更正 富林罚〔2024〕304号 日期：2099年1月1日')).toContain('晚于今天');
    expect(await say('wangjc', '更正 富林罚〔2024〕304号 罚款：1元')).toContain('由上报案件的执法单位办理');
    const record = (await stored('富林罚〔2024〕304号'))!;
    expect([record.fineYuan, record.history.length]).toEqual([3000, 1]);
  });

  it('gives a case a corrected number: found under the new one, the old one free for another case', async () => {
    await say('zhangsan', '上报\n案号：富林罚〔2024〕306号\n当事人：孙某\n违法事实：滥伐林木');
    expect(await say('zhangsan', '更正 富林罚〔2024〕306号 案号改为富林罚〔2024〕316号')).toContain('案号：富林罚〔2024〕306号 → 富林罚〔2024〕316号');
    expect(await say('zhangsan', '查询 富林罚〔2024〕316号')).toContain('当事人：孙某');
    expect(await say('zhangsan', '上报\n案号：富林罚〔2024〕306号\n当事人：周某\n违法事实：盗伐林木')).toContain('已登记行政执法案件');
    expect((await stored('富林罚〔2024〕306号'))?.party).toBe('周某');
  });

  it('offers the differences when a reported case is sent again, and corrects it on 确认 only', async () => {
    await say('zhangsan', '上报\n案号：富林罚〔2024〕307号\n当事人：钱某\n违法事实：滥伐林木\n罚款：50000元');
    const offer = await say('zhangsan', '上报\n案号：富林罚〔2024〕307号\n当事人：钱某\n违法事实：滥伐林木\n罚款：5000元');
    expect(offer).toContain('未重复登记');
    expect(offer).toContain('罚款：50,000 元 → 5,000 元');
    expect(offer).toContain('请回复「确认」');
    expect(await say('zhangsan', '不用了')).toContain('没有更正');
    expect((await stored('富林罚〔2024〕307号'))?.fineYuan).toBe(50_000);
    await say('zhangsan', '上报\n案号：富林罚〔2024〕307号\n当事人：钱某\n违法事实：滥伐林木\n罚款：5000元');
    expect(await say('zhangsan', '确认')).toContain('罚款：50,000 元 → 5,000 元');
    expect((await stored('富林罚〔2024〕307号'))?.fineYuan).toBe(5000);
    expect(await say('zhangsan', '上报\n案号：富林罚〔2024〕307号\n当事人：钱某\n违法事实：滥伐林木\n罚款：5000元')).toContain('与已登记的相同');
  });

  describe('PATCH /api/cases/:id', () => {
    const patch = async (id: string, token: string, body: unknown) => {
      const res = await fetch(`${h.runtime.url}/api/cases/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    it('corrects and clears fields once per request id, shows the correction in the timeline, and re-checks the leads', async () => {
      const { record, lead } = await reportWithLead('富林罚〔2024〕308号', 120);
      const fix = { requestId: 'fix-1', decidedOn: daysAgo(30), areaMu: null, enforced: false, reason: '按处罚决定书原件核对' };
      const first = await patch(record._id, apiTokens.linyeAdmin, fix);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ amended: true, changes: [{ field: 'enforced', from: null, to: false }, { field: 'decidedOn', from: daysAgo(120), to: daysAgo(30) }] });
      expect((await patch(record._id, apiTokens.linyeAdmin, fix)).body).toMatchObject({ amended: false });
      expect((await patch(record._id, apiTokens.linyeAdmin, { requestId: 'fix-1', fineYuan: 1 })).status).toBe(409);
      expect((await stored('富林罚〔2024〕308号'))?.history.filter((c) => c.action === 'amended')).toHaveLength(1);
      const detail = await fetch(`${h.runtime.url}/api/cases/${record._id}`, { headers: { authorization: `Bearer ${apiTokens.prosecutor}` } });
      const timeline = ((await detail.json()) as { timeline: Array<{ actionName: string; text: string }> }).timeline;
      expect(timeline.find((t) => t.actionName === '更正案件')?.text).toBe(`执行情况：（无） → 未执行；决定日期：${daysAgo(120)} → ${daysAgo(30)}；备注：按处罚决定书原件核对`);
      // Decided 30 days ago, the fine is not yet overdue: the unpaid-fine lead raised on the old date no longer stands.
      await waitUntil(async () => (await leadModel(h.runtime.mongo).findById(lead._id).lean())?.status === 'withdrawn', 'the unpaid-fine lead withdrawn');
    });

    it('refuses another agency\'s admin, a prosecutor, a cleared required field and a decision before the filing', async () => {
      await say('qianqi', '上报\n案号：富市监罚〔2026〕309号\n当事人：某店\n违法事实：销售过期食品\n罚款：3000元');
      const other = (await stored('富市监罚〔2026〕309号'))!;
      expect((await patch(other._id, apiTokens.linyeAdmin, { requestId: 'x-1', fineYuan: 1 })).status).toBe(404);
      expect((await patch(other._id, apiTokens.prosecutor, { requestId: 'x-2', fineYuan: 1 })).status).toBe(403);
      expect((await patch(other._id, apiTokens.admin, { requestId: 'x-3', party: null })).status).toBe(400);
      expect((await patch(other._id, apiTokens.admin, { requestId: 'x-4', filedOn: daysAgo(5), decidedOn: daysAgo(10) })).status).toBe(400);
      expect((await patch(other._id, apiTokens.admin, { requestId: 'x-5' })).status).toBe(400);
      const record = (await stored('富市监罚〔2026〕309号'))!;
      expect([record.fineYuan, record.party, record.history.length]).toEqual([3000, '某店', 1]);
    });
  });
});
