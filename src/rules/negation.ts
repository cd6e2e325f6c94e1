/**
 * Whether a record states a word or only negates it: 损失未追缴 names 追缴 and says it did not happen, 未告知听证
 * names 听证 and says the notice was not given. A rule that reads such a word as "it happened" turns the record
 * upside down (a closed case with its loss not recovered counted as recovered), so the `affirms` condition
 * (condition.ts) counts only the occurrences that are not negated. As in licence-facts.ts, a negation is read only
 * close to the word and within its clause, so 未经批准占用林地，已追缴 still states the recovery.
 */

/**
 * Where a clause ends: what comes after it is no longer governed by its negation. 、 does not end one: it joins the
 * items of one list (未告知当事人陈述、申辩和听证的权利 negates each).
 */
const CLAUSE_END = '，。；;,！!？?\\n';

/** The negations before a word: 未, 没有, 无法 … and 漏 (漏告听证权利). */
const NEGATION = '(?:未|没有?|无法|无力|不能|不予|拒不|不再|难以|不属于|不是|并非|漏|遗漏)';

/**
 * Manner words right after a negation, which say how the negated act was not done rather than start another one:
 * 未依法告知当事人听证权利, 未按规定追缴, 没有依照规定告知听证, 未按期复查, 未向当事人告知, 未对整改情况进行复查 negate the
 * act as 未告知, 未追缴, 未复查 do.
 */
const MANNER = `(?:依法|依规|依照规定|依规定|按照?规定|按期|按时|及时|书面|如实|主动|正式|向当事人|向其|对[^${CLAUSE_END}]{1,6}?进行)*`;

/**
 * A negation shortly before the word, in its clause: 未追缴, 尚未追回, 没有告知听证, 未造成国有资产损失, 无法挽回,
 * 拒不退赔, 不予移送, 不属于公益林, 未经复查; or 不 / 非 right before it (不追缴, 非公益林); or a negated list the word
 * ends (未告知当事人陈述、申辩和听证). 已 in between starts a new statement (未缴纳的已追缴).
 */
const NEGATED_BEFORE = new RegExp(
  `^(?:${NEGATION}${MANNER}(?:经)?(?:[^${CLAUSE_END}已、]{0,5}|[^${CLAUSE_END}已、]{0,9}(?:、[^${CLAUSE_END}已、]{1,5}){1,3})|[不非])$`,
);

/**
 * A failure right after the word: 追缴未果, 追回无望, 移送未成; or the word's act said not done right after it:
 * 听证权利未告知, 听证告知书未送达, 应当告知听证而未告知. Only such words may stand between: 追缴罚款后未移送 still
 * states the recovery, and 追缴未缴纳的罚款 recovers the unpaid fine (缴纳 is not among these acts).
 */
const NEGATED_AFTER = new RegExp(`^(?:[^${CLAUSE_END}]{0,2}?(?:未果|无果|无望|未成|失败|不成)|(?:权利|权|告知书|通知书|事项)?(?:而|但|却)?(?:未|没有?)(?:告知|送达|履行|复查|执行|落实|移送|追缴|追回))`);

/**
 * Negations of something else than the word: the party's own choice (当事人未申请听证: the notice was given, the
 * hearing declined), and the permission whose absence is the offence itself (未经批准占用公益林地, 未取得许可占用
 * 基本农田, 未按批准用途使用林地, which do state the land). 未经 right before the word (未经复查) negates the word.
 */
const NOT_OF_THE_WORD = /^(?:未|没有?|不)(?:申请|要求|提出)|^(?:未|没有?)(?:经(?=.)|取得|办理|批准|获得|按(?!照?规定|期|时))/;

/** The longest stretch before a word that is looked at for its negation. */
const WINDOW = 24;

/** Whether one occurrence of a word, at `index` in the text, is negated. */
function isNegated(text: string, index: number, word: string): boolean {
  const before = text.slice(Math.max(0, index - WINDOW), index);
  // Each place a negation may start is tried: 未经批准未移送 negates the transfer after negating a permission.
  for (let start = 0; start < before.length; start++) {
    const tail = before.slice(start);
    if (NEGATED_BEFORE.test(tail) && !NOT_OF_THE_WORD.test(tail)) return true;
  }
  return NEGATED_AFTER.test(text.slice(index + word.length, index + word.length + 8));
}

/**
 * Whether the text states the word at least once without negating it.
 *
 * @example
 * affirmsWord('造成国有资产损失120万元，损失未追缴', '追缴'); // → false
 * affirmsWord('已告知听证权利，当事人未申请听证', '听证'); // → true
 */
export function affirmsWord(text: string, word: string): boolean {
  if (word === '') return false;
  for (let index = text.indexOf(word); index !== -1; index = text.indexOf(word, index + 1)) {
    if (!isNegated(text, index, word)) return true;
  }
  return false;
}
