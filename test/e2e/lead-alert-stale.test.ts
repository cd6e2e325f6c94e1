import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/calendar/due-date.js';
import { localDate } from '../../src/calendar/local-date.js';
import { alertDeliveryId } from '../../src/leads/alert-card.js';
import { withdrawalTextId } from '../../src/leads/withdrawal-notice.js';
import { caseModel } from '../../src/models/case.js';
import { deliveryModel } from '../../src/models/delivery.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { createCommandRedis } from '../../src/queue/connection.js';
import { createDeliveryQueue, type DeliveryQueue } from '../../src/queue/delivery.js';
import { newMsgId, startBotHarness, type BotHarness } from '../support/bot-harness.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * An alert card that waits in the deliver queue behind wangjc's 30 messages a minute while its lead is decided or
 * withdrawn. wangjc is the prosecutor of 林业局 (seed/demo.json); admins may decide any lead.
 */
describe('a lead alert card still queued when its lead stops being open', () => {
  let h: BotHarness;
  let queue: DeliveryQueue;
  beforeAll(async () => {
    h = await startBotHarness({ memberLimit: { perMinute: 30, perHour: 1000 } });
    queue = createDeliveryQueue(createCommandRedis(h.runtime.redisUrl, { enableOfflineQueue: true }), h.config.QUEUE_PREFIX);
  });
  afterAll(async () => {
    await queue.close();
    await h.stop();
  });

  const daysAgo = (n: number) => addDays(localDate(new Date(h.clock.now()), h.config.TZ), -n);
  const to = (user: string) => h.fake.appMessages().filter((m) => String(m.touser).split('|').includes(user));
  const cardOf = (lead: LeadRecord) => to('wangjc').find((m) => (m.template_card as { task_id?: string } | undefined)?.task_id === lead.alert?.taskId);
  const delivery = (id: string) => deliveryModel(h.runtime.mongo).findById(id).lean();

  /** Uses up wangjc's minute: 30 notices sent now, so what comes next for him waits for the window to move. */
  async function fillWangsMinute(round: string): Promise<void> {
    const before = to('wangjc').length;
    for (let i = 0; i < 30; i++) await queue.send({ id: `fill-${round}-${i}`, target: { kind: 'app', touser: ['wangjc'] }, body: { msgtype: 'text', text: { content: `通知 ${round}-${i}` } } });
    await waitUntil(() => to('wangjc').length === before + 30, 'wangjc\'s minute used up', 20_000);
  }

  /** Sends a text and waits for the bot's answer to the sender. */
  async function say(user: string, content: string): Promise<string> {
    const before = to(user).length;
    expect((await h.sendText(user, content, newMsgId())).status).toBe(200);
    await waitUntil(() => to(user).length > before, `the answer to ${user}`);
    return to(user).slice(before).map((m) => JSON.stringify(m)).join('\n');
  }

  /** A 林业局 case whose 5000 元 fine, decided 95 days ago, is not recorded paid: R01 raises a lead alerted to wangjc. */
  async function reportWithLead(caseNumber: string): Promise<LeadRecord> {
    await say('zhangsan', `上报\n案号：${caseNumber}\n当事人：${caseNumber.replace(/\D/g, '')}号木业公司\n违法事实：滥伐林木\n罚款：5000元\n日期：${daysAgo(95)}`);
    const record = await caseModel(h.runtime.mongo).findOne({ caseNumber }).lean();
    return waitUntil(async () => {
      const lead = await leadModel(h.runtime.mongo).findOne({ 'subject.id': record!._id }).lean();
      return lead?.alert?.taskId ? lead : undefined;
    }, `the alert of ${caseNumber}'s lead`);
  }

  it('does not send the card of a lead decided meanwhile, records it skipped with the reason, and sends an open lead\'s', async () => {
    await fillWangsMinute('a');
    const decided = await reportWithLead('富林罚〔2024〕501号');
    const open = await reportWithLead('富林罚〔2024〕502号');
    expect(decided.alert?.recipients).toEqual(['wangjc']);
    expect(await say('admin', `受理 ${decided.number}`)).toContain(`已记录：线索 ${decided.number}「受理」`);

    h.clock.advance(62_000); // wangjc's minute has moved on: the queued cards get their turn
    await waitUntil(() => cardOf(open), 'the open lead\'s card', 20_000);
    const skipped = await waitUntil(async () => {
      const record = await delivery(alertDeliveryId(decided._id));
      return record?.state === 'skipped' && record;
    }, 'the decided lead\'s card recorded as skipped', 20_000);
    expect(skipped.skipReason).toContain(decided.number);
    expect(skipped.skipReason).toContain('受理（平台管理员');
    expect(skipped.msgid).toBeUndefined();
    expect(cardOf(decided)).toBeUndefined();
    expect(h.fake.droppedAppMessages()).toEqual([]);
    expect(await delivery(alertDeliveryId(open._id))).toMatchObject({ state: 'sent', errcode: 0 });
  });

  it('sends neither the card of a lead withdrawn meanwhile nor a withdrawal notice for the card nobody got', async () => {
    h.clock.advance(62_000);
    await fillWangsMinute('b');
    const lead = await reportWithLead('富林罚〔2024〕503号');
    // The fine was decided 20 days ago, not 95: the unpaid-fine rule no longer holds and the lead is withdrawn.
    expect(await say('zhangsan', `更正 富林罚〔2024〕503号 日期：${daysAgo(20)}`)).toContain('日期');
    await waitUntil(async () => (await leadModel(h.runtime.mongo).findById(lead._id).lean())?.status === 'withdrawn', 'the lead withdrawn');

    h.clock.advance(62_000);
    const skipped = await waitUntil(async () => {
      const record = await delivery(alertDeliveryId(lead._id));
      return record?.state === 'skipped' && record;
    }, 'the withdrawn lead\'s card recorded as skipped', 20_000);
    expect(skipped.skipReason).toContain('已撤回');
    // The evaluation that withdrew the lead queued the withdrawal text (the card had no response_code to update):
    // it would take back an alert nobody got.
    const notice = await waitUntil(async () => {
      const record = await delivery(withdrawalTextId(lead._id));
      return record?.state === 'skipped' && record;
    }, 'the withdrawal text recorded as skipped');
    expect(notice.skipReason).toContain('not sent');
    expect(cardOf(lead)).toBeUndefined();
    expect(to('wangjc').filter((m) => JSON.stringify(m).includes('线索撤回'))).toEqual([]);
    expect(h.fake.droppedAppMessages()).toEqual([]);
  });
});
