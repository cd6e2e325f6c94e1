import type { Connection } from 'mongoose';
import type { FieldChange } from '../cases/amend-case.js';
import { describeChanges } from '../cases/describe-changes.js';
import type { Change } from '../models/change.js';
import { progressModel, type ProgressRecord } from '../models/progress.js';
import type { RecommendationRecord } from '../models/recommendation.js';
import { staffModel } from '../models/staff.js';

/** One step in a record's life as the dashboard shows it: when, who, what, and the evidence that came with it. */
export interface TimelineEntry {
  at: string;
  by: string;
  byName: string;
  action: string;
  actionName: string;
  text: string;
  subject: string;
  evidence: Array<{ sha256: string; filename?: string; contentType: string; url: string }>;
}

const actionNames: Record<string, string> = {
  created: '录入案件', issued: '发出检察建议', due_recomputed: '重新计算回复期限', due_reset: '重新确定回复期限', receipt: '更正收到日期', progress: '报告整改进展',
  complete: '报告整改完成', reply: '提交书面回复', revoked: '撤回更新', reviewed: '检察官审核', evidence: '补充证据', amended: '更正案件',
  follow_up_recomputed: '重新计算回头看日期', reply_redated: '更正书面回复日期',
};

const day = (date: Date | undefined) => (date ? date.toISOString().slice(0, 10) : '');
/** A date kept in a history entry's detail (a Date, or its ISO text). */
const dayOf = (value: unknown) => (value instanceof Date ? day(value) : typeof value === 'string' ? value.slice(0, 10) : '');

function describe(change: Change, progress?: ProgressRecord, rec?: RecommendationRecord): string {
  const d = change.detail ?? {};
  switch (change.action) {
    // The entry's time is when it was registered; the document's own dates are what a prosecutor looks for.
    case 'issued':
      return rec ? [`发出日期 ${day(rec.issuedOn)}`, rec.receivedOn ? `收到日期 ${day(rec.receivedOn)}` : '', rec.urgent ? '情况紧急' : ''].filter(Boolean).join('，') : '';
    case 'progress':
    case 'complete':
    case 'reply': {
      const parts = [
        progress?.percent !== undefined ? `进度 ${progress.percent}%` : '',
        progress?.stage ?? '',
        progress?.measures ?? '',
        // The figures were read out of the measures text; listed alone only when there is no text.
        ...(progress?.measures ? [] : (progress?.quantities ?? []).map((q) => `${q.item ?? ''}${q.value}${q.unit}`)),
      ];
      // The mark closes the text it qualifies, with no comma before its bracket: 进度 90%，补植苗木3000株（已撤回）.
      return `${parts.filter(Boolean).join('，') || '—'}${progress?.revoked ? '（已撤回）' : ''}`;
    }
    case 'reviewed':
      return d.decision === 'accept' ? `审核通过${d.note ? `：${String(d.note)}` : ''}；回头看 ${String(d.followUpOn ?? '')}` : `退回继续整改：${String(d.reason ?? '')}`;
    case 'due_recomputed':
      if (d.reason === 'calendar') return `节假日安排变更：${String(d.rule ?? '')}`;
      return `收到日期 ${String(d.receivedOn ?? '')}${d.urgent ? '（紧急）' : ''}：${String(d.rule ?? '')}`;
    case 'follow_up_recomputed':
      return `节假日安排变更：${String(d.rule ?? '')}`;
    case 'reply_redated':
      return `按回复内容所述日期更正：${dayOf(d.from)} → ${dayOf(d.to)}`;
    case 'receipt':
      return `收到日期 ${String(d.receivedOn ?? '')}${d.urgent ? '（紧急）' : ''}；回复期限仍为检察机关重新确定的 ${dayOf(d.keptDueOn)}`;
    case 'due_reset':
      return `原期限 ${dayOf(d.previousDueOn)}，新期限 ${dayOf(d.dueOn)}：${String(d.reason ?? '')}`;
    case 'revoked':
      return '撤回了上一条更新';
    case 'amended':
      return [...describeChanges((d.changes ?? []) as FieldChange[], 200), ...(d.note ? [`备注：${String(d.note)}`] : [])].join('；');
    default:
      return '';
  }
}

/** Names of the people in `changes` (WeCom userids; API principals and rules keep their own names). */
async function names(mongo: Connection, ids: string[]): Promise<Map<string, string>> {
  const staff = await staffModel(mongo).find({ _id: { $in: [...new Set(ids)] } }, { name: 1 }).lean();
  return new Map([['rules', '规则引擎'], ...staff.map((s) => [s._id, s.name] as [string, string])]);
}

/**
 * A recommendation's history with each update's evidence; evidence entries fold into the update they belong to.
 * `extra` entries (a case's own history) come with their subject and, where the change alone says too little
 * (录入案件), their text.
 */
export async function recommendationTimeline(mongo: Connection, recs: RecommendationRecord[], extra: Array<{ change: Change; subject: string; text?: string }> = []): Promise<TimelineEntry[]> {
  const ids = recs.map((r) => r._id);
  const updates = new Map((await progressModel(mongo).find({ recommendation: { $in: ids } }).lean()).map((p) => [p._id, p]));
  const changes: Array<{ change: Change; subject: string; text?: string; rec?: RecommendationRecord }> = [...extra, ...recs.flatMap((r) => r.history.filter((h) => h.action !== 'evidence').map((change) => ({ change, subject: r.ref, rec: r })))];
  const who = await names(mongo, changes.map((c) => c.change.by));
  return changes
    .sort((a, b) => a.change.at.getTime() - b.change.at.getTime())
    .map(({ change, subject, text, rec }) => {
      const progress = updates.get(change.sourceId);
      return {
        at: change.at.toISOString(), by: change.by, byName: who.get(change.by) ?? change.by, action: change.action,
        actionName: actionNames[change.action] ?? change.action, text: text ?? describe(change, progress, rec), subject,
        evidence: (progress?.evidence ?? []).map((e) => ({ sha256: e.sha256, filename: e.filename, contentType: e.contentType, url: `/api/evidence/${e.sha256}` })),
      };
    });
}
