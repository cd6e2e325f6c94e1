import { CHINESE_NUMERAL_CHARS, parseNumber } from './chinese-numerals.js';
import { normalizeCampaign } from './campaign.js';
import { findQuantities } from './quantities.js';
import { amountIn, fineBesideDecision, fineFromDecision, fineFromFacts, PAYMENT_LINE, readPayment, setFine, setPayment, settlePartialPayment } from './report-money.js';
import { parseDate } from './written-dates.js';
import { applySelfCorrections } from './self-correction.js';
import type { Problem, Quantity, ReportFields } from './types.js';
import { alternation, ITEM_BY_LABEL, REPLY_LABEL, REPORT_FIELD_TITLES, UNRECORDED_LABELS, type Item } from './report-labels.js';
import { caseNumberAtStart, caseNumberEnd, caseNumbersIn, severalCases } from './report-case-numbers.js';
import { withoutFormLayout } from './report-form-layout.js';

export { CASE_STATUS_LABELS, REPLY_LABEL, REPORT_FIELD_LABELS, REPORT_FIELD_NAMES, REPORT_FIELD_TITLES, REPORT_REQUIRED_FIELDS, reportItemOf, type ReportItem } from './report-labels.js';
export { caseNumberAtStart } from './report-case-numbers.js';


/**
 * A known label, then a colon (or =): a field's, or one of a 处罚决定书's that no field holds (法定代表人：王五), which
 * ends the value before it and is listed as not recorded.
 */
const KNOWN_WITH_COLON = new RegExp(`(${alternation([...ITEM_BY_LABEL.keys(), ...UNRECORDED_LABELS])}) ?[:：=] ?`, 'y');
/**
 * Any short label, then a colon: 职务:科长 is kept and reported as not understood. Not `=`, which inside a value is
 * a measurement (pH=3.2, 氨氮=25mg/L) or markup (<font color="warning">), never a label we do not know.
 */
const ANY_WITH_COLON = /([\u4e00-\u9fffA-Za-z]{1,8}) ?[:：] ?/y;
/**
 * Any short label at a line's start, with a colon or with `=` before words (备用联系人=李四): a line of its own is no
 * measurement unless a figure follows the `=` (pH=3.2 on a line under the facts stays in them), nor markup.
 */
const ANY_AT_LINE_START = /([\u4e00-\u9fffA-Za-z]{1,8}) ?(?:[:：] ?|= ?(?![\d.+\-<>≤≥"']))/y;
/** A known label, then a space and its value: 案号 富市监罚〔2026〕105号 当事人 陈某. */
const KNOWN_WITH_SPACE = new RegExp(`(${alternation(ITEM_BY_LABEL.keys())}) (?=[^\\s:：=])`, 'y');
/**
 * A label glued to its value (当事人王某某, 日期2026年11月25日): only labels distinct enough not to open an ordinary
 * sentence (单位, 事实, 决定 … do), and short ones whose value must start with a figure. Not one joined to another
 * noun (罚款和没收违法所得共计5万元), which is a sentence too.
 */
const GLUED = new RegExp(
  `(${alternation([...ITEM_BY_LABEL.keys()].filter((label) => label.length >= 3 || ['案号', '罚款', '备注', '没收'].includes(label)))})(?=[^\\s:：=,，;；、])(?![和与]|以?及(?!时))`
  + `|(日期|时间|面积|金额)(?=[\\d一二两三四五六七八九十零〇壹贰叁肆伍陆柒捌玖拾])`,
  'y',
);

/** The domains (领域) of public interest, with words that identify each. */
const DOMAINS: readonly [string, RegExp][] = [
  ['生态环境和资源保护', /生态|环境|环保|资源|林|矿|水|土壤|污染|大气|噪声|固废|废物|垃圾|野生动物/],
  ['食品药品安全', /食品|药品|食药|药|医疗器械|保健品|化妆品/],
  ['国有财产保护', /国有财产|国资|财政|国有资产/],
  ['国有土地使用权出让', /土地出让|出让金|土地使用权/],
];

/** 缴纳情况: whether the fine was paid, as the case model can hold it (paid or not), and what was written. */
export type ReportPayment = {
  /** False for 未缴纳 and for 部分缴纳: the fine is not paid in full. */
  paid: boolean;
  partial: boolean;
  /** The day of payment when written (已于2026年11月26日缴纳), YYYY-MM-DD. */
  paidOn?: string;
  /**
   * The amount said paid, in 元 (已缴纳1万元). Less than the fine of the same message, the payment is partial; a 更正
   * giving no fine leaves the comparison with the stored fine to its caller.
   */
  paidYuan?: number;
  /** As written. */
  text: string;
};

/** What a 上报 message said beyond the {@link ReportFields}. */
export type ReportExtras = {
  payment?: ReportPayment;
  /** 备注 */
  note?: string;
  /** 是否结案: closed (是, 已结案) or open (否, 未结案), when the message says. */
  status?: 'open' | 'closed';
  /** 没收违法所得 in 元 (罚款：没收违法所得2000元，罚款1万元). */
  confiscationYuan?: number;
  /**
   * A 罚款 value that says more than the amount (罚款：警告并处罚款三千元): the decision in words, as written, so the
   * warning is recorded with the fine rather than listed as not understood.
   */
  fineDecision?: string;
};

/** What a 上报 message said, field by field. */
export type ParsedReport = {
  fields: ReportFields;
  extras: ReportExtras;
  rawFields: Record<string, string>;
  quantities: Quantity[];
  problems: Problem[];
  /** Text no field took, as written: the confirmation lists it as not recorded. */
  unread: string[];
  /**
   * The case numbers of a message that reports several cases (two 案号, or numbered items 1. 2. each with its own
   * number), in order; empty for a message about one case.
   */
  severalCases: string[];
};

/**
 * One label found in the message, and where its value starts; `implied` is the 案号 of a case number written first
 * without its label (上报 富林罚〔2026〕118号 当事人黄某 …).
 */
type Occurrence = { label: string; item: Item | undefined; start: number; valueStart: number; kind: 'colon' | 'space' | 'glued' | 'implied' };

/** How {@link parseReportFields} reads a message. */
export interface ReportParseOptions {
  /** The message is known to give fields (更正 … 罚款5000元): one glued label is taken as a label. */
  oneGlued?: boolean;
  /**
   * A new case told in sentences (当事人是张某某，在村后山上挖了林地…): what follows the party's name is its facts when
   * no 违法事实 is given. Without it, that text is listed as not understood.
   */
  restOfPartyAsFacts?: boolean;
  /**
   * A fine said in passing in the facts (罚了他3万块) is read as 罚款 when no 罚款 is labelled; default true. A 更正 of
   * 违法事实 turns it off: it corrects the facts only, never the fine.
   */
  fineInFacts?: boolean;
  /** A case number written first without its label (上报 富林罚〔2026〕118号 当事人黄某 …) is the 案号 when none is labelled. */
  numberFirst?: boolean;
  /**
   * 当事人 is taken only under a label of its own, not from the text of another field (更正 … 备注：已告知，当事人张某到场):
   * a 更正 that changes the party must say so, as a new case's report need not.
   */
  partyOnItsOwn?: boolean;
}

/**
 * Reads a 上报 message body into case fields: `label:value` (one per line, several on a line, or separated by
 * ；), `label value` and, for distinct labels, `labelvalue` (案号林罚〔2021〕20号，当事人张三). Each label ends the
 * value before it; a line without a label continues the value before it (违法事实 over several lines); a label
 * without a colon whose field already has a value is text of the value (违法事实：经查，当事人未取得许可).
 * Money is normalised to 元 (a bare number is 元), area to 亩 (a bare number is 亩), dates to YYYY-MM-DD. Text no
 * field takes (before the first label, under an unknown label, after a figure) is returned in `unread`.
 */
export function parseReportFields(text: string, options: ReportParseOptions = {}): ParsedReport {
  const body = withoutFormLayout(text);
  const result: ParsedReport = { fields: {}, extras: {}, rawFields: {}, quantities: [], problems: [], unread: [], severalCases: [] };
  const occurrences = findLabels(body, options);
  const labelledNumbers: string[] = [];
  let afterParty: string | undefined;
  const leading = tidyValue(body.slice(0, occurrences[0]?.start ?? body.length));
  if (leading) result.unread.push(leading);
  // 金额:240元 … 罚款:5000元: the later value is recorded, the earlier listed as not recorded, unless an empty label
  // (日期: with the answer on the next line, as the question for it is put) gives the value again.
  const given = new Map<Item, string>();
  // Items given on the line after their label, as the answer to the bot's question for them is filed.
  const answered = new Set<Item>();
  // 日期：坏 … 日期：2026年11月22日 (a pending 上报 answered): the problem of the value replaced goes with it.
  const problemsOf = new Map<Item, Problem[]>();
  occurrences.forEach((occurrence, index) => {
    const written = body.slice(occurrence.valueStart, occurrences[index + 1]?.start ?? body.length);
    let value = tidyValue(written);
    const correction = occurrence.item ? applySelfCorrections(value) : undefined;
    if (correction?.corrected && !correction.unclear) value = tidyValue(correction.value);
    value = value.replace(REFERS_BACK, '');
    if (occurrence.item === 'party') {
      const party = partyName(value);
      value = party.name;
      afterParty = party.rest ?? afterParty;
    }
    if (occurrence.item && !tidyValue(written.split('\n')[0] ?? '')) {
      given.delete(occurrence.item);
      answered.add(occurrence.item);
    }
    if (!value) return;
    if (occurrence.item === 'caseNumber') labelledNumbers.push(...caseNumbersIn(value).slice(0, 1));
    result.rawFields[occurrence.label] = value;
    if (!occurrence.item) return void result.unread.push(occurrence.label === REPLY_LABEL ? value : `${occurrence.label}：${value}`);
    const earlier = given.get(occurrence.item);
    if (earlier) result.unread.push(earlier);
    given.set(occurrence.item, `${occurrence.label}：${value}`);
    const replaced = problemsOf.get(occurrence.item) ?? [];
    result.problems = result.problems.filter((problem) => !replaced.includes(problem));
    const before = result.problems.length;
    if (correction?.unclear) takenBack(result, occurrence.item, value);
    else setItem(result, occurrence.item, occurrence.label, value);
    problemsOf.set(occurrence.item, result.problems.slice(before));
  });
  if (!occurrences.some((o) => o.item === 'fineYuan')) fineFromDecision(result);
  // The sender's answer to the question about two fines settles it.
  else if (!answered.has('fineYuan')) fineBesideDecision(result);
  if (result.fields.fineYuan === undefined && (options.fineInFacts ?? true)) fineFromFacts(result);
  settlePartialPayment(result);
  if (afterParty !== undefined && options.restOfPartyAsFacts && result.fields.facts === undefined) result.fields.facts = afterParty;
  else if (afterParty !== undefined) result.unread.push(afterParty);
  result.severalCases = severalCases(body, labelledNumbers);
  return result;
}

/**
 * 违法事实：在上面写了啊，擅自占用林地12亩 — an answer that first points back at the message asked about: the pointing
 * is no part of the value.
 */
const REFERS_BACK = /^(?:在|我)?(?:上面|前面|刚才|之前|已经)(?:已经)?(?:写|说|发|填)(?:了|过)+[啊呀吧嘛的哦]*[,，。!！]\s*/;

/** The kind of problem a value of each item is, so the question about it is filed under its label. */
const PROBLEM_FIELD: Partial<Record<Item, Problem['field']>> = { fineYuan: 'fine', payment: 'fine', confiscation: 'fine', areaMu: 'area', filedOn: 'date', date: 'date', status: 'status' };

/**
 * 面积：12亩，不对 — taken back with nothing in its place: nothing of it is recorded (not the figure taken back), and
 * the sender is asked for the value.
 */
function takenBack(result: ParsedReport, item: Item, value: string): void {
  result.problems.push({ field: PROBLEM_FIELD[item] ?? 'text', value, reason: '里有改口，但没有写出正确的内容' });
}

/** Where a party's name may end: a clause or a line. */
const PARTY_END = /[,，;；。\n]/;
/**
 * What a name does not hold: figures, and words that tell what happened (挖了林地, 未经批准, 销售过期食品). Text after
 * the name without them (李某, 法定代表人张某) is taken as part of the party, as before.
 */
const STATEMENT = /\d|了|擅自|非法|未经|未取得|违反|违规|发现|检查|查获|涉嫌|销售|经营|占用|开采|挖|砍|伐|罚|卖|种植|修建|搭建|建设|排放|倾倒|堆放|捕捞/;

/**
 * 当事人是张某某，在村后山上挖了林地大概5亩种茶叶，罚了他3万块: the party is 张某某 and the rest a statement, not part
 * of the name (it became the party, and the facts were asked for though they had been given).
 */
function partyName(value: string): { name: string; rest?: string } {
  const end = value.search(PARTY_END);
  if (end <= 0) return { name: value };
  const rest = tidyValue(value.slice(end));
  if (!STATEMENT.test(rest) && findQuantities(rest).length === 0) return { name: value };
  return { name: tidyValue(value.slice(0, end)), rest };
}

/** Separators and spaces around a value. */
function tidyValue(text: string): string {
  return text.replace(/^[\s,，;；、]+|[\s,，;；、]+$/g, '');
}

/**
 * The labels of a message in order. A label without a colon is taken only when its field has no value yet (else
 * it is text of the value being read); a form with no colon and no space after a label needs two labels, since one label-like start
 * is more likely a sentence (当事人不在家) — unless the message is known to give fields (`oneGlued`: 更正 … 罚款5000元)
 * or says whom (当事人是…).
 */
function findLabels(body: string, options: ReportParseOptions): Occurrence[] {
  const found: Occurrence[] = [];
  const filled = new Set<Item>();
  const numberAt = body.length - body.trimStart().length;
  // Not 案号：富林罚… nor 案号富林罚…, which a label already names.
  if (options.numberFirst && !labelAt(body, numberAt) && /^[^:：=]+$/.test(caseNumberAtStart(body.slice(numberAt)) ?? ':')) {
    found.push({ label: REPORT_FIELD_TITLES.caseNumber, item: 'caseNumber', start: numberAt, valueStart: numberAt, kind: 'implied' });
  }
  for (let pos = 0; pos < body.length; pos++) {
    const open = found.at(-1);
    if (open && pos <= open.valueStart && body[pos - 1] !== '\n') continue;
    const occurrence = labelAt(body, pos, open, open?.item === 'caseNumber' && caseNumberEnd(body, open.valueStart) === pos);
    if (!occurrence) continue;
    if (open?.item && tidyValue(body.slice(open.valueStart, pos))) filled.add(open.item);
    if (occurrence.kind !== 'colon' && occurrence.item && filled.has(occurrence.item)) continue;
    if (partOfDecision(occurrence, open, body)) continue;
    if (wordOfSentence(occurrence, open, body, options.partyOnItsOwn ?? false)) continue;
    // 违法事实：在其经营场所，地址：某村，擅自…: after a comma in a sentence, a 处罚决定书's label is text of it.
    if (occurrence.kind === 'colon' && !occurrence.item && open?.item && SENTENCES.has(open.item) && ',，、'.includes(body[pos - 1] ?? '\n')) continue;
    // 违法事实：经查 当事人张某擅自…: inside a sentence 当事人 after a space names whom the sentence is about.
    if (occurrence.kind === 'glued' && body[pos - 1] === ' ' && occurrence.item === 'party' && open?.item && SENTENCES.has(open.item)) continue;
    if (occurrence.item) filled.delete(occurrence.item);
    found.push(occurrence);
    pos = occurrence.valueStart - 1;
  }
  // 当事人是城东某超市，卖过期牛奶20箱: 是 makes a lone glued 当事人 a label (当事人不在家 stays a sentence).
  const saysWho = found.some((o) => o.item === 'party' && /^(?:是|系|为)(?!否)/.test(body.slice(o.valueStart)));
  // 上报 案号富林罚〔2026〕61号 alone: a case number in its form is no sentence, so the number is kept (and the rest asked for).
  const numbered = found.some((o) => o.item === 'caseNumber' && caseNumberEnd(body, o.valueStart) >= 0);
  // 上报 富林罚〔2026〕118号 案号：富林罚〔2026〕118号: the number the sender labelled is the 案号, the first is text.
  const labels = found.some((o) => o.item === 'caseNumber' && o.kind !== 'implied') ? found.filter((o) => o.kind !== 'implied') : found;
  return options.oneGlued || saysWho || numbered || labels.some((o) => o.kind !== 'glued') || labels.length >= 2 ? labels : [];
}

/** Items written as sentences, which may speak of the party without giving it. */
const SENTENCES: ReadonlySet<Item> = new Set(['facts', 'violation', 'decision', 'legalBasis', 'note']);

/** Where a clause of a sentence ends: a label word after one may still be a word of the sentence. */
const CLAUSE_BREAK = ',，;；、。';

/**
 * How a clause that says what someone did or did not do starts (未申请听证, 无异议, 已签收, 放弃听证, 对处罚无异议):
 * no name, figure or citation does.
 */
const STATEMENT_START = /^(?:未|不|没|无|非|已|尚|仍|均|都|也|并|又|拒|对|被|就|当场|主动|自愿|同意|放弃|申请|要求|表示|承认|认可|签收|陈述|提出|称|因|在)/;

/** A figure (5000元, 二〇二六年, 人民币五千元): the start of a fine, an area or a date. */
const FIGURE_START = new RegExp(`^(?:人民币)?[\\d${CHINESE_NUMERAL_CHARS}]`);

/** Whether the text after a label reads as a value of its item, rather than as the rest of a sentence. */
function readsAsValue(item: Item, clause: string): boolean {
  switch (item) {
    case 'party':
      return !STATEMENT.test(clause) && !STATEMENT_START.test(clause);
    case 'fineYuan':
      return FIGURE_START.test(clause) || PAYMENT_LINE.test(clause);
    case 'areaMu':
    case 'filedOn':
    case 'date':
    case 'confiscation':
      return FIGURE_START.test(clause);
    case 'payment':
      return readPayment(clause) !== null;
    case 'status':
      return readCaseStatus(clause) !== null;
    default:
      return !STATEMENT_START.test(clause);
  }
}

/**
 * 备注：已告知听证权利，当事人未申请听证 is one note: split at 当事人, the note lost its end and the party became
 * 「未申请听证」. In a sentence, a label word without a colon after a clause break is a word of the sentence when what
 * follows is no value of its field (a statement, not a name; words, not a figure); with `partyOnItsOwn` (a 更正) a
 * 当事人 there always is.
 */
function wordOfSentence(occurrence: Occurrence, open: Occurrence | undefined, body: string, partyOnItsOwn: boolean): boolean {
  if (occurrence.kind === 'colon' || !occurrence.item || !open?.item || !SENTENCES.has(open.item)) return false;
  if (!CLAUSE_BREAK.includes(body[occurrence.start - 1] ?? '\n')) return false;
  if (occurrence.item === 'party' && partyOnItsOwn) return true;
  const clause = body.slice(occurrence.valueStart).split(/[\s,，;；。、]/)[0] ?? '';
  return !readsAsValue(occurrence.item, clause);
}

/** Labels that, written without a colon inside a decision, are words of the decision (没收违法所得，罚款10万元). */
const DECISION_PARTS: ReadonlySet<Item> = new Set(['fineYuan', 'confiscation']);

/**
 * 处罚决定：没收违法所得，罚款10万元，已告知听证 is one decision: split at 罚款, the fine took 已告知听证 with it and listed
 * it as not understood, and the rules never saw that the hearing was notified. On the decision's own line, a 罚款 or
 * 没收 without a colon stays in the decision, whose labelled amounts are read as the fine and the confiscation. So
 * does one with a colon inside a clause of it whose value is no amount (责令限期恢复原状，罚款：每平方米10元，共计23345元):
 * as a field of its own, it was refused as two fines.
 */
function partOfDecision(occurrence: Occurrence, open: Occurrence | undefined, body: string): boolean {
  if (!occurrence.item || !DECISION_PARTS.has(occurrence.item) || open?.item !== 'decision') return false;
  if (body.slice(open.valueStart, occurrence.start).includes('\n')) return false;
  if (occurrence.kind !== 'colon') return true;
  const clause = body.slice(occurrence.valueStart).split(/[\s,，;；。、]/)[0] ?? '';
  return ',，、'.includes(body[occurrence.start - 1] ?? '\n') && !readsAsValue(occurrence.item, clause);
}


/**
 * Whether an unknown label with a colon may start at a position after `before`, in the value of `open`: at a line's
 * start always; after a space or a sentence's end only where no value is being read or the value is one figure or
 * word; in a party after a comma too. Inside a sentence (违法事实：超标排放，检测结果：pH 3.2) it is text of the value:
 * cut there, the rest of the facts was listed as not understood and never recorded. A party is an identifier, which
 * R03 compares and every card shows: 当事人：某公司 曾用名：某厂 is the party 某公司, the rest listed.
 */
function unknownLabelAllowed(before: string, open: Occurrence | undefined): boolean {
  if (before === '\n') return true;
  if (open?.item === 'party') return ',，;； 。'.includes(before);
  return ';； 。'.includes(before) && (!open?.item || ONE_LINE.has(open.item));
}

/**
 * A label starting at `pos` inside the value of `open`, if the character before allows one there; right after a
 * case number any label does (`afterCaseNumber`).
 */
function labelAt(body: string, pos: number, open?: Occurrence, afterCaseNumber = false): Occurrence | null {
  const before = afterCaseNumber ? '\n' : pos === 0 ? '\n' : body[pos - 1]!;
  // 已缴纳。决定日期2026年11月20日: a sentence's end is a boundary too.
  if (!'\n,，;；、 。'.includes(before)) return null;
  const at = (pattern: RegExp) => {
    pattern.lastIndex = pos;
    return pattern.exec(body);
  };
  const colon = at(KNOWN_WITH_COLON) ?? (before === '\n' ? at(ANY_AT_LINE_START) : unknownLabelAllowed(before, open) ? at(ANY_WITH_COLON) : null);
  if (colon) return occurrence(colon, pos, 'colon');
  const space = at(KNOWN_WITH_SPACE);
  if (space) return occurrence(space, pos, 'space');
  // 当事人郑某 违法事实擅自占用林地 罚款二十四万: voice input leaves only spaces between the fields, so a glued label
  // may follow a space too (a second label-like start inside a value is text when its field is filled, see findLabels).
  const glued = at(GLUED);
  // 没收违法所得，并处罚款1万元: a longer label not glued to a value does not leave its start (没收) as a glued label.
  const longer = glued && [...ITEM_BY_LABEL.keys()].some((label) => label.length > glued[0].length && body.startsWith(label, pos));
  return glued && !longer ? occurrence(glued, pos, 'glued') : null;
}

function occurrence(match: RegExpExecArray, pos: number, kind: Occurrence['kind']): Occurrence {
  const label = match[1] ?? match[2]!;
  return { label, item: ITEM_BY_LABEL.get(label), start: pos, valueStart: pos + match[0].length, kind };
}

/** Items whose value is one figure or word: lines after the first are not theirs, and are listed as not understood. */
const ONE_LINE: ReadonlySet<Item> = new Set(['caseNumber', 'caseType', 'fineYuan', 'areaMu', 'filedOn', 'date', 'domain', 'campaign', 'payment', 'confiscation', 'status']);

function setItem(result: ParsedReport, item: Item, label: string, written: string): void {
  const [value = '', ...after] = ONE_LINE.has(item) ? written.split('\n') : [written];
  // 罚款：3万元 on one line, 罚款已经缴了 on the next: the payment of that fine, not a second fine.
  const paymentLine = item === 'fineYuan' ? after.find((line) => PAYMENT_LINE.test(line)) : undefined;
  if (paymentLine !== undefined && !result.extras.payment) setPayment(result, paymentLine.replace(/^罚款/, ''));
  result.unread.push(...after.filter((line) => line !== paymentLine));
  if (item === 'payment') return setPayment(result, value);
  if (item === 'note') {
    result.extras.note = value;
    return;
  }
  if (item === 'status') {
    const status = readCaseStatus(value);
    if (status) result.extras.status = status;
    else result.problems.push({ field: 'status', value, reason: '结案情况没有看懂，请写“已结案”或“未结案”' });
    return;
  }
  // In 罚款:5000元 the label names what the figure counts.
  result.quantities.push(...findQuantities(value).map((quantity) => ({ ...quantity, item: quantity.item ?? label })));
  if (item === 'caseNumber') return setCaseNumber(result, value);
  if (item === 'fineYuan') return setFine(result, value);
  if (item === 'confiscation') {
    const yuan = amountIn(value);
    if (yuan === null) result.problems.push({ field: 'fine', value, reason: '没收金额没有看懂，请写成如“没收违法所得：2000元”' });
    else result.extras.confiscationYuan = yuan;
  } else if (item === 'areaMu') {
    const area = findQuantities(value).find((q) => q.base?.unit === '亩');
    const mu = area?.base?.value ?? parseNumber(value.replace(/亩$/, ''));
    if (mu === null) result.problems.push({ field: 'area', value, reason: '面积没有看懂，请写成如“12亩”或“0.8公顷”' });
    else result.fields.areaMu = mu;
    // 面积21亩，另罚款十万元: another figure after the area is no part of it, and is listed rather than dropped.
    const rest = area ? tidyValue(value.replace(area.raw, '')) : '';
    if (findQuantities(rest).length > 0 || /罚|缴/.test(rest)) result.unread.push(rest);
  } else if (item === 'date' || item === 'filedOn') {
    // 决定日期2026年11月20日，属于校园及周边食品安全专项: the date, and the rest listed as not recorded.
    const [head = value, ...rest] = value.split(/[,，;；。]/);
    const date = parseDate(value) ?? (rest.length ? parseDate(head) : null);
    if (date === null) result.problems.push({ field: 'date', value, reason: '日期没有看懂，请写成如“2021-03-05”或“2021年3月5日”', label });
    else result.fields[item] = date;
    if (date !== null && parseDate(value) === null) result.unread.push(...rest.map((r) => r.trim()).filter(Boolean));
  } else if (item === 'domain') {
    result.fields.domain = DOMAINS.find(([, pattern]) => pattern.test(value))?.[0] ?? value;
  } else if (item === 'campaign') {
    result.fields.campaign = normalizeCampaign(value);
  } else if (item === 'party') {
    // 当事人是城东某幼儿园食堂: the 是 joins the label to the name and is no part of it.
    result.fields.party = value.replace(/^(?:是|系|为)(?=\S{2})/, '');
  } else {
    result.fields[item] = value;
  }
}

/** The case number alone: what follows its 号 is not part of it, and is listed as not recorded. */
function setCaseNumber(result: ParsedReport, value: string): void {
  const number = caseNumberAtStart(value) ?? undefined;
  const rest = number ? tidyValue(value.slice(number.length)) : '';
  result.fields.caseNumber = rest ? number : value;
  if (rest) result.unread.push(rest);
}

/**
 * 是否结案 as written: 是, 已结案, 已办结 → closed; 否, 未结案, 尚未办结, 在办 → open; null for anything else (asked
 * again rather than guessed: a case recorded closed ends the checks on its rectification).
 */
export function readCaseStatus(text: string): 'open' | 'closed' | null {
  const said = text.trim().replace(/[。.!！]+$/, '');
  if (/^(?:否|不是|没有|未)$/.test(said) || /(?:未|没有?|尚未|还没有?|不)(?:结案|办结|结)|在办|办理中|执行中/.test(said)) return 'open';
  if (/^(?:是|是的|已结|已结案|结案|已办结|办结)$/.test(said) || /已(?:经)?(?:结案|办结)/.test(said)) return 'closed';
  return null;
}
