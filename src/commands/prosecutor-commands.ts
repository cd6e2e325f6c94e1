import { findRef, refAtStart } from './document-ref.js';
import { leadNumberAt, parseLeadDecision, type TypedLeadDecision } from './lead-commands.js';
import { normalizeText } from './normalize-text.js';

/**
 * 线索 / 线索 <编号>: open leads, or one lead's details; with `decision`, a decision on the lead typed in chat
 * (受理 / 不予受理 <理由> / 转刑事线索 / 转监察委 <编号>), as from the alert card's buttons. `number` is canonical
 * (XS-2026-0009) or a serial of this year ("9"); null in a decision means the prosecutor named no lead.
 */
export type LeadsCommand = { command: 'leads'; number: string | null; decision?: TypedLeadDecision; text: string };
/**
 * 统计: the platform's statistics; with `period` (本月统计, 今年统计, 去年统计, 统计 去年) or `year` (2026年统计,
 * 二〇二六年统计, 26年统计), only the records created in it. `unknownPeriod` is a period the bot cannot count by
 * (上季度统计, 3月统计): the sender is told the periods it can.
 */
export type StatsCommand = { command: 'stats'; text: string; period?: StatsPeriod; year?: number; unknownPeriod?: string };
/** The periods 统计 can be asked for by name: this month, last month, this year (so far), last year. */
export type StatsPeriod = 'this_month' | 'last_month' | 'this_year' | 'last_year';

const statsPeriods: Record<string, StatsPeriod> = {
  本月: 'this_month', 这个月: 'this_month', 当月: 'this_month', 上月: 'last_month', 上个月: 'last_month',
  // 年度统计 without a year is this year's so far, as 本年度; the answer names 去年统计 for the year just closed.
  本年: 'this_year', 今年: 'this_year', 本年度: 'this_year', 年度: 'this_year', 全年: 'this_year', 今年全年: 'this_year', 本年全年: 'this_year',
  去年: 'last_year', 去年度: 'last_year', 上年: 'last_year', 上年度: 'last_year', 上一年: 'last_year', 上一年度: 'last_year', 去年全年: 'last_year', 上年全年: 'last_year',
};

/** What may come before the period (请, 帮我, 看看, 看下) and after 统计 (一下, 报表): the same for every period. */
const STATS_BEFORE = '^(?:请|麻烦)?(?:帮我|帮忙|给我|我要|我想)?(?:查看|看看|看一下|看一看|看下|查一下|查下|查查|查询)?';
const STATS_AFTER = '(?:的)?(?:数据)?统计(?:一下|数据|报表|情况)?[?？]?$';

/** The named periods, longest first (去年全年 before 去年). */
const PERIOD_WORDS = Object.keys(statsPeriods).sort((a, b) => b.length - a.length).join('|');
/** A year: 2026, 二〇二六 or 26, then 年 (2026年度, 26年全年). Group 1 is the year as written. */
const YEAR = '((?:19|20)\\d{2}|[〇零一二三四五六七八九]{4}|\\d{2})\\s*年(?:度|全年)?';

/**
 * 统计, 看看统计, 本月统计, 这个月的数据统计, 帮我看一下今年统计, 去年统计, 2026年统计, 2026年度统计, 二〇二六年统计,
 * 26年统计: the figures, for a period when one is named. Group 1 is a named period, group 2 a year.
 */
const STATS = new RegExp(`${STATS_BEFORE}(?:(${PERIOD_WORDS})|${YEAR})?${STATS_AFTER}`);

/** 统计 去年, 统计一下2026年的数据: the period written after 统计. Groups as in {@link STATS}. */
const STATS_THEN_PERIOD = new RegExp(`${STATS_BEFORE}统计(?:一下)?\\s*[:：]?\\s*(?:(${PERIOD_WORDS})|${YEAR})(?:的)?(?:数据|统计|情况|报表)?[?？]?$`);

/** Words asking to be shown (瞅瞅, 帮我看下) left before a period that {@link STATS_BEFORE} does not take. */
const ASKING = /^(?:请|麻烦|帮忙|帮我|给我|我要|我想|查看|看看|看下|看一看|看一下|瞅瞅|瞧瞧|瞅一下|瞧一下|查查|查下|查一下|看|查)+/;
/** A named period or a year, all of what is left once the asking words are taken off. */
const PERIOD_ALONE = new RegExp(`^(?:(${PERIOD_WORDS})|${YEAR})$`);

const CHINESE_DIGITS = '〇一二三四五六七八九';

/** 二〇二六 → 2026, 26 → 2026 (a two-digit year is of this century), 2026 → 2026. */
function yearOf(written: string): number {
  const digits = [...written].map((c) => (c === '〇' || c === '零' ? '0' : CHINESE_DIGITS.includes(c) ? String(CHINESE_DIGITS.indexOf(c)) : c)).join('');
  return digits.length === 2 ? 2000 + Number(digits) : Number(digits);
}

/** The stats command a period or year match makes (groups 1 and 2 as in {@link STATS}). */
function statsFor(text: string, match: RegExpExecArray): StatsCommand {
  return { command: 'stats', text, ...(match[1] ? { period: statsPeriods[match[1]]! } : {}), ...(match[2] ? { year: yearOf(match[2]) } : {}) };
}

/**
 * 上季度统计, 3月统计, 本周的统计, 近三个月统计: a period the figures are not kept by (a short phrase with a word of
 * time, before 统计 and nothing after it). 林地面积统计 or 14号统计 are no period, and stay with the staff grammar.
 */
const STATS_OTHER_PERIOD = new RegExp(`${STATS_BEFORE}([^\\s,，.。;；:：!！?？号]{1,12}?)${STATS_AFTER}`);
/** 统计 上季度: {@link STATS_OTHER_PERIOD} written after 统计. */
const STATS_THEN_OTHER_PERIOD = new RegExp(`${STATS_BEFORE}统计(?:一下)?\\s*[:：]?\\s*([^\\s,，.。;；:：!！?？号]{1,12}?)(?:的)?(?:数据|统计|情况|报表)?[?？]?$`);
const TIME_WORD = /年|月|季|周|星期|礼拜|天|日|旬|以来|至今|近|前|昨|今|本期|上期/;

/**
 * 线索, 查看线索, 帮我看看有哪些线索, 有没有新线索: the head of the 线索 command; group 1 is what follows it (a lead
 * number, a decision).
 */
const LEADS_HEAD = /^(?:请|麻烦)?(?:帮我|给我)?(?:查看|看看|看一下|查一下|列出|列一下)?(?:我的|有哪些|有什么|有没有)?(?:新的?|待处理的?)?线索(?:列表)?\s*[:：]?\s*(.*)$/;
/**
 * 验收 <文号> [说明] / 退回 <文号> <原因>: the review of a completion the agency reported. `unclear` records
 * nothing: the words do not say plainly whether to accept (a question, a deferral, a note with doubts, two
 * recommendations), and the handler asks for 验收 or 退回 in so many words.
 */
export type ReviewCommand = {
  command: 'review';
  action: 'accept' | 'send_back' | 'unclear';
  ref: string | null;
  note: string;
  text: string;
  /** Why the action is unclear (`evidence_to_come`: 通过，照片后补); `otherRef` is the second recommendation named. */
  unclear?: 'question' | 'deferred' | 'doubt' | 'evidence_to_come' | 'two_refs';
  otherRef?: string;
};
export type ProsecutorCommand = LeadsCommand | StatsCommand | ReviewCommand;

/** Refusals and deferrals first: 验收不通过 and 暂不验收 contain 验收 but do not accept. */
const reviewWords: Array<[RegExp, ReviewCommand['action']]> = [
  [/^(?:验收不通过|验收未通过|验收没有?通过|验收不合格|验收不了|不予验收|不同意验收|不能验收|无法验收|不验收|不通过验收|未通过验收|审核不通过|审核未通过|不予通过|不通过|退回整改|退回|驳回)\s*[:：,，]?\s*/, 'send_back'],
  [/^(?:暂不验收|暂缓验收|先不验收|暂不审核|暂缓审核|暂缓)\s*[:：,，]?\s*/, 'unclear'],
  [/^(?:验收通过|通过验收|同意验收|验收合格|审核通过|整改通过|验收)\s*[:：,，]?\s*/, 'accept'],
];

/**
 * Words in an acceptance's note that say the opposite (验收 14号 不能通过，照片不全): the prosecutor means to send it
 * back, and sending back can be undone by a later 验收 while an acceptance closes the rectification.
 */
const OUTRIGHT_REFUSAL = /不通过|未通过|没有?通过|不能通过|无法通过|通过不了|不合格|不达标|不予|不同意|不行|不可以|拒绝|退回|驳回/;
const REFUSAL_IN_NOTE = new RegExp([
  OUTRIGHT_REFUSAL.source,
  '重新整改|继续整改|未完成|尚未完成|没有?完成|未整改|不彻底|不到位|未到位|存在问题|有问题|问题较多',
  '需要?(?:补充|整改|完善|重新)|请补充|补充(?:材料|证据|照片|说明)|补交|补报|补正|补齐|补全|补发|不全|不足|缺少|缺失|不清楚|不清晰',
].join('|'));

/**
 * Evidence still to come (通过，照片后补; 材料稍后提交): the prosecutor means to pass it once the evidence is in, which
 * is neither a plain acceptance (it would close the rectification with the evidence still owed) nor a refusal.
 */
const EVIDENCE_TO_COME = /后补|再补|补(?:后|完后|齐后|上后)|(?:稍后|随后|之后|以后|日后|回头|晚点|晚些|过后|改天|下次|另行|后续)(?:再)?(?:补|提交|提供|发|交|上传|送|报)/;

/** Phrases with a negation that still approve (没有问题, 无异议): taken out before looking for refusals and doubts. */
const APPROVING = /没有?(?:发现)?问题|无问题|未发现问题|不存在问题|无异议|没有异议|(?:无需|无须|不需要?|不用|不必)再?(?:后补|补(?:充|交|报|发|齐|正)?)/g;

/** Any other negation or reservation in an acceptance's note: too uncertain to close the rectification on. */
const DOUBT = /但是?|可是|不过|暂缓|再[定议说看]|再(?:想|考虑|斟酌|研究|商量)|想一想|考虑一下|回头再|稍后再|还[需要差有]|仍[需有]|尚[需未]|待(?:补|整改|核实|完善|进一步)|需要?(?:补|核实|完善|进一步)|未见|未提供|未附|没有?(?:附|提供|看到|见到)|缺|欠|不(?:够|太|完全|全)|有待|问题/;

/** A question about the review (9号验收通过了吗？), not a decision. */
const QUESTION = /[?？]|(?:吗|呢|么|没有?)[\s.!。！~～…]*$|是否|有没有|怎(?:样|么样)|如何/;

/** 14号验收情况, 验收结果: asking about the review, with nothing decided in the words. */
const ABOUT_THE_REVIEW = /^(?:的)?(?:情况|进展|结果|进度|状态)$/;

/** 验收 / 退回: the reference (full or short) and the words after it as the note or reason. */
function parseReview(text: string): ReviewCommand | null {
  for (const [word, action] of reviewWords) {
    const head = word.exec(text);
    if (!head) continue;
    const rest = text.slice(head[0].length);
    const match = findRef(rest);
    const note = tidyNote(match ? `${rest.slice(0, match.index)} ${rest.slice(match.index + match.length)}` : rest);
    const review: ReviewCommand = { command: 'review', action, ref: match?.ref ?? null, note, text };
    return judgeReview(review);
  }
  return null;
}

/** Settles what an acceptance's words really say; a refusal or deferral stays as it was read. */
function judgeReview(review: ReviewCommand): ReviewCommand {
  const other = review.ref ? findRef(review.note) : null;
  if (other && other.ref !== review.ref) return { ...review, action: 'unclear', unclear: 'two_refs', otherRef: other.ref };
  // A send-back's reason may ask (为什么照片这么少？): it is still a send-back, which a later 验收 can undo.
  if (review.action !== 'send_back' && (QUESTION.test(review.text) || ABOUT_THE_REVIEW.test(review.note))) return { ...review, action: 'unclear', unclear: 'question' };
  if (review.action === 'unclear') return { ...review, unclear: 'deferred' };
  if (review.action !== 'accept') return review;
  const reservations = review.note.replace(APPROVING, '');
  // 照片后补交 says the evidence is owed, not that the work is refused: asked about, unless refused in so many words.
  if (EVIDENCE_TO_COME.test(reservations) && !OUTRIGHT_REFUSAL.test(reservations)) return { ...review, action: 'unclear', unclear: 'evidence_to_come' };
  if (REFUSAL_IN_NOTE.test(reservations)) return { ...review, action: 'send_back' };
  if (DOUBT.test(reservations)) return { ...review, action: 'unclear', unclear: 'doubt' };
  return review;
}

/** 14号 验收通过 / 14号 退回 照片不清楚: the reference first, as prosecutors also write. */
function parseReviewAfterRef(text: string): ReviewCommand | null {
  const ref = refAtStart(text);
  if (!ref) return null;
  const rest = text.slice(ref.index + ref.length).replace(/^[\s,，:：]+/, '');
  // 9号 照片看了，可以，验收通过 / 9号 整改不到位 退回: the decision said last, what led to it before — read as
  // 验收 <说明> / 退回 <原因>, so the same checks for doubts and questions apply to those words.
  const last = REVIEW_AT_END.exec(rest);
  const review = parseReview(rest) ?? (last ? parseReview(`${last[1] ? '退回' : '验收'} ${rest.slice(0, last.index)}`) : null);
  return review && !review.ref ? { ...review, ref: ref.ref, text } : null;
}

/** A review decision at the end of a prosecutor's message: group 1 is set for a sending back. */
const REVIEW_AT_END = /[\s,，;；。]*(?:(予以退回|退回(?:整改|重新整改)?)|(?:同意)?验收(?:通过|合格)?)[\s。.!！]*$/;

function tidyNote(note: string): string {
  return note.replace(/^[\s,，;；:：。]+|[\s]+$/g, '').replace(/\s{2,}/g, ' ').trim();
}

/** Words opening a message that take back what was sent before: 不对，…, 刚才的决定错了，…. */
const TAKING_BACK = /^(?:不对|不是的|错了|说错了|写错了|点错了|更正|纠正|改一下|刚才(?:的)?(?:决定)?(?:有误|错了|不对))[\s,;:.!。！]*/;

/**
 * 不对，转刑事线索 XS-0001: a prosecutor changing their mind about a lead. Not recorded as it stands (`taken_back`,
 * as 受理 … 不对 应该不予受理): the lead's status is the answer, with how a decision is made or changed — not the
 * agency staff's 撤回 of a progress update.
 */
function decisionAfterTakingBack(text: string): ReturnType<typeof parseLeadDecision> {
  const opening = TAKING_BACK.exec(text);
  // Without a lead number (不对，应该受理) it may answer the question for a 不予受理's reason, which reads it as such.
  const decided = opening?.[0] ? parseLeadDecision(text.slice(opening[0].length), false) : null;
  if (!decided) return null;
  return decided.decision.question ? decided : { ...decided, decision: { ...decided.decision, unclear: 'taken_back' } };
}

/**
 * Reads the prosecutors' commands (线索, 线索 XS-2026-0007 or 线索 7, 统计 / 数据统计, 验收 / 退回 <文号>, 受理 /
 * 不予受理 / 转刑事线索 / 转监察委 XS-2026-0007). Returns null for any other text, which then goes to the staff grammar
 * (parseCommand). `refFirst` marks a prosecutor's message: it also reads 14号 验收通过 as a review, since from agency
 * staff the same words report the agency's own acceptance check (a stage), and a decision word without a lead number.
 */
export function parseProsecutorCommand(input: string, options: { refFirst?: boolean } = {}): ProsecutorCommand | null {
  // Group chats prefix the bot's name: @衔接助手 线索.
  const text = normalizeText(input).replace(/^(?:@\S+\s+)+/, '');
  const leads = LEADS_HEAD.exec(text);
  if (leads) {
    const rest = (leads[1] ?? '').trim();
    if (/^(?:有哪些|列表)?[?？]?$/.test(rest)) return { command: 'leads', number: null, text };
    // 线索 XS-2026-0009 不予受理 …: a decision written after the lead it is on.
    const decided = parseLeadDecision(rest, false);
    if (decided?.number) return { command: 'leads', ...decided, text };
    const full = leadNumberAt(rest);
    if (full && rest.length === full.length) return { command: 'leads', number: full.number, text };
    const serial = /^(?:第|编号)?\s*(\d{1,6})\s*(?:号)?$/.exec(rest);
    return serial ? { command: 'leads', number: serial[1]!, text } : null;
  }
  const stats = STATS.exec(text) ?? STATS_THEN_PERIOD.exec(text);
  if (stats) return statsFor(text, stats);
  const other = STATS_OTHER_PERIOD.exec(text) ?? STATS_THEN_OTHER_PERIOD.exec(text);
  if (other && TIME_WORD.test(other[1]!)) {
    // 帮我瞅瞅去年统计: the asking words are no part of the period, which may be one there is.
    const period = other[1]!.replace(ASKING, '');
    const known = PERIOD_ALONE.exec(period);
    return known ? statsFor(text, known) : { command: 'stats', text, unknownPeriod: period || other[1]! };
  }
  // A decision without a lead number only from prosecutors (refFirst): staff may start news with 受理.
  const decided = parseLeadDecision(text, options.refFirst === true) ?? (options.refFirst ? decisionAfterTakingBack(text) : null);
  if (decided) return { command: 'leads', ...decided, text };
  return parseReview(text) ?? (options.refFirst ? parseReviewAfterRef(text) : null);
}
