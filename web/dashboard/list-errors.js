// What is wrong with a list's filters, in the words of the filters on the page (发现日期止, 关键词), never the
// API's parameter names (to, q) or codes (open, pil) a person did not type.
import { ApiError } from './api.js';

/** Names of the paging parameters, which have no control of their own. */
const PAGING_LABELS = { page: '页码', pageSize: '每页条数' };

function labelOf(filters, field) {
  return filters.find((f) => f.name === field)?.label ?? PAGING_LABELS[field] ?? null;
}

/**
 * The browser-side check of the filter values, as 统计 checks its period: the end of a period not before its start,
 * free text within its length. Null when they may be sent.
 */
export function filterProblem(filters, values) {
  const from = filters.find((f) => f.type === 'date' && f.name === 'from');
  const to = filters.find((f) => f.type === 'date' && f.name === 'to');
  if (from && to && values.from && values.to && values.to < values.from) return `${to.label}不能早于${from.label}。`;
  for (const f of filters) {
    if (f.maxLength && (values[f.name] ?? '').length > f.maxLength) return `${f.label}最多 ${f.maxLength} 个字。`;
  }
  return null;
}

/** One refused parameter in the page's words. */
function problemText(detail, filters, values) {
  const field = String(detail?.field ?? '');
  const problem = String(detail?.problem ?? '');
  const label = labelOf(filters, field);
  const value = values[field] ?? '';
  if (!label) return problem.replace(/（[A-Za-z]+ .*）$/, '');
  if (problem.startsWith('应为以下之一')) return `${label}「${value}」不是可选的值，请从列表中选择`;
  if (problem.includes('不是有效的日期')) return `${label}「${value}」不是有效的日期`;
  if (field === 'to' && problem.includes('不能早于')) return `${label}不能早于${labelOf(filters, 'from') ?? '起始日期'}`;
  const most = /^最多 (\d+) 个字符/.exec(problem);
  if (most) return `${label}最多 ${most[1]} 个字`;
  return `${label}：${problem.replace(/（[A-Za-z]+ .*）$/, '')}`;
}

/**
 * A list's error to show: a refused filter (400 with details, from a bookmarked or edited URL) reworded with the
 * filters' labels; anything else as it came.
 */
export function listError(err, filters, values) {
  if (!(err instanceof ApiError) || err.status !== 400 || !Array.isArray(err.details) || err.details.length === 0) return err;
  const message = `查询条件有误：${err.details.map((d) => problemText(d, filters, values)).join('；')}。`;
  return new ApiError(err.status, err.code, message, err.details);
}
