import { identifierForm } from './normalize-text.js';
import { alternation, REPORT_FIELD_LABELS } from './report-labels.js';

/** A case number anywhere in a text, with whatever is glued before it (1.案号富林罚〔2026〕503号). */
const CASE_NUMBER_IN_TEXT = /[^\s,，;；、:：=]*?(?:〔\d{4}〕|\[\d{4}\]|[(（]\d{4}[)）])\s?第?\d+\s?号/g;

/** An item number or a 案号 label glued before a case number. */
const BEFORE_NUMBER = new RegExp(`^(?:\\d{1,2}[.、．]|[(（]\\d{1,2}[)）]|[①-⑳])?(?:${alternation(REPORT_FIELD_LABELS.caseNumber)})?`);

/** The case numbers written in a text, in order, each as written (without an item number or label glued before it). */
export function caseNumbersIn(text: string): string[] {
  return [...text.matchAll(CASE_NUMBER_IN_TEXT)].map((match) => match[0].replace(BEFORE_NUMBER, '')).filter(Boolean);
}

/** A case number in the form two writings of it compare equal in: brackets, spaces, 第 and invisible characters aside. */
export function caseNumberForm(number: string): string {
  return identifierForm(number).replace(/\s|第/g, '').replace(/[〔(（]/g, '[').replace(/[〕)）]/g, ']');
}

/**
 * Where a numbered item starts: 1. 2、 (3) ③ 二、 at the start or after a space, a line break or punctuation; not a
 * decimal (2.5亩) or a date.
 */
const ITEM_MARK = /(?:^|[\s,，;；:：。])(?:\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十][、．])/g;

/**
 * The case numbers of a message reporting several cases: two 案号 labels with different numbers, or numbered items
 * that each hold a case number, with none before the first item (案号：…，违法事实：1. 曾因富林罚〔2025〕12号… is one
 * case listing its history). Empty when the message is about one case.
 */
export function severalCases(body: string, labelled: readonly string[]): string[] {
  const distinct = (numbers: readonly string[]) => [...new Map(numbers.map((n) => [caseNumberForm(n), n])).values()];
  const byLabel = distinct(labelled);
  if (byLabel.length > 1) return byLabel;
  const starts = [...body.matchAll(ITEM_MARK)].map((match) => match.index);
  if (starts.length < 2 || caseNumbersIn(body.slice(0, starts[0])).length > 0) return [];
  const items = starts.map((start, index) => caseNumbersIn(body.slice(start, starts[index + 1] ?? body.length))[0]);
  if (items.some((number) => number === undefined)) return [];
  const numbers = distinct(items.filter((number): number is string => number !== undefined));
  return numbers.length > 1 ? numbers : [];
}

/** A case number as agencies write it: 富市监罚〔2026〕234号, 富林罚[2024]44号, 富林罚(2024)第44号. */
const CASE_NUMBER = /[^\s,，;；、]*?(?:〔\d{4}〕|\[\d{4}\]|[(（]\d{4}[)）])\s?第?\d+\s?号/y;

/** The case number at the start of `text` (富林罚[2024]44号), or null. */
export function caseNumberAtStart(text: string): string | null {
  CASE_NUMBER.lastIndex = 0;
  return CASE_NUMBER.exec(text)?.[0] ?? null;
}

/**
 * Where the text after the case number starting at `start` begins (separators skipped), or -1. A 案号 value ends
 * at its 号, so in 案号富市监罚〔2026〕234号 当事人张某 the glued 当事人张某 is a label, not part of the number.
 */
export function caseNumberEnd(body: string, start: number): number {
  CASE_NUMBER.lastIndex = start;
  if (!CASE_NUMBER.exec(body)) return -1;
  let end = CASE_NUMBER.lastIndex;
  while (end < body.length && ' ,，;；、'.includes(body[end]!)) end++;
  return end;
}
