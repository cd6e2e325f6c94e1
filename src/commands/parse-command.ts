import { matchCommandWord, type CommandWordMatch } from './command-words.js';
import { listedShortRef, refAtStart, type RefMatch } from './document-ref.js';
import { hintFor, hintForUnknown } from './hints.js';
import { MAX_INPUT_LENGTH, normalizeText, toOneLine } from './normalize-text.js';
import { cut, locateRef, parseProgressBody, tidy, type ProgressBody } from './parse-body.js';
import { findPercent, findPercents, withPercentCorrections } from './percent.js';
import { findQuantities } from './quantities.js';
import { parseReportFields, REPORT_REQUIRED_FIELDS } from './report-fields.js';
import { parseAmend, type ParsedAmend } from './amend-fields.js';
import { findStage } from './stages.js';
import type {
  AmendCommand, Command, CommandName, CompleteCommand, MissingField, Problem, ProgressCommand, QueryCommand, RefParts, ReportCommand,
  UnknownCommand,
} from './types.js';

/** What every variant shares, filled in once per message. */
type Context = { text: string; problems: Problem[] };

/**
 * `完成了`, `已完成整改`, `整改完毕`, `整改工作已全部完成`, `百分百完成`, `办结` at the start of the text after a
 * reference. 基本完成了 is not one: only part of the work is done, so the figures are asked for.
 */
const COMPLETION_LEAD = /^(?:整改(?:工作|任务)?)?(?:已经?全部|已经?|均已|都已|全部|百分之?百)?(?:完成|办结|完毕|整改完毕|整改完成|整改到位)(?:整改)?(?:工作|任务)?(?:了|啦)?(?=$|[\s,.;!。、~])/;

/** Words saying only part of the work is done. */
const PARTIAL = /^(?:的)?(?:一部分|部分|大部分|小部分|大半|多半|过半)/;

/** A question about a recommendation rather than news about it: 14号什么时候到期? */
const QUESTION = /[?吗呢]$|什么|多少|几|何时|怎么|如何|怎样|哪|是否|到期/;

/** 你好, 在吗: the sender is starting a conversation; the menu is the most useful answer. */
const GREETING = /^(?:你好|您好|hi|hello|在吗|在不在|早上好|上午好|下午好|晚上好|喂)[\s!！?？。.,，~～呀啊]*$/i;

/** 有误 said of the sender's own report (上条有误, 刚才发的有误, 进度有误); 原台账有误已更正 is news of the work. */
const OWN_REPORT_WRONG = '(?:刚才|上一?条|之前|前面|(?<![举申])报的|写的|填的|发的)\\S{0,6}有误|(?:进度|比例|百分比|数字)有误';

/**
 * Words that take back or correct what was sent before (不对, 说错了, 上一条写错了怎么改). 写错/发错 count only as
 * 写错了 or after 刚才/上条: 核查举报错误信息, 已清理发错的宣传单 are news.
 */
const CORRECTION = new RegExp(`^(?:不对|不是的|错了|更正|纠正)|(?:说|写|填|报|发|搞|弄)错了|(?:刚才|上一?条|之前|前面)\\S{0,4}错|${OWN_REPORT_WRONG}|怎么改|如何(?:更正|修改)|改一下`);

/**
 * A correction after a reference (14号进度应为35%，上条有误; 14号 更正为35%; 14号 刚才写错了 应该是35%). 纠正 at the start
 * is a measure (纠正违规合同12份), 有误 corrects only what the sender reported (原台账有误已更正 is news), and 改为
 * only corrects when a figure follows (违建已改为绿地 is news).
 */
const CORRECTION_AFTER_REF = new RegExp(
  `^(?:进度|进展)?[\\s:,]*(?:不对|不是的|错了|更正)|${OWN_REPORT_WRONG}|(?:说|写|填|报|发|搞|弄)错了|(?:刚才|上一?条|之前|前面)\\S{0,4}错|怎么改|如何(?:更正|修改)|` +
    '(?:应为|应该为|应该是|应是|更正为|修改为|改为|改成)\\s?(?=\\d|[零〇一二两三四五六七八九十百]|百分)',
);

/**
 * Words a report opens with before naming the recommendation (汇报一下21号的进展, 报告一下，21号…, 我单位14号…): they
 * say nothing about it, so a reference right after them is still the reference at the start.
 */
const LEADING_FILLER = /^(?:(?:(?:跟|向|给)(?:您|你)们?)?(?:汇报|报告|说)(?:一下)?|我们|我单位|本单位)[\s,:;.!]*/;

/** The subject after a reference (14号检察建议我们已经全部整改到位了): not part of what was done. */
const SUBJECT_FILLER = /^(?:我们|我单位|本单位)[\s,]*/;

/** A request for the to-do list in other words: 看一下待办, 有什么待办, 我还有哪些待办事项? */
const TODO_REQUEST = /^(?:请|帮我)?(?:看看|看一下|看下|列出|显示|有什么|有哪些|我还?有哪些|还有哪些)?(?:我的|我们的|本单位的?)?(?:待办|代办)(?:事项|任务)?(?:有哪些|有什么|还有哪些)?[?吗呢]*$/;

/** Words that make a statement look like progress news: 罚款已经缴了. */
const PROGRESS_WORDS = /已|整改|恢复|拆除|清理|缴|罚款|立案|处罚|完成|复绿|补种|解除|移送|验收|退还|关停/;

/** Words that make a message look like a new case. */
const REPORT_WORDS = /案号|当事人|违法事实/;

/** After 撤回: nothing, a reference, or words that only point at the last update. */
const UNDO_FILLER = /上一条|上条|刚才的?|刚刚的?|那条|这条|最后一条|一下|进度|消息|更新|吧|了|[!。.]/g;

/**
 * Parses one chat message into a {@link Command}. Pure and total: for any string (empty, emoji, 10 KB of junk,
 * unpaired surrogates) it returns a command; what it could not understand is in `missing`, `problems` and a
 * Chinese `hint` with a correct example.
 *
 * @example parseCommand('进度 14号 60% 已恢复林地120亩')
 * // { command: 'progress', ref: '14号', percent: 60, stage: null, measures: '已恢复林地120亩',
 * //   quantities: [{ item: '林地', value: 120, unit: '亩', raw: '120亩', base: { value: 120, unit: '亩' } }], … }
 */
export function parseCommand(input: string): Command {
  try {
    return parseCommandUnguarded(input);
  } catch {
    // A parser bug must not fail the inbound job: the sender gets the not-understood answer, and the message
    // log keeps the text so the bug can be reproduced with `npm run parse`.
    const raw = typeof input === 'string' ? input : '';
    return unknown({ text: safely(() => normalizeText(raw), ''), problems: [] }, null);
  }
}

/**
 * {@link parseCommand} without its safety net: the same result, but a bug throws instead of turning into
 * `unknown`. Property tests call it so the net cannot hide a bug from them.
 */
export function parseCommandUnguarded(input: string): Command {
  const raw = typeof input === 'string' ? input : '';
  const text = normalizeText(raw);
  const problems: Problem[] = [];
  if (raw.length > MAX_INPUT_LENGTH) {
    problems.push({ field: 'text', value: `${raw.length}`, reason: `消息太长，只读取了前${MAX_INPUT_LENGTH}个字` });
  }
  // Group chats prefix the bot's name: @衔接助手 进度 14号 60%.
  return parseNormalized({ text, problems }, text.replace(/^(?:@\S+\s+)+/, ''));
}

function parseNormalized(ctx: Context, message: string): Command {
  if (message === '') return unknown(ctx, 'help');
  const correction = amendWithoutCommandWord(ctx, message);
  if (correction) return correction;
  const opening = matchCommandWord(message)?.command;
  // 进度50% 不对，是55%: only the figure the sender settled on is read. A case's fields are read by their own parser.
  const text = opening === 'report' || opening === 'amend' ? message : withPercentCorrections(message);
  if (text === null) return unknown(ctx, 'undo');
  const word = matchCommandWord(text);
  const explicit = word ? fromCommandWord(ctx, word) : null;
  return explicit ?? withoutCommandWord(ctx, toOneLine(text));
}

/** The command a leading word names, or null when the rest shows the word was not meant as a command. */
function fromCommandWord(ctx: Context, match: CommandWordMatch): Command | null {
  const rest = match.command === 'report' || match.command === 'amend' ? match.rest : toOneLine(match.rest);
  switch (match.command) {
    case 'help':
      return help(ctx, match.word, rest);
    case 'todo':
      // 待办 takes no arguments; a longer sentence starting with it is not the command.
      return /\d/.test(rest) || rest.length > 8 ? null : build(ctx, 'todo', null, null, [], [], {});
    case 'query':
      return query(ctx, match.word, rest);
    case 'progress': {
      // 进度 14号怎么样了: a question about the progress, not news of it.
      const body = parseProgressBody(rest, null);
      if (body.ref && CORRECTION_AFTER_REF.test(tidy(cut(rest, body.ref)) ?? '')) return unknown(ctx, 'undo');
      if (!body.ref && figureAsked(rest)) return queryFor(ctx, null);
      return body.ref && asks(body, cut(rest, body.ref)) ? queryFor(ctx, body.ref) : progress(ctx, rest, null);
    }
    case 'complete': {
      // 已完成拆除, 完成了一部分: the word starts a phrase about part of the work, not the command.
      const after = rest.replace(/^(?:了|啦)/, '');
      if (match.glued && /^[\u4e00-\u9fff]/.test(after) && !refAtStart(after) && !/^(?:整改|工作|任务)/.test(after)) return null;
      const ref = locateRef(rest);
      return complete(ctx, cut(rest, ref), ref);
    }
    case 'reply':
      return reply(ctx, rest);
    case 'report':
      return report(ctx, rest);
    case 'amend':
      return amend(ctx, parseAmend(rest));
    case 'undo':
      return undo(ctx, rest);
  }
}

/**
 * 更正 富林罚〔2024〕3号 罚款：5000元 — 更正 or 修改 with a case number and a labelled field is a case's correction;
 * 更正 14号 35% (no field) stays a progress correction, pointed at 撤回.
 */
function amendWithoutCommandWord(ctx: Context, text: string): AmendCommand | null {
  const opening = /^(?:更正|修改|纠正)(?:一下)?(?:案件|上报)?[\s:：,，]*/.exec(text);
  if (!opening) return null;
  const parsed = parseAmend(text.slice(opening[0].length));
  return parsed.caseNumber && (changeCount(parsed) || parsed.problems.length) ? amend(ctx, parsed) : null;
}

/** How many items a correction changes: fields set or cleared, and 缴纳情况, 备注 and 结案 given. */
function changeCount(parsed: ParsedAmend): number {
  const { payment, note, status } = parsed.extras;
  return Object.keys(parsed.fields).length + parsed.cleared.length + [payment, note, status].filter((given) => given !== undefined).length;
}

function amend(ctx: Context, parsed: ParsedAmend): AmendCommand {
  const missing: MissingField[] = [];
  if (!parsed.caseNumber) missing.push('case');
  if (!changeCount(parsed) && !parsed.problems.length) missing.push('changes');
  const { caseNumber, fields, extras, cleared, unread } = parsed;
  return build(ctx, 'amend', null, null, missing, parsed.problems, { caseNumber, fields, extras, cleared, unread });
}

/** Messages without a command word: a reference first, a percentage or stage first, or not understood. */
function withoutCommandWord(ctx: Context, text: string): Command {
  if (GREETING.test(text)) return build(ctx, 'help', null, null, [], [], { topic: null });
  // 不对 应该是35%: a correction of something already sent. Recording it as news would keep both figures.
  if (CORRECTION.test(text)) return unknown(ctx, 'undo');
  // 检察官审核了吗: the answer is in 查询 <文号>, which needs the number.
  if (/审核|验收/.test(text) && /[吗?？]$|没有?$/.test(text)) return unknown(ctx, 'query');
  const opened = withoutLeadingFiller(text);
  const ref = refAtStart(opened);
  if (ref) {
    const rest = opened.slice(ref.index + ref.length).replace(/^[\s,:;、]+/, '').replace(SUBJECT_FILLER, '');
    return afterLeadingRef(ctx, ref, rest);
  }
  if (TODO_REQUEST.test(text)) return build(ctx, 'todo', null, null, [], [], {});
  if (figureAsked(text)) return queryFor(ctx, locateRef(text));
  if (findPercent(text) || findStage(text)?.index === 0) return progress(ctx, text, null);
  return unknown(ctx, suggest(text));
}

/** The text without the opening words of {@link LEADING_FILLER}, however many (跟您汇报一下，我们…). */
function withoutLeadingFiller(text: string): string {
  let rest = text;
  for (let filler = LEADING_FILLER.exec(rest); filler && filler[0] !== ''; filler = LEADING_FILLER.exec(rest)) {
    rest = rest.slice(filler[0].length);
  }
  return rest;
}

/** Another recommendation named in the same update: recording it on the first would be wrong, so the sender is asked. */
function secondRef(text: string | null, ref: RefMatch): Problem | null {
  const other = text ? listedShortRef(text) : null;
  return other && other.ref !== ref.ref
    ? { field: 'ref', value: other.ref, reason: `一条消息只能报告一份检察建议，这条还提到了“${other.ref}”，请分别发送` }
    : null;
}

/**
 * A question (14号什么时候到期, 进度如何, 整改到位了吗) rather than news: no figure or quantity, and a question word —
 * at the end when a stage word is there (整改到位了吗 names a stage and asks whether it was reached).
 */
function asks(body: ProgressBody, text: string): boolean {
  if (figureAsked(text)) return true;
  return !body.percent && body.quantities.length === 0 && (body.stage ? QUESTION_AT_END.test(text) : QUESTION.test(text));
}

/** A confirmation asked at the end (…60% 对吗, 对不对, 是吗, 没错吧), right after the figure it asks about. */
const CONFIRMATION_ASKED = /^[\s,;.。]*(?:对吗|对么|对不对|是吗|是不是|没错吧|没错吗|对吧|是这样吗)[\s?.!。！~～]*$/;

/** Question words in the clause of a percentage: 到七成了吗, 有没有到60%, 60%是不是错了, 60%还是70%来着. */
const ASKED_IN_CLAUSE = /吗|有没有|是不是|是否|还是.*来着|多少来着|了没有?|[?？]/;

/**
 * Whether a percentage in the text is asked about rather than reported (9号 进度到七成了吗, 9号 进度60% 对吗):
 * recording it would send a figure nobody reported to the prosecutor. A question beside the news (进度80%了，还需要
 * 上传什么材料吗？) is in a clause of its own and does not count.
 */
function figureAsked(text: string): boolean {
  const percents = findPercents(text);
  if (percents.length === 0) return false;
  // 进度60% 对吗 asks about the figure; 进度60% 你们看对不对 reports it and asks about the wording.
  const last = percents[percents.length - 1]!;
  if (CONFIRMATION_ASKED.test(text.slice(last.index + last.raw.length))) return true;
  return percents.some((p) => ASKED_IN_CLAUSE.test(clauseAround(text, p.index, p.index + p.raw.length)));
}

/** The words between the separators (or spaces) either side of a span. */
function clauseAround(text: string, start: number, end: number): string {
  const head = text.slice(0, start);
  const tail = text.slice(end);
  const stop = tail.search(/[,;.!。\s]/);
  return head.slice(head.search(/[^,;.!?。\s]*$/)) + text.slice(start, end) + (stop < 0 ? tail : tail.slice(0, stop));
}

const QUESTION_AT_END = /(?:[?？]|吗|呢|么|了没有?)[\s.!。！~～…]*$/;

/** The written reply named in words (已于11月28日书面回复检察院, 11.28已经书面回复了, 已函复). */
const WRITTEN_REPLY = /书面(?:回复|答复)|函复|复函|回函/;
/** The reply not made yet, said right after the word: 还没寄出, 明天寄出, 准备于12月5日寄出, 正在起草. */
const REPLY_NOT_YET = /^(?:还没|还未|尚未|未|没有?|明天|明日|后天|下周|下个?月|月底|准备|将于|将|拟|计划|打算|待|正在|起草|近期|近日将)/;

/** Said as done: 已, 已经, 了 or a word of sending in the clause. */
const REPLY_DONE = /已|了|寄出|发出|送达|报送/;
/** Not done yet, or asked: 还没书面回复, 准备书面回复, 书面回复了吗. */
const REPLY_NOT_DONE = /[未没]|尚未|准备|将于|即将|将要|拟|计划|打算|正在|起草|明天|明日|后天|下周|下个?月|[吗呢?？]/;

/**
 * Whether the text reports the written reply as made (9号已于11月28日书面回复检察院) without the 回复 command word:
 * read as a progress update it would ask for a percentage and leave the recommendation overdue.
 */
function writtenReplyDone(text: string): boolean {
  const named = WRITTEN_REPLY.exec(text);
  if (!named) return false;
  const clause = clauseAround(text, named.index, named.index + named[0].length);
  return REPLY_DONE.test(clause) && !REPLY_NOT_DONE.test(clause);
}

/** Command words that may follow the reference they apply to: 14号 进度60%, 14号 查询, 14号 撤回. */
const AFTER_REF_COMMANDS: ReadonlySet<CommandName> = new Set(['query', 'progress', 'reply', 'undo']);

/** `14号 完成了`, `富检行公建[2021]14号 60% …`, `14号` alone, `14号什么时候到期`, `14号 进度60%`. */
function afterLeadingRef(ctx: Context, ref: RefMatch, rest: string): Command {
  // 14号进度应为35%，上条有误: recording the corrected figure as news would keep both; 撤回 takes the wrong one back.
  if (CORRECTION_AFTER_REF.test(rest)) return unknown(ctx, 'undo');
  const percent = findPercent(rest);
  if (COMPLETION_LEAD.test(rest) && (!percent || percent.value >= 100)) return complete(ctx, rest, ref);
  if (!percent && writtenReplyDone(rest)) return build(ctx, 'reply', ref, null, [], [], { points: tidy(rest), quantities: findQuantities(rest) });
  const asked = asks(parseProgressBody(rest, ref), rest);
  const word = matchCommandWord(rest);
  // 14号进展如何 asks about the progress; 14号 回复 … 为什么 is still a written reply.
  // 9号 书面回复了吗: asks whether the reply was made; there are no points to record.
  if (word?.command === 'reply' && /^(?:了|过)?(?:吗|呢|没有?|了没有?)[?\s]*$/.test(word.rest)) return queryFor(ctx, ref);
  // 9号 书面回复还没寄出 进度60%, 书面回复明天寄出: no reply is made yet (recording one would end the overdue); a figure
  // beside it is the news, else the sender is shown how to report the reply once sent.
  if (word?.command === 'reply' && REPLY_NOT_YET.test(word.rest.split(/[\s,;。]/)[0] ?? '')) return percent ? progress(ctx, rest, ref) : unknown(ctx, 'reply');
  if (word && AFTER_REF_COMMANDS.has(word.command) && !(word.command === 'progress' && asked)) {
    // 14号 进度50% 其中东片区完成80%: 进度 labels the figure right after it, so it stays to be weighed as a label.
    const labels = word.command === 'progress' && findPercent(word.rest)?.index === 0;
    const reordered = fromCommandWord(ctx, { ...word, rest: `${ref.ref} ${labels ? `${word.word} ` : ''}${word.rest}` });
    if (reordered) return reordered;
  }
  if (rest === '' || asked) return queryFor(ctx, ref);
  return progress(ctx, rest, ref);
}

function help(ctx: Context, word: string, rest: string): Command | null {
  // `?` must stand alone; 帮助 may name a topic (帮助 进度), but a long sentence is not a request for help.
  if (word === '?' ? !/^[?\s]*$/.test(rest) : rest.length > 12) return null;
  return build(ctx, 'help', null, null, [], [], { topic: word === '?' ? null : tidy(rest) });
}

function query(ctx: Context, word: string, rest: string): Command | null {
  const ref = locateRef(rest);
  // 查 alone is also the first character of 查处, 查封 …: only a command when a reference follows.
  if (word.length === 1 && rest !== '' && ref?.index !== 0) return null;
  if (!ref && /^(?:我的)?(?:待办|代办)/.test(rest)) return build(ctx, 'todo', null, null, [], [], {});
  return queryFor(ctx, ref, ref ? null : topicOf(rest));
}

/** Words around a topic that describe nothing: 查一下林地那个建议的情况 → 林地. */
const TOPIC_FILLER = /那个|这个|那份|这份|那条|有关|关于|检察建议书?|建议书?|一下|的|情况|进展|进度|现在|目前|怎么样了?|如何|吗|呢|[?？!！。,，、]/g;

function topicOf(rest: string): string | null {
  const topic = tidy(rest.replace(TOPIC_FILLER, ' '));
  // Titles are Chinese words: anything else (a number, an operator, a link) describes no recommendation.
  return topic && /^[\u4e00-\u9fff]{2,}(?: [\u4e00-\u9fff]{2,})*$/.test(topic) ? topic : null;
}

/** The last clause of the measures when it is a question (…，还需要上传什么材料吗？). */
const TRAILING_QUESTION = /(?:^|[,;。])\s*([^,;。]*(?:吗|呢|么|[?？]))[\s?？。!！]*$/;

function queryFor(ctx: Context, ref: RefMatch | null, topic: string | null = null): QueryCommand {
  return build(ctx, 'query', ref, null, ref ? [] : ['ref'], [], { topic });
}

function progress(ctx: Context, rest: string, knownRef: RefMatch | null): ProgressCommand {
  const body = parseProgressBody(rest, knownRef);
  // Two percentages none of which is the progress, or a range: asked about, even beside a stage word.
  const problems: Problem[] = [...body.problems];
  if (body.percent && !body.percent.valid) {
    problems.push({ field: 'percent', value: body.percent.raw, reason: `“${body.percent.raw}”不是有效的完成比例（应在0到100之间）` });
  }
  const other = body.ref && secondRef(body.measures, body.ref);
  if (other) problems.push(other);
  const percent = body.percent?.valid ? body.percent.value : null;
  const missing: MissingField[] = [];
  if (!body.ref) missing.push('ref');
  if (percent === null && !body.stage) missing.push('percent_or_stage');
  // 进度80%了，还需要上传什么材料吗？: the figure is news, the question is not a measure taken.
  const question = percent !== null || body.stage ? TRAILING_QUESTION.exec(body.measures ?? '') : null;
  const measures = question ? tidy(body.measures!.slice(0, question.index)) || null : body.measures;
  const extra = { stage: body.stage?.stage ?? null, measures, quantities: body.quantities, ...(question ? { aside: question[1]! } : {}) };
  return build(ctx, 'progress', body.ref, percent, missing, problems, extra);
}

/**
 * 完成 always records 100%; a different percentage in the same message is a contradiction to ask about.
 * `statement` is the message without the command word and the reference.
 */
function complete(ctx: Context, statement: string, ref: RefMatch | null): CompleteCommand | ProgressCommand {
  const note = tidy(statement.trimStart().replace(COMPLETION_LEAD, '').replace(/^(?:了|啦)/, '').replace(/^(?:整改|工作|任务)(?:了|啦)?\s*$/, ''));
  // 完成14号 大部分: part of the work, so a progress update, for which the bot asks the figures. A percentage
  // instead (完成14号 一半) is a contradiction the sender is asked about below, as any figure but 100%.
  if (note && PARTIAL.test(note)) return progress(ctx, note, ref);
  const percent = findPercent(note ?? '');
  const problems: Problem[] = [];
  const other = ref && secondRef(note, ref);
  if (other) problems.push(other);
  if (percent && percent.value !== 100) {
    problems.push({ field: 'percent', value: percent.raw, reason: `“完成”表示已全部完成，但消息里写的是“${percent.raw}”；如未全部完成，请用“进度”` });
  }
  const extra = { note, quantities: findQuantities(note ?? '') };
  return build(ctx, 'complete', ref, 100, ref ? [] : ['ref'], problems, extra);
}

function reply(ctx: Context, rest: string): Command {
  const ref = locateRef(rest);
  const points = tidy(cut(rest, ref));
  const missing: MissingField[] = [];
  if (!ref) missing.push('ref');
  if (!points) missing.push('points');
  return build(ctx, 'reply', ref, null, missing, [], { points, quantities: findQuantities(points ?? '') });
}

function report(ctx: Context, rest: string): ReportCommand {
  const parsed = parseReportFields(rest, { restOfPartyAsFacts: true, numberFirst: true });
  const recognised = Object.keys(parsed.fields).length > 0;
  const missing: MissingField[] = recognised ? REPORT_REQUIRED_FIELDS.filter((field) => parsed.fields[field] === undefined) : ['fields'];
  const extra = { fields: parsed.fields, rawFields: parsed.rawFields, extras: parsed.extras, unread: parsed.unread, quantities: parsed.quantities, severalCases: parsed.severalCases };
  return build(ctx, 'report', null, null, missing, parsed.problems, extra);
}

function undo(ctx: Context, rest: string): Command | null {
  const ref = locateRef(rest);
  // 撤回 + anything more than a pointer at the last update (撤销处罚决定3件) is a statement, not the command.
  if (tidy(cut(rest, ref).replace(UNDO_FILLER, ''))) return null;
  return build(ctx, 'undo', ref, null, [], [], {});
}

function unknown(ctx: Context, suggested: CommandName | null): UnknownCommand {
  const line = toOneLine(ctx.text);
  const quantities = safely(() => findQuantities(line), []);
  const ref = safely(() => locateRef(line, () => false), null);
  const command = build(ctx, 'unknown', ref, null, [], [], { suggested, quantities });
  return { ...command, hint: hintForUnknown(ctx.text, suggested) };
}

/** The command a statement most likely meant, so the reply can show the right example. */
function suggest(text: string): CommandName | null {
  if (REPORT_WORDS.test(text)) return 'report';
  if (/^\d{1,6}$/.test(text)) return 'query';
  if (PROGRESS_WORDS.test(text) || findQuantities(text).length > 0 || findStage(text)) return 'progress';
  return null;
}

/** The fields every variant shares, after `command` and its own fields, in the order the JSON shows them. */
type Shared = { refParts: RefParts | null; missing: MissingField[]; problems: Problem[]; hint: string | null; text: string };

/** Assembles a command with its key order fixed: command, ref, percent, the variant's fields, then the rest. */
function build<C extends CommandName, E extends object>(
  ctx: Context,
  command: C,
  ref: RefMatch | null,
  percent: number | null,
  missing: MissingField[],
  problems: Problem[],
  extra: E,
): { command: C; ref: string | null; percent: number | null } & E & Shared {
  const allProblems = [...problems, ...ctx.problems];
  return {
    command,
    ref: ref?.ref ?? null,
    percent,
    ...extra,
    refParts: ref?.parts ?? null,
    missing,
    problems: allProblems,
    hint: hintFor(command, missing, allProblems, ref?.ref ?? null),
    text: ctx.text,
  };
}

function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}
