/**
 * Money in a 上报: the fine, what was confiscated, and whether and how much of the fine was paid, read from a 罚款 or
 * 缴纳情况 line, from the decision, or said in passing in the facts.
 */
import { CHINESE_NUMERAL_CHARS, parseNumber } from './chinese-numerals.js';
import { findQuantities, fineAmount } from './quantities.js';
import type { ParsedReport, ReportPayment } from './report-fields.js';
import { parseDate } from './written-dates.js';

/** A sum of money in 元 (5000元, 1.5万元, 伍万元, 2万, 5000), or null. */
export function amountIn(text: string): number | null {
  const money = findQuantities(text).find((q) => q.base?.unit === '元');
  return money?.base?.value ?? parseNumber(text.replace(/^(?:罚款|罚金|没收违法所得|没收|人民币)+/, '').replace(/元$/, ''));
}

/**
 * Words of payment inside a 罚款 value (罚款5000元，已缴纳), or a 罚款 line that is only about payment (罚款已缴纳,
 * 罚款已经缴了, 已经交了).
 */
const PAYMENT_WORDS = /缴|交清|付清|交纳|交了|(?:已经?|没有?|未|尚未)交/;
/** A share of the fine, not all of it: 一半, 两成, 三成五, 百分之六十, 60%. */
const SHARE = `(?:一半|半数|[一二两三四五六七八九]成[一二三四五六七八九]?|百分之(?!百)[${CHINESE_NUMERAL_CHARS}]+|\\d{1,2}(?:\\.\\d+)?%)`;
/**
 * What was paid, after the words of payment: 一部分, a share (已缴纳一半), or an amount (已缴纳1万元, 已缴纳罚款人民币五千元,
 * 已交了五千 — a figure said without 元 after 交 is money).
 */
const PAID_WHAT = `(?:一部分|部分|${SHARE}|(?:罚款)?(?:人民币)?(?:\\d[\\d.,]*|[${CHINESE_NUMERAL_CHARS}]+)(?:万元|千元|元|块钱|块|万|(?=[\\s,，;；。]|$)))`;
/**
 * Payment said inside a clause with the amount: 5000元（已缴）, 罚款3000元已缴纳, 5000元 尚未缴纳, 已经交了, with what was
 * paid when said (已缴纳一部分, 已缴纳1万元); 缴纳了一部分 says a part alone.
 */
const PAYMENT_PHRASE = new RegExp(
  `(?:${SHARE}(?:罚款)?)?(?:已经?|尚未|未|没有?|部分)(?:缴纳?|交纳?|缴清|交清|付清)了?${PAID_WHAT}?|(?:缴纳?|交纳?)了?一?部分`,
);
/** A line that only tells the payment: 罚款已经缴了, 已缴纳. */
export const PAYMENT_LINE = new RegExp(`^(?:罚款)?(?:${PAYMENT_PHRASE.source})[。.！!]?$`);
/** A clause that tells a payment first (已缴纳1万元): its amount is what was paid, not another fine. */
const PAYMENT_FIRST = new RegExp(`^(?:${PAYMENT_PHRASE.source})`);
/**
 * 罚款和没收违法所得共计5万元: one total for both, which is neither the fine nor the confiscation; the text is kept
 * as written rather than recorded as either.
 */
const COMBINED_TOTAL = /(?:罚款|罚金)(?:和|与|及|以及|、)(?:没收)?违法所得|没收(?:违法所得)?(?:和|与|及|以及|、)(?:罚款|罚金)/;
/** Penalties besides a fine: a 罚款 value naming one is a decision in words (警告并处罚款三千元). */
const OTHER_PENALTY = /警告|通报批评|责令|没收|吊销|暂扣|降低资质|停产|停业|关闭|拘留|限制/;
/** What a decision records of its procedure (已告知听证, 已送达): words the rules read, so kept with the decision. */
const PROCEDURE = /听证|告知|陈述|申辩|送达|复议|诉讼/;
/** Money taken as 没收 rather than fined. */
const CONFISCATION = /没收|违法所得/;

/**
 * 罚款每平方米10元，共计23345元 / 按10元/平方米计，合计罚款23345元: a fine set per unit and then totalled. The rate is
 * no fine (a 10元 fine would raise R05 on any case); the total is.
 */
const RATE_THEN_TOTAL = new RegExp(
  `(?:每[^\\d,，;；。]{1,5}|按)\\s?(?:人民币)?[\\d.,]+\\s?(?:万元|元)(?:\\s?/\\s?[^\\d,，;；。]{1,5})?(?:计算?|处罚款?)?[,，]?\\s*(?:共计|合计|总计|共|计)(?:罚款)?(?:人民币)?\\s?((?:\\d[\\d.,]*|[${CHINESE_NUMERAL_CHARS}]+)\\s?(?:万元|元))`,
);

/** The total of a fine set per unit (罚款每平方米10元，共计23345元), or null when the text sets none that way. */
export function fineTotalAfterRate(text: string): number | null {
  const total = RATE_THEN_TOTAL.exec(text)?.[1];
  return total === undefined ? null : amountIn(total);
}

/**
 * 罚款：没收违法所得2000元，罚款1万元: the fine is the amount labelled 罚款, the confiscated one is kept apart; several
 * fines, or none readable, are asked about rather than guessed.
 */
export function setFine(result: ParsedReport, value: string): void {
  if (COMBINED_TOTAL.test(value)) return void result.unread.push(value);
  const total = fineTotalAfterRate(value);
  if (total !== null) {
    result.fields.fineYuan = total;
    const paid = PAYMENT_PHRASE.exec(value);
    if (paid) setPayment(result, paid[0]);
    return;
  }
  const clauses = value.split(/[,，;；、\s]+|并处?|以及|及/).map((c) => c.trim()).filter(Boolean);
  const fines: number[] = [];
  const paidAmounts: number[] = [];
  const other: string[] = [];
  let paymentSeen = false;
  for (const clause of clauses) {
    const yuan = amountIn(clause);
    if (yuan !== null && CONFISCATION.test(clause)) result.extras.confiscationYuan = yuan;
    else if (yuan !== null && PAYMENT_FIRST.test(clause)) paidAmounts.push(yuan);
    else if (yuan !== null) fines.push(yuan);
    else if (PAYMENT_WORDS.test(clause)) paymentSeen = true;
    else if (clause.replace(/^(?:罚款|罚金|元)$/, '')) other.push(clause);
  }
  // 罚款：已缴纳5万元 names no other amount: what was paid is the fine, paid in full.
  if (fines.length === 0 && paidAmounts.length === 1) fines.push(paidAmounts[0]!);
  const inClause = PAYMENT_PHRASE.exec(value);
  if (paymentSeen) setPayment(result, value);
  else if (inClause) setPayment(result, inClause[0]);
  // 警告并处罚款三千元: the warning is part of the decision, kept in the sender's words with the fine.
  if (other.some((clause) => OTHER_PENALTY.test(clause))) {
    result.extras.fineDecision = value;
    other.length = 0;
  } else if (other.some((clause) => PROCEDURE.test(clause))) {
    // 罚款：10万元，已告知听证: the decision in words names the fine, which the value alone leaves to its label.
    result.extras.fineDecision = /罚/.test(value) ? value : `罚款${value}`;
    other.length = 0;
  }
  if (fines.length === 1) result.fields.fineYuan = fines[0];
  else if (fines.length > 1) result.problems.push({ field: 'fine', value, reason: `罚款写了${fines.length}个金额，请只写罚款的金额，如“罚款：5000元”` });
  else if (!paymentSeen && result.extras.confiscationYuan === undefined) {
    return void result.problems.push({ field: 'fine', value, reason: '罚款金额没有看懂，请写成如“5000元”或“1.5万元”' });
  }
  result.unread.push(...other);
}

/**
 * 处罚决定：罚款20万元 with no 罚款 line: the fine is the amount the decision labels 罚款, so checks on unpaid fines
 * still run. Only a labelled amount: 没收违法所得2000元 alone is not a fine. The confiscated amount and the payment
 * the decision states (罚款5000元，已缴纳) are read too, as they would be on lines of their own.
 */
export function fineFromDecision(result: ParsedReport): void {
  const decision = result.fields.decision ?? '';
  if (COMBINED_TOTAL.test(decision)) return;
  const money = findQuantities(decision).filter((q) => q.base?.unit === '元');
  const labelled = money.filter((q) => /罚款|罚金/.test(q.item ?? ''));
  const total = fineTotalAfterRate(decision);
  const yuan = total ?? fineAmount(labelled);
  if (yuan === null && labelled.length > 1) return void severalFines(result, labelled.map((q) => q.raw), '处罚决定');
  if (yuan === null) return;
  result.fields.fineYuan = yuan;
  const confiscated = money.filter((q) => CONFISCATION.test(q.item ?? '')).map((q) => q.base?.value);
  if (confiscated.length === 1 && result.extras.confiscationYuan === undefined) result.extras.confiscationYuan = confiscated[0];
  const paid = PAYMENT_PHRASE.exec(decision);
  if (paid && !result.extras.payment) setPayment(result, paid[0]);
}

/**
 * 处罚决定：罚款5000元 beside 罚款：50000元: two fines for one case. Which is right is not guessed — a zero too many
 * decides whether R05 or R07 raises a lead — the sender is asked, as for two fines in the decision.
 */
export function fineBesideDecision(result: ParsedReport): void {
  const decision = result.fields.decision ?? '';
  const fine = result.fields.fineYuan;
  if (fine === undefined || COMBINED_TOTAL.test(decision)) return;
  const decided = fineTotalAfterRate(decision) ?? fineAmount(findQuantities(decision).filter((q) => q.base?.unit === '元' && /罚款|罚金/.test(q.item ?? '')));
  if (decided === null || decided === fine) return;
  result.problems.push({ field: 'fine', value: `${fine}元`, reason: `与处罚决定里写的罚款${decided}元不一致，没有看出哪个是这件案件的罚款` });
}

/**
 * A fine told in words, as the whole clause before its amount: 罚了他3万块, 被罚了5000元, 被处以罚款（人民币）20万元,
 * 决定罚款2万元, （并）处罚款1万元, 对其处以罚款5万元, 又罚了2000元, 这次罚了5000元. Not one proposed or due by law
 * (拟罚款, 依法应处罚款3万元至10万元), an earlier case's (曾被罚款, 去年罚了他) nor another person's (其同伙李某被罚了):
 * any other word in the clause is refused.
 */
const SPOKEN_FINE =
  /(?:^|[^\u4e00-\u9fff])(?:这次|本次|此次|又|再|另|还)?(?:对?(?:当事人|他|她|其|对方))?(?:已被|被|已|并|遂)?(?:依法)?(?:决定)?(?:处以?|给予)?(?:罚了?|罚款)(?:他|她|其|对方|当事人)?(?:人民币)?\s?$/;

/**
 * 违法事实：滥伐林木，罚了他3万块 — the fine said in passing, in the facts: taken when it is the only amount so told
 * (the same amount twice is one), so the confirmation shows it as 罚款 (the sender corrects it there if it is not)
 * and the fine rules see it. Two different amounts are asked about: which one is the fine is not guessed.
 */
export function fineFromFacts(result: ParsedReport): void {
  const facts = result.fields.facts ?? '';
  const spoken = new Set<number>();
  let from = 0;
  for (const quantity of findQuantities(facts)) {
    const at = facts.indexOf(quantity.raw, from);
    if (at < 0) continue;
    if (quantity.base?.unit === '元' && SPOKEN_FINE.test(facts.slice(from, at))) spoken.add(quantity.base.value);
    from = at + quantity.raw.length;
  }
  if (spoken.size > 1) return severalFines(result, [...spoken].map((yuan) => `${yuan}元`), '违法事实');
  if (spoken.size !== 1) return;
  result.fields.fineYuan = [...spoken][0];
  const paid = PAYMENT_PHRASE.exec(facts);
  if (paid && !result.extras.payment) setPayment(result, paid[0]);
}

/**
 * 处罚决定：罚款三万元，并处罚款两万元: which is the fine is not guessed, nor is the fine dropped unsaid; the sender is
 * asked. The problem's value is the amounts, not the field's text, so the answer is filed under 罚款, not 处罚决定.
 */
function severalFines(result: ParsedReport, amounts: string[], where: string): void {
  result.problems.push({ field: 'fine', value: amounts.join('、'), reason: `是${where}里写的${amounts.length}个罚款金额，没有看出哪个是这件案件的罚款` });
}

/** 罚款3万元，已缴纳1万元: an amount paid below the fine of the same message is a partial payment, not paid in full. */
export function settlePartialPayment(result: ParsedReport): void {
  const payment = result.extras.payment;
  const fine = result.fields.fineYuan;
  if (!payment?.paid || payment.paidYuan === undefined || fine === undefined || payment.paidYuan >= fine) return;
  result.extras.payment = { ...payment, paid: false, partial: true };
}

/** 已缴纳, 已于2026年11月26日缴纳, 是 / 尚未缴纳, 未缴, 否 / 部分缴纳. */
/** Words of a payment not in full: a part (部分缴纳), or instalments (分期). */
const PARTIAL = /部分|分期/;
/**
 * A share paid (已缴纳一半, 两成已缴) or the rest still owed (剩下的未缴, 余款下月交), with words of payment: a cell of 50%
 * alone does not say what it measures.
 */
const SHARE_OR_REST = new RegExp(`剩下|剩余|余款|尾款|${SHARE}`);

export function readPayment(text: string): ReportPayment | null {
  if (PARTIAL.test(text) || (SHARE_OR_REST.test(text) && /缴|交|付/.test(text))) return { paid: false, partial: true, text };
  if (/(?:未|没有?|拒不|不)(?:缴|交|付)|^否$|^没有$/.test(text)) return { paid: false, partial: false, text };
  if (!/已|^是$|缴清|交清|缴讫|全额|\d\s?[日号]/.test(text) || !/缴|交|付|^是$/.test(text)) return null;
  const day = /\d{4}\s?[-./年]\s?\d{1,2}\s?[-./月]\s?\d{1,2}\s?[日号]?/.exec(text);
  const paidOn = day ? parseDate(day[0]) : null;
  // The amount after the words of payment (3万元，已缴纳1万元): one before them is the fine.
  const afterWords = text.slice(Math.max(0, text.search(/缴|交|付/)));
  const paidYuan = findQuantities(afterWords).find((q) => q.base?.unit === '元')?.base?.value ?? bareAmountPaid(afterWords);
  return { paid: true, partial: false, ...(paidOn ? { paidOn } : {}), ...(paidYuan !== undefined ? { paidYuan } : {}), text };
}

/** 已交了五千: a figure right after the words of payment, said without 元, is the money paid. */
function bareAmountPaid(text: string): number | undefined {
  const figure = new RegExp(`^(?:缴纳?|交纳?|付)了?(?:罚款)?(\\d[\\d.,]*|[${CHINESE_NUMERAL_CHARS}]+)(?=[\\s,，;；。]|$)`).exec(text)?.[1];
  const yuan = figure === undefined ? null : parseNumber(figure);
  return yuan === null ? undefined : yuan;
}

export function setPayment(result: ParsedReport, value: string): void {
  const payment = readPayment(value);
  if (payment) result.extras.payment = payment;
  else result.problems.push({ field: 'fine', value, reason: '缴纳情况没有看懂，请写“已缴纳”“未缴纳”或“部分缴纳”' });
}
