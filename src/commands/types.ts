/**
 * The typed result of parsing one chat message (see parse-command.ts).
 *
 * The command variants are `type` aliases rather than interfaces on purpose: object type aliases are
 * assignable to `Record<string, unknown>`, so a parsed command can be stored as-is in the message log.
 */

import type { ReportExtras } from './report-fields.js';

/** Every command the parser can return, in the order the help text lists them. */
export const COMMAND_NAMES = ['help', 'todo', 'query', 'progress', 'complete', 'reply', 'report', 'amend', 'undo', 'unknown'] as const;

/** The `command` field of {@link Command}. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * The parts of a document number (文号) of a recommendation, e.g. 富检行公建〔2021〕14号 →
 * `{ prefix: '富检行公建', year: 2021, serial: 14 }`. A short form such as `14号` has only the serial;
 * resolving it to a full number happens later, against the sender's agency.
 */
export type RefParts = {
  /** The issuing organ's abbreviation before the year, e.g. 富检行公建; null in a short form. */
  prefix: string | null;
  /** The year written in the brackets; null in a short form. */
  year: number | null;
  /** The serial number before 号. */
  serial: number;
};

/** The unit a {@link Quantity} is converted to so rules can compare figures: money, area, volume, weight. */
export type BaseUnit = '元' | '亩' | '立方米' | '吨';

/** A figure found in free text, e.g. 已恢复林地120亩 → `{ item: '林地', value: 120, unit: '亩', … }`. */
export type Quantity = {
  /** What was counted (林地, 合同, 罚款 …), or null when the text does not say. */
  item: string | null;
  /** The number as written (Chinese numerals converted), e.g. 50 for 50万元. */
  value: number;
  /** The unit as written, e.g. 万元. */
  unit: string;
  /** The figure and unit exactly as they appear in the normalised text, e.g. 50万元. */
  raw: string;
  /** The same figure in a base unit (50万元 → 500000 元, 1公顷 → 15 亩), or null for counts (份, 处 …). */
  base: { value: number; unit: BaseUnit } | null;
};

/** A field the handler must ask the sender for before it can record the command. */
export type MissingField =
  /** Which recommendation (文号) the message is about. */
  | 'ref'
  /** A percentage or a stage word (整改中, 已立案 …) for a progress update. */
  | 'percent_or_stage'
  /** The points of a written reply (书面回复要点). */
  | 'points'
  /** Any case field at all: 上报 was sent alone. */
  | 'fields'
  /** 更正: which case (its 案号). */
  | 'case'
  /** 更正: what to correct, and to what. */
  | 'changes'
  /** Required case fields of 上报. */
  | 'caseNumber'
  | 'party'
  | 'facts';

/** Something the sender wrote that cannot be recorded as it is; the handler asks instead of guessing. */
export type Problem = {
  field: 'percent' | 'ref' | 'date' | 'fine' | 'area' | 'status' | 'text';
  /** The offending text as written (normalised). */
  value: string;
  /** Why, in Chinese, ready to show to the sender. */
  reason: string;
  /**
   * For a date, the label it was written under (立案日期, 决定日期): a date without a year (11月10日) is a problem
   * until the year is filled in, and then goes to the field of that label.
   */
  label?: string;
};

/**
 * Enforcement-case fields recognised in a 上报 message (key:value lines). Values are normalised:
 * money in 元, area in 亩, dates as YYYY-MM-DD, the domain as its full name when recognised.
 */
export type ReportFields = {
  /** 案号 */
  caseNumber?: string;
  /** 案件类型: 处罚 / 许可 / 强制 / 检查 */
  caseType?: string;
  /** 当事人 */
  party?: string;
  /** 违法事实 */
  facts?: string;
  /** 违法行为 */
  violation?: string;
  /** 法律依据 */
  legalBasis?: string;
  /** 处罚 / 处理决定 */
  decision?: string;
  /** 罚款 in 元 */
  fineYuan?: number;
  /** 面积 in 亩 */
  areaMu?: number;
  /** 立案日期 (the case's filing) as YYYY-MM-DD */
  filedOn?: string;
  /** 决定日期 (the penalty decision; 日期 alone means it) as YYYY-MM-DD */
  date?: string;
  /** 领域, e.g. 生态环境和资源保护 */
  domain?: string;
  /** 专项, e.g. 水源地保护专项 */
  campaign?: string;
};

/** Fields every variant carries. */
type CommandBase = {
  /** The document number as the sender wrote it, normalised (half-width, no spaces, brackets as `[2021]`), or null. */
  ref: string | null;
  /** A percentage 0–100, or null when none was given (or it was impossible: see `problems`). */
  percent: number | null;
  /** The parsed parts of `ref`. */
  refParts: RefParts | null;
  /** Fields the handler must ask for; empty when the command is complete. */
  missing: MissingField[];
  /** Values that were written but cannot be recorded (e.g. 120%). */
  problems: Problem[];
  /** A Chinese explanation with a correct example when something is missing, wrong or not understood. */
  hint: string | null;
  /** The whole message, normalised (half-width, single spaces, trimmed; line breaks kept). */
  text: string;
};

/** 帮助 / help / ? / 菜单: show what the bot understands. */
export type HelpCommand = { command: 'help'; topic: string | null } & CommandBase;
/** 待办 / 我的待办: the agency's open recommendations. */
export type TodoCommand = { command: 'todo' } & CommandBase;
/**
 * 查询 <文号>: one recommendation's status. Without a number, `topic` holds the words that describe it
 * (查询 恢复林地), which the handler matches against the titles of the sender's agency's recommendations.
 */
export type QueryCommand = { command: 'query'; topic: string | null } & CommandBase;
/** 进度 <文号> <百分比或阶段> <措施和数量>: a rectification (整改) progress update. */
export type ProgressCommand = {
  command: 'progress';
  /** A milestone word such as 整改中 or 已立案, in its canonical form. */
  stage: string | null;
  /** The rest of the text: what was done. */
  measures: string | null;
  /** Figures found in the measures. */
  quantities: Quantity[];
  /** A question asked beside the update (还需要上传什么材料吗？): kept out of the measures, and the sender told. */
  aside?: string;
} & CommandBase;
/** 完成 <文号> <说明>: rectification done, waiting for review; `percent` is always 100. */
export type CompleteCommand = { command: 'complete'; note: string | null; quantities: Quantity[] } & CommandBase;
/** 回复 <文号> <书面回复要点>: the agency's written reply (书面回复). */
export type ReplyCommand = { command: 'reply'; points: string | null; quantities: Quantity[] } & CommandBase;
/** 上报 + key:value lines: a new enforcement case (行政执法案件). */
export type ReportCommand = {
  command: 'report';
  /** The fields recognised, normalised. */
  fields: ReportFields;
  /** Every key:value pair as written (label → value), including labels the parser does not know. */
  rawFields: Record<string, string>;
  /** What is not a {@link ReportFields} field (payment, 备注, 没收违法所得, a fine decision in words, 结案). */
  extras: ReportExtras;
  /** Text no field took, as written: the confirmation lists it as not recorded. */
  unread: string[];
  quantities: Quantity[];
  /** The case numbers when the message reports several cases (1. 案号… 2. 案号…), which is not recorded; else empty. */
  severalCases: string[];
  /** Set when the sender confirmed a case number with another agency's 字号 as the agency's own. */
  prefixConfirmed?: true;
} & CommandBase;
/** 更正 <案号> + 项目：正确内容: correct a case the agency reported (案件更正). */
export type AmendCommand = {
  command: 'amend';
  /** The number of the case to correct, as written (normalised), or null. */
  caseNumber: string | null;
  /** The corrected values; `caseNumber` among them is a new number. */
  fields: ReportFields;
  /** Payment (缴纳情况), 备注 and 结案 corrected. */
  extras: ReportExtras;
  /** Fields to clear (面积：无). */
  cleared: (keyof ReportFields)[];
  /** Set when the sender confirmed a new number with another agency's 字号 as the agency's own. */
  prefixConfirmed?: true;
  unread: string[];
} & CommandBase;
/** 撤回: take back one's own last update. */
export type UndoCommand = { command: 'undo' } & CommandBase;
/** Anything else; `suggested` names the command the message most likely meant. */
export type UnknownCommand = { command: 'unknown'; suggested: CommandName | null; quantities: Quantity[] } & CommandBase;

/** What the parser understood from one message; switch on `command`. */
export type Command =
  | HelpCommand
  | TodoCommand
  | QueryCommand
  | ProgressCommand
  | CompleteCommand
  | ReplyCommand
  | ReportCommand
  | AmendCommand
  | UndoCommand
  | UnknownCommand;
