/**
 * Lead numbers (线索编号) and the decisions prosecutors type on a lead (受理 XS-2026-0009, 不予受理 XS-2026-0009 <理由>),
 * the same four as the buttons of a lead alert card. Pure: the text is already normalised (normalize-text.ts).
 */

/** A decision on a lead, by its key on the alert card (src/models/lead.ts `leadDecisions`). */
export type LeadDecisionAction = 'accept' | 'reject' | 'criminal' | 'supervision';

/** A decision typed in chat: which one, and the words after the lead number (the reason of 不予受理). */
export type TypedLeadDecision = { action: LeadDecisionAction; reason: string };

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
 * words (受理群众举报…) may be news for the staff grammar.
 *
 * @example parseLeadDecision('不予受理 xs-2026-9 已告知听证', false)
 * // { number: 'XS-2026-0009', decision: { action: 'reject', reason: '已告知听证' } }
 */
export function parseLeadDecision(text: string, withoutNumber: boolean): { number: string | null; decision: TypedLeadDecision } | null {
  const first = leadNumberAt(text);
  const afterNumber = first ? text.slice(first.length).replace(SEPARATORS, '') : text;
  const word = decisionWordAt(afterNumber);
  if (!word) return null;
  let rest = afterNumber.slice(word.length).replace(SEPARATORS, '');
  let number = first?.number ?? null;
  if (!number) {
    const after = leadNumberAt(rest);
    if (after) {
      number = after.number;
      rest = rest.slice(after.length);
    }
  }
  if (!number && !withoutNumber) return null;
  return { number, decision: { action: word.action, reason: reasonOf(rest) } };
}
