import type { Connection } from 'mongoose';
import type { FieldChange } from '../cases/amend-case.js';
import { describeChanges } from '../cases/describe-changes.js';
import { asOneLine } from '../commands/normalize-text.js';
import { staleMentions, staleMentionsText } from '../cases/stale-mentions.js';
import { agencyModel } from '../models/agency.js';
import { caseModel } from '../models/case.js';
import { leadDecisions, type LeadDecision, type LeadRecord } from '../models/lead.js';
import type { Delivery } from '../queue/delivery.js';
import type { LeadSubject } from './lead-index.js';
import { restatedAction, withdrawalOf } from './lead-status.js';
import { loadBindings, responsibleFor } from './route.js';
import { STATE_FACTS } from '../rules/index.js';

const decided = (lead: LeadRecord): lead is LeadRecord & { status: LeadDecision } => lead.status in leadDecisions;

/**
 * Case fields the records keep only as they stand now (STATE_FACTS: case.finePaid, case.enforced, case.status): a lead
 * states them as they were when it was raised, and a 更正 of one may be a record that was wrong (paid all along) or
 * news (paid since), which the bot cannot tell apart — so the prosecutor is asked to check rather than told the lead
 * stands.
 */
const stateFact = (field: FieldChange['field']) => `case.${field}`;
const isStateFact = (fact: string) => STATE_FACTS.includes(fact);

/** A lead's state as the notice lists it, given the changes of this correction made at `at`. */
function stateOf(lead: LeadRecord, changes: readonly FieldChange[], at: Date): string {
  if (decided(lead)) return `决定「${leadDecisions[lead.status]}」`;
  const stated = new Set(lead.values.map((v) => v.fact));
  const state = changes.filter((change) => isStateFact(stateFact(change.field)) && stated.has(stateFact(change.field)));
  if (state.length) return `待处理；更正涉及该线索所依据的${describeChanges(state, 40).map((line) => `${line.replace('（无）', '未记录').replace('：', '（')}）`).join('、')}，请核实是原记录有误还是事后发生的变化`;
  // Restated with the text it had (a figure it does not quote changed): nothing new to read.
  const restated = lead.history.find((h) => h.action === restatedAction && h.at.getTime() >= at.getTime());
  const before = (restated?.detail?.previous as { explanation?: string } | undefined)?.explanation;
  // Restated under a rule revised since it was raised (a reseed): the rule it now follows is named too.
  const revisedTo = restated?.detail?.ruleVersion;
  const basis = typeof revisedTo === 'number' ? `按修订后的规则（第${revisedTo}版）和更正后的数据` : '按更正后的数据';
  return restated && (before !== lead.explanation || typeof revisedTo === 'number') ? `待处理，${basis}仍然成立，线索内容已更新：${lead.explanation}` : `待处理，${basis}仍然成立`;
}

/** When a lead was withdrawn, if at or after `at`: by the evaluation of this correction, not before it. */
function withdrawnSince(lead: LeadRecord, at: Date): { reason: string } | undefined {
  const withdrawal = withdrawalOf(lead);
  return withdrawal && withdrawal.at.getTime() >= at.getTime() ? withdrawal : undefined;
}

/**
 * What the prosecutors of a case's leads are told when its agency corrects the case: a lead decided, or still open,
 * was found or decided on figures that have since changed. The notice names what became of each lead of the case:
 * decided, standing (restated where its figures changed), withdrawn by the correction (whose card also says so), and
 * the leads the corrected data raised (each alerted on its own). A correction whose only effect is to withdraw leads
 * sends none: their cards say so. One message per correction — the evaluation `cause` is the correcting message or
 * request — to the deciders and the alerts' recipients (an open lead's: those responsible for it now); its id makes
 * a retried evaluation send it once.
 */
export async function correctionNotice(mongo: Connection, subject: LeadSubject, cause: string, leads: readonly LeadRecord[], raisedNow: ReadonlySet<string> = new Set()): Promise<Delivery | undefined> {
  if (subject.kind !== 'case') return undefined;
  if (!leads.some((lead) => lead.status !== 'withdrawn')) return undefined;
  const record = await caseModel(mongo).findById(subject.id).lean();
  const entry = record?.history.find((h) => h.action === 'amended' && h.sourceId === cause);
  if (!record || !entry) return undefined;
  // Raised on the corrected data (by this evaluation, or later): such a lead has its own alert.
  const foundNow = (lead: LeadRecord) => lead.createdAt > entry.at || raisedNow.has(lead._id);
  const earlier = leads.filter((lead) => lead.status !== 'withdrawn' && !foundNow(lead));
  if (!earlier.length) return undefined;
  const withdrawnNow = leads.filter((lead) => !foundNow(lead) && withdrawnSince(lead, entry.at));
  const found = leads.filter((lead) => lead.status !== 'withdrawn' && foundNow(lead));
  // An open lead's people follow the bindings (route.ts): not a prosecutor who left, but whoever holds it now.
  const bindings = await loadBindings(mongo);
  const peopleOf = (lead: LeadRecord) => {
    if (lead.status === 'withdrawn') return lead.alert?.recipients ?? [];
    if (lead.status !== 'open') return [...(lead.decision?.by ? [lead.decision.by] : []), ...(lead.alert?.recipients ?? [])];
    // Not alerted yet (held for working time): nobody has it to check.
    return lead.alert?.taskId ? responsibleFor(bindings, lead) : [];
  };
  const touser = [...new Set([...earlier, ...withdrawnNow].flatMap(peopleOf))];
  if (!touser.length) return undefined;
  const agency = (await agencyModel(mongo).findById(record.agency).lean())?.name ?? record.agency;
  const changed = (entry.detail?.changes ?? []) as FieldChange[];
  const changes = describeChanges(changed, 60);
  const label = (lead: LeadRecord) => `${lead.number}「${lead.title}」`;
  const leadLines = leads.flatMap((lead) => {
    if (earlier.includes(lead)) return [`· ${label(lead)}：${stateOf(lead, changed, entry.at)}`];
    const withdrawal = withdrawnNow.includes(lead) ? withdrawnSince(lead, entry.at) : undefined;
    return withdrawal ? [`· ${label(lead)}：已撤回（${withdrawal.reason}）${lead.alert?.taskId ? '，原提醒无需处理' : ''}`] : [];
  });
  // 面积 corrected to 8 亩 while the facts still say 12亩: a rule reading the facts (R04) still stands on the old figure.
  const stale = staleMentions(record, changed);
  const content = [
    `【案件更正】${agency}更正了案件 ${asOneLine(`${record.caseNumber}（${record.party}）`)}：`,
    ...changes.map((line) => `· ${line}`),
    ...(stale.length ? [`注意：${staleMentionsText(stale)}，与更正后的数字不一致，读取该处文字的线索仍按原数字判断（已提示执法单位一并更正）。`] : []),
    '该案以下线索是按更正前的数据发现或决定的，请核对：',
    ...leadLines,
    ...(found.length ? ['按更正后的数据新发现的线索（另行发送提醒）：', ...found.map((lead) => `· ${label(lead)}`)] : []),
  ].join('\n');
  return { id: `case_amended_${subject.id}_${cause}`.replace(/:/g, '_'), target: { kind: 'app', touser }, body: { msgtype: 'text', text: { content } }, source: cause };
}
