import { findRef } from './document-ref.js';
import { normalizeText } from './normalize-text.js';

/** 线索 / 线索 <编号>: open leads, or one lead's details. */
export type LeadsCommand = { command: 'leads'; number: string | null; text: string };
/** 统计: the platform's statistics. */
export type StatsCommand = { command: 'stats'; text: string };
/** 验收 <文号> [说明] / 退回 <文号> <原因>: the review of a completion the agency reported. */
export type ReviewCommand = { command: 'review'; action: 'accept' | 'send_back'; ref: string | null; note: string; text: string };
export type ProsecutorCommand = LeadsCommand | StatsCommand | ReviewCommand;

const reviewWords: Array<[RegExp, ReviewCommand['action']]> = [
  [/^(?:验收通过|验收|审核通过|整改通过)\s*[:：]?\s*/, 'accept'],
  [/^(?:退回整改|退回|驳回|审核不通过|不予通过)\s*[:：]?\s*/, 'send_back'],
];

/** 验收 / 退回: the reference (full or short) and the words after it as the note or reason. */
function parseReview(text: string): ReviewCommand | null {
  for (const [word, action] of reviewWords) {
    const head = word.exec(text);
    if (!head) continue;
    const rest = text.slice(head[0].length);
    const match = findRef(rest);
    const note = match ? `${rest.slice(0, match.index)} ${rest.slice(match.index + match.length)}` : rest;
    return { command: 'review', action, ref: match?.ref ?? null, note: note.replace(/^[\s,，;；:：。]+|[\s]+$/g, '').trim(), text };
  }
  return null;
}

/**
 * Reads the prosecutors' commands (线索, 线索 XS-2026-0007 or 线索 7, 统计 / 数据统计, 验收 / 退回 <文号>). Returns null for any other
 * text, which then goes to the staff grammar (parseCommand).
 */
export function parseProsecutorCommand(input: string): ProsecutorCommand | null {
  const text = normalizeText(input);
  const leads = /^(?:查看)?线索(?:列表)?\s*[:：]?\s*(.*)$/.exec(text);
  if (leads) {
    const rest = (leads[1] ?? '').trim();
    if (rest === '') return { command: 'leads', number: null, text };
    const full = /^XS-?(\d{4})-?(\d{1,6})$/i.exec(rest);
    if (full) return { command: 'leads', number: `XS-${full[1]}-${full[2]!.padStart(4, '0')}`, text };
    const serial = /^(?:第|编号)?\s*(\d{1,6})\s*(?:号)?$/.exec(rest);
    return serial ? { command: 'leads', number: serial[1]!, text } : null;
  }
  if (/^(?:数据)?统计(?:数据|报表)?$/.test(text)) return { command: 'stats', text };
  return parseReview(text);
}
