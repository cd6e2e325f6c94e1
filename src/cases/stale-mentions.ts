import { findQuantities } from '../commands/quantities.js';
import type { CaseRecord } from '../models/case.js';
import type { FieldChange } from './amend-case.js';
import { CASE_FIELD_TITLES } from './describe-changes.js';

/** Text fields that state figures in words (违法事实：非法占用林地12亩), which a rule may read beside the field itself. */
const TEXT_FIELDS = ['facts', 'violation', 'decision'] as const;

/**
 * Where a corrected figure still stands in the case's own words: 面积 corrected to 9 亩 while 违法事实 says 非法占用林地
 * 12亩. The rules read both (R04 takes the area from the facts), so leads of one case could state two areas; the
 * sender is shown the words, to correct them too. One entry per text field, empty when none.
 */
export function staleMentions(record: Pick<CaseRecord, (typeof TEXT_FIELDS)[number]>, changes: readonly FieldChange[]): Array<{ title: string; figures: string[] }> {
  const area = changes.find((c) => c.field === 'areaMu' && typeof c.to === 'number')?.to as number | undefined;
  const fine = changes.find((c) => c.field === 'fineYuan' && typeof c.to === 'number')?.to as number | undefined;
  const corrected = new Set(changes.map((c) => c.field));
  const found: Array<{ title: string; figures: string[] }> = [];
  for (const field of TEXT_FIELDS) {
    const text = record[field];
    if (!text || corrected.has(field)) continue;
    const stale = findQuantities(text).filter((q) =>
      (area !== undefined && q.base?.unit === '亩' && q.base.value !== area) ||
      (fine !== undefined && q.base?.unit === '元' && /罚/.test(q.item ?? '') && q.base.value !== fine));
    if (stale.length) found.push({ title: CASE_FIELD_TITLES[field], figures: stale.map((q) => q.raw) });
  }
  return found;
}

/** The mentions as the staff's reply and the prosecutors' notice both say them: 违法事实中仍写着「12亩」；… */
export function staleMentionsText(stale: ReadonlyArray<{ title: string; figures: string[] }>): string {
  return stale.map(({ title, figures }) => `${title}中仍写着「${figures.join('」「')}」`).join('；');
}
