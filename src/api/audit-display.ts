import type { Connection } from 'mongoose';
import type { AuditRecord } from '../models/audit.js';
import { agencyModel } from '../models/agency.js';
import { caseModel } from '../models/case.js';
import { leadModel } from '../models/lead.js';
import { progressModel } from '../models/progress.js';
import { staffModel } from '../models/staff.js';

/**
 * Audit actions in the words of the dashboard's 操作日志. The stored codes stay as they are (scripts and the
 * `action` filter use them); an action not listed is shown as its code.
 */
export const auditActionNames: Readonly<Record<string, string>> = {
  identify: '身份识别',
  'lead.accept': '受理', 'lead.reject': '不予受理', 'lead.criminal': '转刑事线索', 'lead.supervision': '转监察委',
  'lead.decide': '处理线索', 'lead.reason': '不予受理理由',
  'case.create': '录入案件', 'case.amend': '更正案件',
  'recommendation.issue': '发出检察建议', 'recommendation.receipt': '登记收到日期', 'recommendation.due_recomputed': '重新计算回复期限', 'recommendation.reply_redated': '更正书面回复日期', 'recommendation.period': '重新确定回复期限',
  'recommendation.follow_up_recomputed': '重新计算回头看日期', 'lead.transfer_due_recomputed': '重新计算移送期限',
  'recommendation.review': '验收', 'recommendation.progress': '报告整改进展', 'recommendation.complete': '报告整改完成',
  'recommendation.reply': '书面回复', 'recommendation.query': '查询检察建议', 'progress.revoke': '撤回更新',
  'staff.bind': '绑定人员', 'staff.unbind': '解除绑定', 'agency.upsert': '新增或修改执法单位',
  'rules.change': '修改规则', 'rules.reseed': '载入规则', 'calendar.overrides': '修改节假日调整',
};

/** The codes an `action` filter names: a code as stored, or a Chinese name (不予受理 → lead.reject). */
export function auditActionCodes(asked: string): string[] {
  const named = Object.entries(auditActionNames).filter(([, name]) => name === asked).map(([code]) => code);
  return named.length ? named : [asked];
}

const roleNames: Record<string, string> = { staff: '执法人员', agency_admin: '单位管理员', prosecutor: '检察官', admin: '管理员' };

/** A review's outcome names the action more precisely than 验收 alone. */
function actionName(a: Pick<AuditRecord, 'action' | 'detail'>): string {
  if (a.action === 'recommendation.review' && a.detail?.decision === 'accept') return '验收通过';
  if (a.action === 'recommendation.review' && a.detail?.decision === 'send_back') return '验收退回';
  return auditActionNames[a.action] ?? a.action;
}

/** `staff@linye` (role@agency, as the refusals record a binding) in words: 执法人员（富阳区林业局）. */
function binding(text: string, agencies: Map<string, string>): string {
  if (text === 'unbound') return '未绑定';
  const [role = '', agency = '-'] = text.split('@');
  return `${roleNames[role] ?? role}${agency === '-' ? '' : `（${agencies.get(agency) ?? agency}）`}`;
}

/**
 * A refusal's reason in Chinese. The stored reasons are English (written for operators and the log, see each
 * `audit(… outcome: 'refused')`); each known form is worded here, anything else is shown as stored.
 */
export function auditReasonText(reason: string | undefined, agencies: Map<string, string>): string | null {
  if (!reason) return null;
  const agency = (id: string) => agencies.get(id) ?? id;
  const forms: Array<[RegExp, (...groups: string[]) => string]> = [
    [/^unknown userid$/, () => '企业微信账号未登记'],
    [/^deactivated$/, () => '账号已停用'],
    [/^not a responsible prosecutor$/, () => '不是负责审核的检察官'],
    [/^not a prosecutor of agency (\S+)$/, (id) => `不是${agency(id)}的承办检察官`],
    [/^belongs to agency (\S+), sender is (\S+)$/, (owner, sender) => `该检察建议属于${agency(owner)}，操作人属于${agency(sender)}`],
    [/^role (\S+) does not report for an agency$/, (role) => `${roleNames[role] ?? role}不代表执法单位报告整改`],
    [/^role (\S+)$/, (role) => `${roleNames[role] ?? role}无权进行此操作`],
    [/^change window passed$/, () => '已超过可更改决定的时限'],
    [/^decided by another prosecutor$/, () => '已由其他检察官作出决定'],
    [/^not a recipient of the alert$/, () => '线索未分派给本人'],
    [/^sent (\d+) minutes ago$/, (minutes) => `更新已发出 ${minutes} 分钟，超过撤回时限`],
    [/^superseded: update$/, () => '之后已有新的更新'],
    [/^superseded: review$/, () => '之后已由检察官审核'],
    [/^role: (\S+) -> (\S+)$/, (from, to) => `单位管理员只能绑定执法人员（${binding(from, agencies)} → ${binding(to, agencies)}）`],
    [/^agency: (\S+) -> (\S+)$/, (from, to) => `单位管理员只能把人员绑定到本单位（${binding(from, agencies)} → ${binding(to, agencies)}）`],
    [/^fellow agency admin: (\S+) -> (\S+)$/, (from) => `不能更改本单位其他管理员的绑定（${binding(from, agencies)}）`],
    [/^bound elsewhere: (\S+) -> (\S+)$/, (from) => `已有其他单位或检察院的绑定（${binding(from, agencies)}）`],
    [/^api token \((\S+)\): (\S+) -> (\S+)$/, (holder) => `是${binding(holder, agencies)}的访问令牌名称，单位管理员不能绑定`],
    [/^other agency: (\S+)$/, (held) => `属于其他单位：${held.includes('@') ? binding(held, agencies) : agency(held)}`],
  ];
  for (const [form, word] of forms) {
    const match = form.exec(reason);
    if (match) return word(...match.slice(1));
  }
  return reason;
}

/**
 * What an audit row is about, as a person names it: the lead's number (XS-2026-0005), the case's 案号, the
 * recommendation's 文号, the person's name. Each is read by `_id`, the one query FerretDB v1 answers without a scan.
 */
async function targetLabel(mongo: Connection, a: AuditRecord, agencies: Map<string, string>): Promise<string | null> {
  const target = a.target;
  if (!target) return null;
  switch (target.kind) {
    case 'lead':
      return (await leadModel(mongo).findById(target.id, { number: 1 }).lean())?.number ?? target.id;
    case 'case': {
      const found = await caseModel(mongo).findById(target.id, { caseNumber: 1 }).lean();
      return found ? `案号 ${found.caseNumber}` : typeof a.detail?.caseNumber === 'string' ? `案号 ${a.detail.caseNumber}` : target.id;
    }
    case 'recommendation':
      return `文号 ${target.id}`;
    case 'progress': {
      const progress = await progressModel(mongo).findById(target.id, { ref: 1 }).lean();
      return progress ? `${progress.ref} 的更新` : target.id;
    }
    case 'staff': {
      const person = await staffModel(mongo).findById(target.id, { name: 1 }).lean();
      return person ? `${person.name}（${target.id}）` : target.id;
    }
    case 'agency':
      return agencies.get(target.id) ?? target.id;
    case 'rule':
      return `规则 ${target.id}`;
    default:
      return target.id;
  }
}

/** The display fields of audit rows (one page): Chinese action, target and reason; the stored codes stay beside them. */
export async function auditDisplay(mongo: Connection, rows: AuditRecord[]): Promise<Array<{ actionName: string; targetLabel: string | null; reasonText: string | null; actorName: string }>> {
  const agencies = new Map((await agencyModel(mongo).find({}, { name: 1 }).lean()).map((x) => [x._id, x.name]));
  const actors = [...new Set(rows.map((a) => a.actor))];
  const people = new Map((await Promise.all(actors.map((id) => staffModel(mongo).findById(id, { name: 1 }).lean()))).flatMap((s) => (s ? [[s._id, s.name] as const] : [])));
  return Promise.all(rows.map(async (a) => {
    const person = people.get(a.actor);
    return {
      actionName: actionName(a), targetLabel: await targetLabel(mongo, a, agencies), reasonText: auditReasonText(a.reason, agencies),
      actorName: person ? `${person}（${a.actor}）` : a.actor,
    };
  }));
}
