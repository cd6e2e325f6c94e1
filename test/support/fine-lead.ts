import { addDays } from '../../src/calendar/due-date.js';
import { localDate } from '../../src/calendar/local-date.js';
import { deliveryModel } from '../../src/models/delivery.js';
import { leadModel, type LeadRecord } from '../../src/models/lead.js';
import { newMsgId, type BotHarness } from './bot-harness.js';

/**
 * Reports `caseNumber` from `reporter` with a 5000元 fine decided 120 days ago and never paid (rule R01), and waits
 * until the lead's alert card was sent: the lead names its alert's task_id a moment after the delivery is recorded
 * sent, so both are awaited.
 */
export async function raiseFineLead(h: BotHarness, reporter: string, caseNumber: string, party: string): Promise<LeadRecord> {
  const decidedOn = addDays(localDate(new Date(h.clock.now()), h.config.TZ), -120);
  await h.sendText(reporter, `上报\n案号：${caseNumber}\n当事人：${party}\n违法事实：滥伐林木\n罚款：5000元\n日期：${decidedOn}`, newMsgId());
  const label = new RegExp(caseNumber.replace(/[〔〕]/g, '.'));
  for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const lead = await leadModel(h.runtime.mongo).findOne({ 'subject.label': label, ruleId: 'R01-fine-unpaid' }).lean();
    const alert = lead && (await deliveryModel(h.runtime.mongo).findById(`alert_${lead._id}`.replace(/:/g, '_')).lean());
    if (lead?.alert?.taskId && alert?.state === 'sent') return lead;
  }
  throw new Error(`no lead alert for ${caseNumber} within 15 s`);
}
