// Display formatting: dates in Asia/Shanghai, booleans, traffic lights, Chinese names of codes.
import { h } from './dom.js';

export const TIME_ZONE = 'Asia/Shanghai';

export const ROLE_NAMES = { admin: '管理员', prosecutor: '检察官', agency_admin: '单位管理员', staff: '执法人员' };

export const LIGHTS = {
  red: { name: '逾期', hint: '已超过回复期限' },
  yellow: { name: '临期', hint: '7日内到期' },
  green: { name: '正常', hint: '距期限7日以上' },
  none: { name: '无灯', hint: '尚无回复期限，或已书面回复、已报完成、审核通过' },
};

export const RECOMMENDATION_STATUSES = {
  issued: '已发出',
  received: '已收到',
  rectifying: '整改中',
  completed: '已报完成，待审核',
  reviewed_done: '审核通过',
  reviewed_not_done: '审核未通过',
  litigation: '已提起诉讼',
};

export const LEAD_STATUSES = { open: '待处理', accept: '受理', reject: '不予受理', criminal: '转刑事线索', supervision: '转监察委', withdrawn: '已撤回' };

export const LEAD_KINDS = {
  pil: '公益诉讼线索',
  criminal: '刑事案件线索',
  duty_crime: '职务犯罪线索',
  irregular: '不规范执法',
  general_violation: '一般违法',
  // An alert to the reviewing prosecutor (a first overdue, a completion without evidence), counted as no lead.
  prompt: '提醒',
};

export const CASE_STATUSES = { open: '办理中', closed: '已办结' };

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function shanghaiParts(value) {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const parts = {};
  for (const part of dateTimeFormat.formatToParts(date)) parts[part.type] = part.value;
  return parts;
}

/** An instant as `2026-11-25 09:30` in Shanghai time; unparsable input is returned as it came. */
export function formatDateTime(value) {
  if (value === null || value === undefined || value === '') return '';
  const p = shanghaiParts(value);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : String(value);
}

/** A date as `2026-11-25`: a YYYY-MM-DD string unchanged, an instant as its Shanghai date. */
export function formatDate(value) {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const p = shanghaiParts(value);
  return p ? `${p.year}-${p.month}-${p.day}` : String(value);
}

/** The colored dot of a deadline light, named in Chinese for screen readers and on hover. */
export function lightDot(light) {
  const key = LIGHTS[light] ? light : 'none';
  const { name } = LIGHTS[key];
  return h('span', { class: ['light', `light-${key}`], title: name, 'aria-label': name, role: 'img' });
}

/** A dot followed by its word, for legends and detail pages. */
export function lightLabel(light) {
  const key = LIGHTS[light] ? light : 'none';
  return h('span', { class: 'light-label' }, lightDot(key), LIGHTS[key].name);
}

/** Days left in words, as the API and the chat say them: 还剩 5 天 / 今天到期 / 已逾期 3 天. */
export function daysLeftText(daysLeft) {
  if (typeof daysLeft !== 'number' || Number.isNaN(daysLeft)) return '';
  if (daysLeft > 0) return `还剩 ${daysLeft} 天`;
  if (daysLeft === 0) return '今天到期';
  return `已逾期 ${-daysLeft} 天`;
}

/** Today's date in Shanghai, for date pickers' limits (the browser's own zone may be another). */
export function todayInShanghai() {
  return formatDate(new Date());
}

/** True for a value that shows as an empty cell. */
export function isBlank(value) {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Plain text of a display-ready value: booleans as 是/否, lists joined with 、. */
export function displayText(value) {
  if (isBlank(value)) return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.map(displayText).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Columns whose values are one token each — numbers, dates, document and lead numbers, short states — and must not
 * break inside (2026-10-\n08, XS-2026-\n0077, 待处\n理).
 */
const NOWRAP_KEYS = new Set([
  'number', 'ref', 'caseNumber', 'dueOn', 'daysLeft', 'createdAt', 'repliedOn', 'followUpOn', 'transferDueOn', 'issuedOn',
  'percent', 'fineYuan', 'finePaid', 'light', 'at', 'outcome', 'active', 'id',
]);

/** Whether a column keeps its values on one line. */
export function isNowrapColumn(key) {
  return NOWRAP_KEYS.has(key);
}

/**
 * Tokens inside free text that must not break either: dates (with a time), lead numbers, document numbers
 * (富检行公建〔2026〕209号), day counts (还剩 43 天) and percentages.
 */
const TOKEN = /(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?|XS-\d{4}-\d+|[\u4e00-\u9fa5A-Za-z]{0,8}[〔[［(（【]\d{4}[〕\]］)）】]\d+号|(?:还剩|已逾期|逾期)? ?\d+ ?天|\d+(?:\.\d+)?%)/g;

/** Text with its unbreakable tokens wrapped in nowrap spans. */
export function unbrokenTokens(text) {
  const parts = String(text).split(TOKEN);
  if (parts.length === 1) return text;
  // split() with one capture group alternates text and tokens: odd indexes are tokens.
  return parts.map((part, i) => (i % 2 === 1 ? h('span', { class: 'nobr' }, part) : part)).filter((part) => part !== '');
}

/** 剩余天数 without a bare minus sign: 12, 0, 逾期 54. */
function daysLeftCell(value) {
  return value < 0 ? `逾期 ${-value}` : String(value);
}

/** A transfer deadline with its countdown while the transfer is owed: 2026-12-16（还剩 15 天）. */
function transferDueCell(value, item) {
  const left = item?.transferDaysLeft;
  return typeof left === 'number' ? [h('span', { class: 'nobr' }, value), h('span', { class: ['nobr', left < 0 ? 'overdue' : null] }, `（${daysLeftText(left)}）`)] : value;
}

/** The content of a table cell: a light dot for `light`, otherwise text. `item` is the row, for derived values. */
export function cellContent(key, value, item) {
  if (key === 'light') return isBlank(value) ? lightDot('none') : lightDot(value);
  if (isBlank(value)) return h('span', { class: 'muted' }, '—');
  if (key === 'daysLeft' && typeof value === 'number') return daysLeftCell(value);
  if (key === 'fineYuan' && typeof value === 'number') return value.toLocaleString('zh-CN');
  if (key === 'transferDueOn') return transferDueCell(displayText(value), item);
  const text = displayText(value);
  return NOWRAP_KEYS.has(key) ? text : unbrokenTokens(text);
}
