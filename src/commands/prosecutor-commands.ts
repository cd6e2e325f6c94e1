import { findRef, refAtStart } from './document-ref.js';
import { normalizeText } from './normalize-text.js';

/** 线索 / 线索 <编号>: open leads, or one lead's details. */
export type LeadsCommand = { command: 'leads'; number: string | null; text: string };
/** 统计: the platform's statistics. */
export type StatsCommand = { command: 'stats'; text: string };
/** 验收 <文号> [说明] / 退回 <文号> <原因>: the review of a completion the agency reported. */
export type ReviewCommand = { command: 'review'; action: 'accept' | 'send_back'; ref: string | null; note: string; text: string };
export type ProsecutorCommand = LeadsCommand | StatsCommand | ReviewCommand;

/** Refusals first: 验收不通过 starts with 验收 but sends the rectification back. */
const reviewWords: Array<[RegExp, ReviewCommand['action']]> = [
  [/^(?:验收不通过|验收未通过|验收不合格|不予验收|不通过验收|未通过验收|审核不通过|不予通过|不通过|退回整改|退回|驳回)\s*[:：,，]?\s*/, 'send_back'],
  [/^(?:验收通过|通过验收|同意验收|验收合格|审核通过|整改通过|验收)\s*[:：,，]?\s*/, 'accept'],
];

/**
 * Words in an acceptance's note that say the opposite (验收 14号 不合格，退回): the prosecutor means to send it
 * back, and sending back can be undone by a later 验收 while an acceptance closes the rectification.
 */
const REFUSAL_IN_NOTE = /不通过|未通过|没有?通过|不合格|不予|不同意|退回|驳回|重新整改|继续整改/;

/** 验收 / 退回: the reference (full or short) and the words after it as the note or reason. */
function parseReview(text: string): ReviewCommand | null {
  for (const [word, action] of reviewWords) {
    const head = word.exec(text);
    if (!head) continue;
    const rest = text.slice(head[0].length);
    const match = findRef(rest);
    const note = tidyNote(match ? `${rest.slice(0, match.index)} ${rest.slice(match.index + match.length)}` : rest);
    return { command: 'review', action: action === 'accept' && REFUSAL_IN_NOTE.test(note) ? 'send_back' : action, ref: match?.ref ?? null, note, text };
  }
  return null;
}

/** 14号 验收通过 / 14号 退回 照片不清楚: the reference first, as prosecutors also write. */
function parseReviewAfterRef(text: string): ReviewCommand | null {
  const ref = refAtStart(text);
  if (!ref) return null;
  const review = parseReview(text.slice(ref.index + ref.length).replace(/^[\s,，:：]+/, ''));
  return review && !review.ref ? { ...review, ref: ref.ref, text } : null;
}

function tidyNote(note: string): string {
  return note.replace(/^[\s,，;；:：。]+|[\s]+$/g, '').replace(/\s{2,}/g, ' ').trim();
}

/**
 * Reads the prosecutors' commands (线索, 线索 XS-2026-0007 or 线索 7, 统计 / 数据统计, 验收 / 退回 <文号>). Returns null for any other
 * text, which then goes to the staff grammar (parseCommand). `refFirst` also reads 14号 验收通过 as a review: only
 * for prosecutors, since from agency staff the same words report the agency's own acceptance check (a stage).
 */
export function parseProsecutorCommand(input: string, options: { refFirst?: boolean } = {}): ProsecutorCommand | null {
  const text = normalizeText(input);
  const leads = /^(?:查看|看看|看一下)?(?:新的?)?线索(?:列表)?\s*[:：]?\s*(.*)$/.exec(text);
  if (leads) {
    const rest = (leads[1] ?? '').trim();
    if (rest === '' || /^(?:有哪些|列表)[?？]?$/.test(rest)) return { command: 'leads', number: null, text };
    const full = /^XS-?(\d{4})-?(\d{1,6})$/i.exec(rest);
    if (full) return { command: 'leads', number: `XS-${full[1]}-${full[2]!.padStart(4, '0')}`, text };
    const serial = /^(?:第|编号)?\s*(\d{1,6})\s*(?:号)?$/.exec(rest);
    return serial ? { command: 'leads', number: serial[1]!, text } : null;
  }
  if (/^(?:查看|看看|看一下)?(?:数据)?统计(?:一下|数据|报表|情况)?$/.test(text)) return { command: 'stats', text };
  return parseReview(text) ?? (options.refFirst ? parseReviewAfterRef(text) : null);
}
