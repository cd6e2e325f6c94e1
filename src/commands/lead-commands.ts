/**
 * Lead numbers (线索编号) and the decisions prosecutors type on a lead (受理 XS-2026-0009, 不予受理 XS-2026-0009 <理由>),
 * the same four as the buttons of a lead alert card. Pure: the text is already normalised (normalize-text.ts).
 */

/** A decision on a lead, by its key on the alert card (src/models/lead.ts `leadDecisions`). */
export type LeadDecisionAction = 'accept' | 'reject' | 'criminal' | 'supervision';

/** A decision typed in chat: which one, and the words after the lead number (the reason of 不予受理). */
export type TypedLeadDecision = {
  action: LeadDecisionAction;
  reason: string;
  /** Set when the words ask about the decision (受理了吗？ 是否受理) rather than make it: nothing may be recorded. */
  question?: true;
  /** The lead numbers written after the first (受理 XS-2026-0002、XS-2026-0004): nothing may be recorded. */
  otherNumbers?: string[];
  /**
   * Set when the words do not hold to the decision: taken back (受理 XS-2026-0010 不对 应该不予受理), put off
   * (不予受理吧 我再想想, 受理，等公安反馈后再定) or only hedged (可以受理). Nothing may be recorded: the handler asks.
   */
  unclear?: LeadDecisionUnclear;
};

/** Why a typed decision is not one to record: `taken_back`, `deferred` or `hedged` (see TypedLeadDecision). */
export type LeadDecisionUnclear = 'taken_back' | 'deferred' | 'hedged';

/**
 * Every dash a phone may put in XS-2026-0009: ASCII (full-width － is already folded to it), hyphens, en and em
 * dashes (the Chinese input method's —— is two of them) and the minus sign.
 */
const DASH = '[-\\u2010-\\u2015\\u2212]';

/**
 * XS-2026-0009, XS-2026-9, xs20269, XS 2026 0009, XS-0009 (no year). The year must look like one (20xx), so
 * XS-12345 is serial 12345; a serial is at most six digits and not part of a longer number (XS-2026-1234567 is
 * no lead number, rather than serial 2026 followed by junk).
 */
const LEAD_NUMBER = new RegExp(`^(?:线索|编号)?\\s*XS\\s*${DASH}{0,2}\\s*(?:(20\\d{2})\\s*${DASH}{0,2}\\s*)?(\\d{1,6})(?!\\d|\\s*${DASH}+\\s*\\d)`, 'i');

/** A lead number at the start of `text`: canonical (XS-2026-0009), or only the serial ("9") when no year was written. */
export function leadNumberAt(text: string): { number: string; length: number } | null {
  const match = LEAD_NUMBER.exec(text);
  if (!match) return null;
  const [whole, year, serial] = match as unknown as [string, string | undefined, string];
  return { number: year ? `XS-${year}-${serial.padStart(4, '0')}` : String(Number(serial)), length: whole.length };
}

/**
 * The words of each decision, refusals first (不予受理 contains 受理). 转刑事 and 转监察委 name where the lead is
 * transferred; 移送 is how the law says it.
 */
const DECISION_WORDS: Array<[RegExp, LeadDecisionAction]> = [
  [/^(?:不予受理|不受理)/, 'reject'],
  [/^(?:转刑事(?:案件)?线索|转刑事案件|转刑事|移送公安(?:机关)?)/, 'criminal'],
  [/^(?:转监察委(?:员会)?|移送监察委(?:员会)?|转监委)/, 'supervision'],
  [/^(?:予以受理|同意受理|受理)/, 'accept'],
];

/** Separators between the parts (不予受理：XS-2026-0009，理由…) and a leading 理由 / 原因 label (不予受理的理由是…). */
const SEPARATORS = /^[\s,，;；:：。、]+/;
const REASON_LABEL = /^的?(?:理由|原因)(?:是|为|如下)?\s*[:：]?\s*/;
const REASON_LABEL_AT_START = /^[\s,，;；:：。、]*的?(?:理由|原因)(?:是|为|如下|\s*[:：])/;

/**
 * How a prosecutor asks rather than decides: a question mark, a final particle (吗 呢 么 嘛, not inside a word such
 * as 吗啡), a question word, 了没(有) at the end, or only 情况 / 进展 after the decision (XS-2026-0001 受理情况).
 * 情况 and 进展 inside a longer text stay a reason: 经核实情况属实 is one.
 */
/** A question ends the message (？, 吗, 呢, 了没有, 怎么样) or opens a short rest after the decision (是否…, 如何…). */
const QUESTION_AT_END = /(?:[?？]|吗|呢|么|嘛|了没有?|怎么样|怎样|如何)[\s.!。！~～…]*$/;
const QUESTION_AT_START = /^(?:是否|有没有|怎样|怎么|如何|能否|可否|要不要)/;
const QUESTION_ONLY = /^(?:的?(?:情况|进展|进度|状态|结果)|了?没有?)$/;
/** Words that make the decision word after them a question: XS-2026-0001 是否受理. */
const QUESTION_PREFIX = /^(?:是否|有没有|有无|能否|可否|要不要|该不该|可不可以|能不能|是不是|需不需要|应不应该?|用不用)(?:已经?|已被|被)?/;

/**
 * Words before the decision that only weigh it (可以受理, 应该不予受理, 建议转刑事): a question when asked (可以受理吗
 * answers the lead's status), otherwise an opinion rather than the decision, so it is asked about too.
 */
const HEDGE_PREFIX = /^(?:可以|可|能|应该|应当|建议|拟|准备|打算)/;

/** Words before the decision that put it off: XS-2026-0009 暂不受理 (not yet decided, not 不予受理). */
const DEFER_PREFIX = /^(?:暂不|暂时不|暂且不|先不|暂缓)/;

/** Words around the decision that say nothing (XS-2026-0009 这个受理一下, 就受理吧): not part of it, nor a reason. */
const FILLER_BEFORE = /^(?:这个|这条(?:线索)?|该线索|此线索|请|麻烦|帮我|给我|就|那就|那)+\s*/;
const PARTICLES_AFTER = /^(?:一下|吧|了|啊|呀|哈)+(?=$|[\s,，;；:：。.!！、])/;

/**
 * A clause that takes back what was just written (受理吧，不对，不予受理): 不对, 说错了, 更正 … standing alone
 * between separators, so a reason saying 当事人陈述不对 or 不是受理范围 is still a reason.
 */
const TAKE_BACK_CLAUSE = /^(?:哦|噢|额|呃|啊)?(?:不对|不是|错了|说错了?|写错了?|打错了?|搞错了?|弄错了?|口误|更正(?:一下)?|纠正(?:一下)?|等等|等一下|不不)+[了啦吧]?$/;

/** Another decision named as the right one: 应该不予受理, 改为转刑事, 其实是受理. */
const CORRECTED_TO = /(?:应该|应当|应是|应为|改为|改成|换成|更正为|其实是)\s*(?:是|为)?\s*(?:不予受理|不受理|受理|转刑事(?:线索)?|移送公安|转监察委|移送监察委|转监委)(?=$|[\s,，;；。.!！吧啊])/;

/** Words that put the decision off: 我再想想, 等公安反馈后再定, 待定, 回头再说. */
const DEFERRED = /再(?:想想?|考虑|斟酌|研究|商量|商议|定|议|决定|看看)|想一想|考虑一下|考虑考虑|回头再|稍后再|以后再|之后再|晚点再|晚些再|先放(?:一放|着)|再说[\s.。!！吧]*$|(?:等|待)(?:我|我们)?再(?:核实|核查|确认|了解|调查|查)|再(?:核实|核查|确认|了解|调查|查)一下/;
const DEFERRED_CLAUSE = /^(?:待定|未定|还没定|没想好|还没想好)[了吧啊]?$/;

/**
 * Whether the words after a decision take it back or put it off; undefined when they hold to it. Exported for the
 * free-text answer to "why 不予受理": 不对，应该受理 is no reason.
 */
export function hesitation(rest: string): Exclude<LeadDecisionUnclear, 'hedged'> | undefined {
  // A labelled reason (理由：当事人表示再考虑整改方案) is a reason whatever its words: the way to say one plainly.
  if (REASON_LABEL_AT_START.test(rest)) return undefined;
  const clauses = rest.split(/[\s,，;；:：。.!！、]+/).filter(Boolean);
  if (clauses.some((c) => TAKE_BACK_CLAUSE.test(c)) || CORRECTED_TO.test(rest)) return 'taken_back';
  return DEFERRED.test(rest) || clauses.some((c) => DEFERRED_CLAUSE.test(c)) ? 'deferred' : undefined;
}

/**
 * A question about the lead rather than a decision. Only the ends of the message count: a reason may well contain
 * 是否 or 如何 (当事人是否整改已核实) and is still a reason.
 */
function isQuestion(text: string, rest: string): boolean {
  // A short rest opening with a question word (是否受理过) asks; a long one is a reason (如何处理已与公安沟通…).
  return QUESTION_AT_END.test(text) || (QUESTION_AT_START.test(rest) && rest.length <= 8) || QUESTION_ONLY.test(rest);
}

/** A further lead number at the start of the words after the first: 、XS-2026-0004, 和 XS-2026-0004, 、4号. */
const ANOTHER_SERIAL = /^(?:和|及|以及|与|跟|还有)?\s*(\d{1,6})\s*号?(?=$|[\s,;、和及])/;

/**
 * Every lead number in the words after the first, unless they are a labelled reason (理由：与XS-2026-0006重复),
 * and a bare serial right after it (受理 XS-2026-0002、4). A reason naming another lead unlabelled is read as a
 * second lead: asking to send one at a time is safer than deciding one lead with the other's number as its 说明.
 */
function otherLeadNumbers(rest: string): string[] {
  if (/^的?(?:理由|原因)/.test(rest)) return [];
  const numbers: string[] = [];
  const serial = ANOTHER_SERIAL.exec(rest);
  if (serial) numbers.push(String(Number(serial[1])));
  for (let i = 0; i < rest.length; i++) {
    if (!/x/i.test(rest.charAt(i)) || /[a-z]/i.test(rest.charAt(i - 1))) continue;
    const found = leadNumberAt(rest.slice(i));
    if (found) {
      numbers.push(found.number);
      i += found.length - 1;
    }
  }
  return numbers;
}

function reasonOf(text: string): string {
  return text.replace(SEPARATORS, '').replace(REASON_LABEL, '').replace(SEPARATORS, '').replace(/\s{2,}/g, ' ').trim();
}

function decisionWordAt(text: string): { action: LeadDecisionAction; length: number } | null {
  for (const [word, action] of DECISION_WORDS) {
    const match = word.exec(text);
    if (match) return { action, length: match[0].length };
  }
  return null;
}

/**
 * A decision on a lead: `<决定> <编号> [理由]` or `<编号> <决定> [理由]`. Without a lead number it is read only when
 * `withoutNumber` is set (a prosecutor's message, so that the handler can ask which lead); from anyone else the same
 * words (受理群众举报…) may be news for the staff grammar. A question about the decision (XS-2026-0001 受理了吗？) is
 * marked `question`, and a second lead number `otherNumbers`: the handler records neither.
 *
 * @example parseLeadDecision('不予受理 xs-2026-9 已告知听证', false)
 * // { number: 'XS-2026-0009', decision: { action: 'reject', reason: '已告知听证' } }
 */
export function parseLeadDecision(text: string, withoutNumber: boolean): { number: string | null; decision: TypedLeadDecision } | null {
  const first = leadNumberAt(text);
  let afterNumber = (first ? text.slice(first.length).replace(SEPARATORS, '') : text).replace(FILLER_BEFORE, '');
  const asking = QUESTION_PREFIX.exec(afterNumber);
  if (asking) afterNumber = afterNumber.slice(asking[0].length);
  const weighing = asking ? null : HEDGE_PREFIX.exec(afterNumber) ?? DEFER_PREFIX.exec(afterNumber);
  if (weighing) afterNumber = afterNumber.slice(weighing[0].length);
  const word = decisionWordAt(afterNumber);
  if (!word) return null;
  let rest = afterNumber.slice(word.length).replace(PARTICLES_AFTER, '').replace(SEPARATORS, '');
  let number = first?.number ?? null;
  if (!number) {
    const after = leadNumberAt(rest);
    if (after) {
      number = after.number;
      rest = rest.slice(after.length);
    }
  }
  if (!number && !withoutNumber) return null;
  rest = rest.replace(SEPARATORS, '').replace(PARTICLES_AFTER, '');
  const decision: TypedLeadDecision = { action: word.action, reason: reasonOf(rest) };
  if (asking || isQuestion(text, rest.replace(SEPARATORS, ''))) decision.question = true;
  else {
    const unclear = weighing ? (DEFER_PREFIX.test(weighing[0]) ? 'deferred' : 'hedged') : hesitation(rest);
    if (unclear) decision.unclear = unclear;
  }
  const others = number ? otherLeadNumbers(rest.replace(SEPARATORS, '')) : [];
  if (others.length) decision.otherNumbers = others;
  return { number, decision };
}
